import pytest

from candidates import signals


@pytest.fixture
def status_events():
    """Every candidate_status_changed sent while the test runs, as (candidate id, old, new, actor)."""
    sent: list[tuple] = []

    def receiver(sender, candidate, old_status, new_status, actor, **kwargs):
        sent.append((candidate.pk, old_status, new_status, actor))

    signals.candidate_status_changed.connect(receiver, weak=False)
    yield sent
    signals.candidate_status_changed.disconnect(receiver)


@pytest.fixture
def grade_shares():
    sent: list[tuple] = []

    def receiver(sender, grade, shared_by, **kwargs):
        sent.append((grade.pk, shared_by))

    signals.grade_shared.connect(receiver, weak=False)
    yield sent
    signals.grade_shared.disconnect(receiver)
