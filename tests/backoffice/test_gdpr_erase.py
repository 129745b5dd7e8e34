"""backoffice.gdpr.candidate_erase: personal data wiped in every app, statistics and history kept."""

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.files.base import ContentFile

from backoffice.gdpr import candidate_erase
from candidates.models import Candidate, HistoryEntry, HistoryKind
from candidates.services import ANONYMIZED_NAME, ANONYMIZED_TEXT
from onef_api.selectors import dashboard_stats
from tests.factories import (
    AIAnalysisFactory,
    AnswerFactory,
    ApplicationFactory,
    AttemptFactory,
    CandidateFactory,
    GradeFactory,
    MessageFactory,
    OutboundMessageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate():
    candidate = CandidateFactory(
        name="Erika", surname="Muster", status="interview", ai_rating=66, ai_comment="Erika knows Go",
        cv_filename="erika.pdf", cv_text="Erika Muster, Berlin",
    )  # fmt: skip
    candidate.cv_file.save("cv.pdf", ContentFile(b"%PDF"), save=True)
    ApplicationFactory(candidate=candidate)
    MessageFactory(candidate=candidate, text="I live at Hauptstr. 1")
    OutboundMessageFactory(candidate=candidate, text="Dear Erika")
    AnswerFactory(attempt=AttemptFactory(candidate=candidate), text="My name is Erika")
    AIAnalysisFactory(candidate=candidate, comment="Erika has 5 years")
    GradeFactory(candidate=candidate, comment="Erika was great")
    return candidate


def test_personal_data_is_wiped_and_a_placeholder_kept(candidate, django_capture_on_commit_callbacks):
    cv_name = candidate.cv_file.name
    storage = candidate.cv_file.storage
    stats_before = dashboard_stats()
    with django_capture_on_commit_callbacks(execute=True):
        assert candidate_erase(candidate=candidate, actor=UserFactory()) is True
    row = Candidate.objects.get(pk=candidate.pk)
    assert (row.name, row.surname, row.fullname, row.email, row.phone) == (
        ANONYMIZED_NAME,
        "",
        ANONYMIZED_NAME,
        "",
        "",
    )
    assert (row.dob, row.telegram_id, row.cv_file.name, row.cv_filename, row.cv_text, row.ai_comment) == (
        None, None, "", "", "", ""
    )  # fmt: skip
    assert row.anonymized_at is not None
    assert not storage.exists(cv_name)
    assert set(row.messages.values_list("text", flat=True)) == {ANONYMIZED_TEXT}
    assert set(row.attempts.get().answers.values_list("text", flat=True)) == {ANONYMIZED_TEXT}
    assert list(row.ai_analyses.values_list("comment", flat=True)) == [""]
    assert list(row.grades.values_list("comment", flat=True)) == [""]
    # The placeholder keeps the hiring facts, so every statistic stays what it was.
    assert (row.status, row.ai_rating, row.applications.count(), row.grades.get().value) == (
        "interview",
        66,
        1,
        90,
    )
    assert dashboard_stats() == stats_before
    assert candidate.fullname == ANONYMIZED_NAME  # the caller's instance is current


def test_no_status_change_is_announced(candidate, status_events):
    candidate_erase(candidate=candidate, actor=None)
    assert status_events == []


def test_the_admin_log_no_longer_names_the_candidate_and_the_history_records_the_erasure(candidate):
    user = UserFactory()
    LogEntry.objects.log_actions(
        user_id=user.pk, queryset=[candidate], action_flag=CHANGE, change_message="Changed Phone."
    )
    grade = candidate.grades.get()
    LogEntry.objects.log_actions(user_id=user.pk, queryset=[grade], action_flag=ADDITION, single_object=True)
    assert LogEntry.objects.filter(object_repr__contains="Erika").count() == 2
    candidate_erase(candidate=candidate, actor=user)
    assert LogEntry.objects.get(object_id=str(candidate.pk)).object_repr == ANONYMIZED_NAME
    assert LogEntry.objects.get(object_id=str(grade.pk)).object_repr == "grade of an anonymised candidate"
    assert not LogEntry.objects.filter(object_repr__contains="Erika").exists()
    assert LogEntry.objects.count() == 2  # the erasure is in the history, not in the admin's log
    entry = HistoryEntry.objects.get(candidate=candidate, kind=HistoryKind.ANONYMISED)
    assert (entry.actor, entry.actor_label) == (user, "")


def test_an_erase_that_fails_part_way_leaves_no_history_entry_and_no_change(candidate):
    from candidates.signals import candidate_anonymized

    def fail(**kwargs):
        raise RuntimeError("the messaging app is down")

    candidate_anonymized.connect(fail, weak=False, dispatch_uid="test-fail")
    try:
        with pytest.raises(RuntimeError):
            candidate_erase(candidate=candidate, actor=UserFactory())
    finally:
        candidate_anonymized.disconnect(dispatch_uid="test-fail")
    assert Candidate.objects.get(pk=candidate.pk).anonymized_at is None
    assert not HistoryEntry.objects.filter(kind=HistoryKind.ANONYMISED).exists()


def test_anonymising_twice_changes_nothing_the_second_time(candidate):
    assert candidate_erase(candidate=candidate, actor=None) is True
    first = Candidate.objects.get(pk=candidate.pk).anonymized_at
    assert candidate_erase(candidate=candidate, actor=None) is False
    assert Candidate.objects.get(pk=candidate.pk).anonymized_at == first


def test_other_candidates_are_untouched(candidate):
    other = CandidateFactory(name="Olga")
    MessageFactory(candidate=other, text="keep me")
    candidate_erase(candidate=candidate, actor=None)
    other.refresh_from_db()
    assert other.name == "Olga"
    assert other.messages.get().text == "keep me"
