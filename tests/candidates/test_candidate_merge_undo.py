"""candidate_merge_undo: within a day and while nothing new was attached, the two records are
split again exactly as they were."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from candidates.models import (
    Application,
    CandidateMerge,
    CandidateStatus,
    DuplicatePair,
    DuplicateReason,
    DuplicateState,
    HistoryKind,
)
from candidates.services import candidate_merge, candidate_merge_undo, merge_undo_blocker
from interviews.models import Interview
from messaging.channel_models import CandidateChannel
from tests.factories import (
    AIAnalysisFactory,
    ApplicationFactory,
    CandidateFactory,
    GradeFactory,
    MessageFactory,
    UserFactory,
    VacancyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged_pair():
    kept = CandidateFactory(telegram_id=None, dob=None)
    merged = CandidateFactory(telegram_id=5150, status=CandidateStatus.REVIEWING)
    application = ApplicationFactory(candidate=merged, status=CandidateStatus.REVIEWING)
    message = MessageFactory(candidate=merged)
    pair = DuplicatePair.objects.create(first=kept, second=merged, reason=DuplicateReason.SAME_CV)
    merge = candidate_merge(kept=kept, merged=merged, actor=UserFactory())
    return kept, merged, merge, {"application": application, "message": message, "pair": pair}


def test_undo_puts_every_moved_row_and_filled_field_back(merged_pair, status_events):
    kept, merged, merge, rows = merged_pair
    hr = UserFactory(username="undoer")

    candidate_merge_undo(merge=merge, actor=hr)

    kept.refresh_from_db()
    merged.refresh_from_db()
    assert merged.merged_into_id is None and merged.telegram_id == 5150
    assert kept.telegram_id is None and kept.dob is None
    rows["application"].refresh_from_db()
    rows["message"].refresh_from_db()
    assert rows["application"].candidate_id == rows["message"].candidate_id == merged.pk
    assert kept.status == CandidateStatus.NEW and merged.status == CandidateStatus.REVIEWING
    rows["pair"].refresh_from_db()
    assert rows["pair"].state == DuplicateState.OPEN
    merge.refresh_from_db()
    assert merge.undone_by == hr and merge.undone_at is not None
    assert kept.history.filter(kind=HistoryKind.MERGE_UNDONE).exists()
    assert merged.history.filter(kind=HistoryKind.MERGED_INTO).exists()  # its own history came back
    assert merged.history.filter(kind=HistoryKind.MERGE_UNDONE).exists()
    # one change when merged (new -> reviewing), one back when undone
    assert [e[1:3] for e in status_events] == [("reviewing", "new")]


def test_a_merge_is_not_undone_after_a_day(merged_pair):
    _, _, merge, _ = merged_pair
    CandidateMerge.objects.filter(pk=merge.pk).update(
        created_at=timezone.now() - dt.timedelta(days=1, minutes=1)
    )
    merge.refresh_from_db()
    with pytest.raises(ValidationError, match="within a day"):
        candidate_merge_undo(merge=merge, actor=None)


def test_a_merge_is_not_undone_once_something_new_was_attached(merged_pair):
    kept, _, merge, _ = merged_pair
    GradeFactory(candidate=kept)
    assert "grades" in merge_undo_blocker(merge=merge)
    with pytest.raises(ValidationError):
        candidate_merge_undo(merge=merge, actor=None)
    merge.refresh_from_db()
    assert merge.undone_at is None


def test_a_merge_is_undone_once_only(merged_pair):
    _, _, merge, _ = merged_pair
    candidate_merge_undo(merge=merge, actor=None)
    with pytest.raises(ValidationError, match="already undone"):
        candidate_merge_undo(merge=merge, actor=None)


def test_channels_both_records_have_are_kept_once_and_come_back_on_undo():
    kept, merged = CandidateFactory(telegram_id=None), CandidateFactory(telegram_id=None)
    CandidateChannel.objects.create(candidate=kept, kind="email", address="anna@example.com", preferred=True)
    same = CandidateChannel.objects.create(
        candidate=merged, kind="email", address="anna@example.com", preferred=True
    )
    other = CandidateChannel.objects.create(candidate=merged, kind="email", address="a2@example.com")
    token = same.reply_token

    merge = candidate_merge(kept=kept, merged=merged, actor=None)

    assert sorted(kept.channels.values_list("address", flat=True)) == ["a2@example.com", "anna@example.com"]
    assert kept.channels.filter(preferred=True).count() == 1
    other.refresh_from_db()
    assert other.candidate == kept

    candidate_merge_undo(merge=merge, actor=None)

    restored = merged.channels.get(address="anna@example.com")
    assert (restored.reply_token, restored.preferred) == (token, True)
    assert merged.channels.count() == 2 and kept.channels.count() == 1


def test_two_applications_to_one_vacancy_become_one_and_the_undo_brings_the_other_back():
    kept, merged = CandidateFactory(telegram_id=None), CandidateFactory(telegram_id=None)
    vacancy = VacancyFactory()
    ours = ApplicationFactory(candidate=kept, vacancy=vacancy, status=CandidateStatus.INTERVIEW)
    theirs = ApplicationFactory(
        candidate=merged, vacancy=vacancy, status=CandidateStatus.REVIEWING, cv_text="My CV", ai_rating=40
    )
    interview = Interview.objects.create(
        application=theirs, starts_at=timezone.now() + dt.timedelta(days=1), format="video", location="x"
    )
    analysis = AIAnalysisFactory(candidate=merged, application=theirs)
    snapshot = Application.objects.filter(pk=theirs.pk).values().get()
    del snapshot["updated_at"]

    merge = candidate_merge(kept=kept, merged=merged, actor=None)

    assert list(kept.applications.all()) == [ours]
    assert not Application.objects.filter(pk=theirs.pk).exists()
    interview.refresh_from_db()
    analysis.refresh_from_db()
    assert interview.application == ours and analysis.application == ours and analysis.candidate == kept

    candidate_merge_undo(merge=merge, actor=None)

    restored = Application.objects.filter(pk=theirs.pk).values().get()
    del restored["updated_at"]
    assert restored == snapshot
    interview.refresh_from_db()
    analysis.refresh_from_db()
    assert interview.application_id == theirs.pk and analysis.application_id == theirs.pk
    assert analysis.candidate == merged
    assert list(kept.applications.all()) == [ours]
