"""candidate_merge: one transaction moves everything of the merged record onto the kept one, leaves
a stub, announces `candidate_merged` and at most one status change."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from candidates.models import (
    Candidate,
    CandidateMerge,
    CandidateStatus,
    DuplicatePair,
    DuplicateReason,
    DuplicateState,
    HistoryEntry,
    HistoryKind,
)
from candidates.services import candidate_merge, candidate_merge_undo, candidate_relations
from candidates.services.merge import NOT_MOVED
from interviews.models import Interview
from max_bot.models import MaxUser
from messaging.models import ScheduledMessage
from tests.factories import (
    AIAnalysisFactory,
    ApplicationFactory,
    AttemptFactory,
    CandidateFactory,
    GradeFactory,
    MessageFactory,
    UserFactory,
    VacancyFactory,
)
from webhooks.models import Event, EventType

pytestmark = pytest.mark.django_db

# Every foreign key to Candidate: a new one must be either moved by the merge or listed in NOT_MOVED
# with its reason. Adding a relation to Candidate makes this test fail until it is decided.
ALL_RELATIONS = {
    "candidates.Application.candidate",
    "candidates.AIAnalysis.candidate",
    "candidates.Grade.candidate",
    "candidates.HistoryEntry.candidate",
    "candidates.CandidateSearch.candidate",
    "candidates.Candidate.merged_into",
    "candidates.DuplicatePair.first",
    "candidates.DuplicatePair.second",
    "candidates.CandidateMerge.kept",
    "candidates.CandidateMerge.merged",
    "messaging.CandidateChannel.candidate",
    "max_bot.MaxUser.candidate",
    "messaging.Message.candidate",
    "messaging.ScheduledMessage.candidate",
    "tests_app.Attempt.candidate",
}


def test_every_foreign_key_to_candidate_is_either_moved_or_named_with_a_reason():
    moved = {key for key, _, _ in candidate_relations()}
    assert moved | set(NOT_MOVED) == ALL_RELATIONS
    assert not moved & set(NOT_MOVED)


def _everything_of(candidate: Candidate) -> dict:
    vacancy = VacancyFactory()
    application = ApplicationFactory(candidate=candidate, vacancy=vacancy, status=CandidateStatus.INTERVIEW)
    interview = Interview.objects.create(
        application=application, starts_at=timezone.now() + dt.timedelta(days=2), format="video", location="x"
    )
    scheduled = ScheduledMessage.objects.create(
        candidate=candidate,
        application=application,
        reason="status:interview",
        text="Reminder",
        send_at=timezone.now(),
    )
    return {
        "application": application,
        "interview": interview,
        "scheduled": scheduled,
        "message": MessageFactory(candidate=candidate),
        "attempt": AttemptFactory(candidate=candidate),
        "grade": GradeFactory(candidate=candidate),
        "analysis": AIAnalysisFactory(candidate=candidate),
        "stub": CandidateFactory(merged_into=candidate, telegram_id=None),
    }


def test_a_merge_moves_every_row_of_the_merged_candidate_and_leaves_a_stub(status_events):
    hr = UserFactory()
    kept = CandidateFactory(telegram_id=None, phone="", dob=None)
    merged = CandidateFactory(telegram_id=4242, status=CandidateStatus.INTERVIEW)
    rows = _everything_of(merged)
    HistoryEntry.objects.create(candidate=merged, kind=HistoryKind.APPLIED)

    merge = candidate_merge(kept=kept, merged=merged, actor=hr)

    for key, model, field in candidate_relations():
        assert (
            not model._base_manager.filter(**{field: merged}).exclude(kind=HistoryKind.MERGED_INTO).exists()
            if model is HistoryEntry
            else not model._base_manager.filter(**{field: merged}).exists()
        ), key
    rows["application"].refresh_from_db()
    assert rows["application"].candidate_id == kept.pk
    rows["interview"].refresh_from_db()
    assert rows["interview"].application.candidate_id == kept.pk
    rows["stub"].refresh_from_db()
    assert rows["stub"].merged_into_id == kept.pk  # an earlier stub follows to the kept record
    merged.refresh_from_db()
    kept.refresh_from_db()
    assert merged.merged_into_id == kept.pk and merged.telegram_id is None
    assert kept.telegram_id == 4242  # the bot chat now reaches the kept record
    assert (kept.phone, kept.dob) == (merged.phone, merged.dob)  # empty fields filled, none overwritten
    assert sorted(merge.filled) == ["dob", "phone", "telegram_id"]
    assert kept.status == CandidateStatus.INTERVIEW
    assert status_events == [(kept.pk, CandidateStatus.NEW, CandidateStatus.INTERVIEW, hr)]
    kinds = set(kept.history.values_list("kind", flat=True))
    assert {HistoryKind.APPLIED, HistoryKind.MERGED} <= kinds
    assert merged.history.get().kind == HistoryKind.MERGED_INTO


def test_a_merge_announces_candidate_merged_and_exactly_one_status_change(settings):
    from tests.factories import EndpointFactory

    EndpointFactory()
    kept = CandidateFactory()
    merged = CandidateFactory(telegram_id=None)
    ApplicationFactory(candidate=merged, status=CandidateStatus.REVIEWING)

    merge = candidate_merge(kept=kept, merged=merged, actor=None)

    events = list(Event.objects.filter(candidate_id=kept.pk).order_by("sequence"))
    assert [e.event_type for e in events] == [EventType.CANDIDATE_MERGED, EventType.CANDIDATE_STATUS_CHANGED]
    body = events[0].payload["requestBody"]
    assert body["candidate_id"] == str(kept.pk)
    assert body["merged_candidate_id"] == str(merged.pk)
    assert body["merged_at"].endswith("Z") and merge.pk


def test_an_undone_merge_announces_candidate_unmerged_with_the_same_two_ids():
    from tests.factories import EndpointFactory

    EndpointFactory()
    kept, merged = CandidateFactory(), CandidateFactory(telegram_id=None)
    merge = candidate_merge(kept=kept, merged=merged, actor=None)

    candidate_merge_undo(merge=merge, actor=None)

    events = list(Event.objects.filter(candidate_id=kept.pk).order_by("sequence"))
    assert [e.event_type for e in events] == [EventType.CANDIDATE_MERGED, EventType.CANDIDATE_UNMERGED]
    body = events[1].payload["requestBody"]
    assert set(body) == {"event_type", "candidate_id", "merged_candidate_id", "unmerged_at"}
    assert (body["candidate_id"], body["merged_candidate_id"]) == (str(kept.pk), str(merged.pk))
    merge.refresh_from_db()
    assert body["unmerged_at"] == merge.undone_at.isoformat().replace("+00:00", "Z")


def test_no_status_change_is_announced_when_the_kept_status_stays(status_events):
    kept = CandidateFactory()
    ApplicationFactory(candidate=kept, status=CandidateStatus.REVIEWING)
    kept.status = CandidateStatus.REVIEWING
    kept.save()
    merged = CandidateFactory(telegram_id=None)
    candidate_merge(kept=kept, merged=merged, actor=None)
    assert status_events == []


def test_the_pair_of_the_two_is_marked_merged_and_the_stubs_other_pairs_are_dropped():
    kept, merged, third = CandidateFactory(), CandidateFactory(telegram_id=None), CandidateFactory()
    ours = DuplicatePair.objects.create(first=kept, second=merged, reason=DuplicateReason.SAME_CV)
    other = DuplicatePair.objects.create(first=merged, second=third, reason=DuplicateReason.SAME_CV)
    candidate_merge(kept=kept, merged=merged, actor=None)
    ours.refresh_from_db()
    assert ours.state == DuplicateState.MERGED
    assert not DuplicatePair.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize(
    "case",
    ["itself", "already merged", "anonymised", "two telegram accounts"],
)
def test_a_merge_that_cannot_be_done_is_refused_with_a_reason_and_changes_nothing(case):
    kept, merged = CandidateFactory(), CandidateFactory(telegram_id=None)
    if case == "itself":
        merged = kept
    elif case == "already merged":
        merged.merged_into = CandidateFactory()
        merged.save()
    elif case == "anonymised":
        merged.anonymized_at = timezone.now()
        merged.save()
    else:
        merged.telegram_id = 777
        merged.save()
    with pytest.raises(ValidationError) as error:
        candidate_merge(kept=kept, merged=merged, actor=None)
    assert error.value.messages[0]
    assert not CandidateMerge.objects.exists()


def test_a_merge_moves_the_merged_ones_max_account_to_the_kept_candidate():
    kept, merged = CandidateFactory(telegram_id=None), CandidateFactory(telegram_id=None)
    MaxUser.objects.create(user_id=77, chat_id=770, candidate=merged)

    candidate_merge(kept=kept, merged=merged, actor=None)

    assert MaxUser.objects.get(user_id=77).candidate == kept
