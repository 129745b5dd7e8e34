import pytest

from candidates import signals
from candidates.hr_group import hr_manager_group_sync
from tests.factories import UserFactory


@pytest.fixture
def hr_user(db):
    """A staff user whose only rights come from the "HR manager" group of the data migration."""
    user = UserFactory(username="hr.manager", is_staff=True, is_superuser=False)
    user.groups.add(hr_manager_group_sync())
    return user


@pytest.fixture
def hr_client(client, hr_user):
    client.force_login(hr_user)
    return client


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
