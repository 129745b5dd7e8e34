import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from candidates import services
from candidates.models import Candidate, CandidateStatus
from candidates.signals import candidate_status_changed
from tests.factories import CandidateFactory, UserFactory


@pytest.fixture
def announced():
    events = []

    def receiver(sender, **kwargs):
        events.append(kwargs)

    candidate_status_changed.connect(receiver)
    yield events
    candidate_status_changed.disconnect(receiver)


@pytest.mark.django_db
@pytest.mark.parametrize("old", CandidateStatus.values)
@pytest.mark.parametrize("new", CandidateStatus.values)
def test_hr_can_move_a_candidate_between_any_two_statuses(old, new, announced):
    candidate = CandidateFactory(status=old)

    changed = services.candidate_status_change(candidate=candidate, status=new)

    assert changed is (old != new)
    assert Candidate.objects.get(pk=candidate.pk).status == new
    assert len(announced) == (1 if old != new else 0)


@pytest.mark.django_db
def test_a_change_is_announced_once_with_old_and_new_status_and_actor(announced):
    candidate = CandidateFactory(status=CandidateStatus.NEW)
    hr = UserFactory()

    services.candidate_status_change(candidate=candidate, status=CandidateStatus.REVIEWING, actor=hr)

    assert len(announced) == 1
    assert announced[0]["old_status"] == "new"
    assert announced[0]["new_status"] == "reviewing"
    assert announced[0]["actor"] == hr
    assert announced[0]["candidate"].pk == candidate.pk
    assert candidate.status == "reviewing"


@pytest.mark.django_db
def test_an_unknown_status_is_refused_and_nothing_is_announced(announced):
    candidate = CandidateFactory(status=CandidateStatus.NEW)

    with pytest.raises(ValidationError):
        services.candidate_status_change(candidate=candidate, status="hired")

    assert Candidate.objects.get(pk=candidate.pk).status == "new"
    assert announced == []


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_leaves_nothing_behind(announced):
    candidate = CandidateFactory(status=CandidateStatus.NEW)
    written_by_receiver = []

    def outbox_like_receiver(sender, candidate, **kwargs):
        CandidateFactory(name="written inside the transaction")
        written_by_receiver.append(candidate.pk)

    candidate_status_changed.connect(outbox_like_receiver)
    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.candidate_status_change(candidate=candidate, status=CandidateStatus.REJECTED)
            raise RuntimeError("the surrounding work failed")
    finally:
        candidate_status_changed.disconnect(outbox_like_receiver)

    assert Candidate.objects.get(pk=candidate.pk).status == "new"
    assert not Candidate.objects.filter(name="written inside the transaction").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "moves"),
    [(s, s in {"new", "reviewing"}) for s in CandidateStatus.values],
)
def test_an_invitation_moves_only_new_and_reviewing_candidates_to_test_assigned(status, moves, announced):
    candidate = CandidateFactory(status=status)

    services.candidate_mark_test_assigned(candidate=candidate)

    expected = CandidateStatus.TEST_ASSIGNED if moves else status
    assert Candidate.objects.get(pk=candidate.pk).status == expected


@pytest.mark.django_db
@pytest.mark.parametrize("status", CandidateStatus.values)
def test_finishing_all_tests_moves_only_test_assigned_candidates(status):
    candidate = CandidateFactory(status=status)

    services.candidate_mark_tests_completed(candidate=candidate, all_attempts_finished=True)

    expected = CandidateStatus.TEST_COMPLETED if status == "test_assigned" else status
    assert Candidate.objects.get(pk=candidate.pk).status == expected


@pytest.mark.django_db
def test_unfinished_tests_keep_the_candidate_test_assigned():
    candidate = CandidateFactory(status=CandidateStatus.TEST_ASSIGNED)

    services.candidate_mark_tests_completed(candidate=candidate, all_attempts_finished=False)

    assert Candidate.objects.get(pk=candidate.pk).status == "test_assigned"
