"""A stage and a rating per application; the candidate-level fields mirror the current application."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from candidates import screening, services
from candidates.models import (
    Application,
    ApplicationSource,
    Candidate,
    CandidateStatus,
    HistoryEntry,
    HistoryKind,
)
from tests.candidates.screening.cv_files import attach_cv
from tests.factories import ApplicationFactory, CandidateFactory, UserFactory, VacancyFactory

pytestmark = pytest.mark.django_db

PYTHON_CV = b"Python developer. Django, PostgreSQL, Celery. 2019-2026 backend engineer."
ANALYST_CV = b"Accountant. Excel."


def applied(candidate, days_ago: int, **fields) -> Application:
    return ApplicationFactory(
        candidate=candidate, applied_at=timezone.now() - dt.timedelta(days=days_ago), **fields
    )


def test_two_applications_keep_two_ratings():
    candidate = attach_cv(CandidateFactory(), PYTHON_CV, "cv.txt")
    backend = applied(candidate, 2, vacancy=VacancyFactory(name="Python Backend Developer"))
    screening.candidate_analyze(candidate=candidate, application=backend)
    analyst = applied(
        candidate,
        1,
        vacancy=VacancyFactory(name="Data Analyst", requirements="SQL, Tableau, statistics, R"),
        cv_file="",
        cv_text=ANALYST_CV.decode(),
    )
    screening.candidate_analyze(candidate=candidate, application=analyst)

    backend.refresh_from_db()
    analyst.refresh_from_db()
    assert backend.ai_rating is not None and analyst.ai_rating is not None
    assert backend.ai_rating > analyst.ai_rating
    assert "Django" in backend.cv_text
    assert analyst.cv_text == ANALYST_CV.decode()
    candidate.refresh_from_db()
    assert (candidate.ai_rating, candidate.ai_comment) == (analyst.ai_rating, analyst.ai_comment)


def test_the_candidate_mirrors_the_most_recent_open_application(status_events):
    candidate = CandidateFactory()
    older = applied(candidate, 5, ai_rating=90, ai_comment="fits")
    newer = applied(candidate, 1, ai_rating=40, ai_comment="weak")
    services.application_status_change(application=older, status=CandidateStatus.INTERVIEW)
    services.application_status_change(application=newer, status=CandidateStatus.REVIEWING)
    candidate.refresh_from_db()
    assert (candidate.status, candidate.ai_rating) == ("reviewing", 40)

    services.application_status_change(application=newer, status=CandidateStatus.REJECTED)

    candidate.refresh_from_db()
    assert (candidate.status, candidate.ai_rating, candidate.ai_comment) == ("interview", 90, "fits")
    assert [e[1:3] for e in status_events] == [("new", "reviewing"), ("reviewing", "interview")]


def test_when_every_application_is_closed_the_most_recent_one_is_mirrored():
    candidate = CandidateFactory()
    older = applied(candidate, 5)
    newer = applied(candidate, 1)
    services.application_status_change(application=older, status=CandidateStatus.ACCEPTED)
    services.application_status_change(application=newer, status=CandidateStatus.REJECTED)
    assert Candidate.objects.get(pk=candidate.pk).status == "rejected"


def test_moving_an_application_that_is_not_current_announces_nothing(status_events):
    candidate = CandidateFactory()
    older = applied(candidate, 5)
    applied(candidate, 1)

    assert services.application_status_change(application=older, status=CandidateStatus.INTERVIEW)

    assert Candidate.objects.get(pk=candidate.pk).status == "new"
    assert status_events == []
    assert Application.objects.get(pk=older.pk).status == "interview"


def test_the_candidate_status_change_moves_the_current_application_only(status_events):
    candidate = CandidateFactory()
    older = applied(candidate, 5)
    newer = applied(candidate, 1)

    services.candidate_status_change(candidate=candidate, status=CandidateStatus.INTERVIEW)

    assert Application.objects.get(pk=newer.pk).status == "interview"
    assert Application.objects.get(pk=older.pk).status == "new"
    assert candidate.status == "interview"
    assert len(status_events) == 1


def test_a_new_application_becomes_current_and_its_stage_is_announced_once(status_events):
    candidate = CandidateFactory(status=CandidateStatus.INTERVIEW)
    applied(candidate, 3)

    services.application_create(
        candidate=candidate, vacancy=VacancyFactory(), source=ApplicationSource.TELEGRAM, actor_label="bot"
    )

    assert Candidate.objects.get(pk=candidate.pk).status == "new"
    assert [e[1:3] for e in status_events] == [("interview", "new")]


def test_an_application_takes_the_candidates_latest_cv():
    candidate = attach_cv(CandidateFactory(), PYTHON_CV, "cv.txt")
    application = services.application_create(
        candidate=candidate, vacancy=VacancyFactory(), source=ApplicationSource.CAREERS
    )
    assert (application.cv_file.name, application.cv_filename) == (candidate.cv_file.name, "cv.txt")


def test_a_new_cv_keeps_the_file_an_earlier_application_was_sent_with(django_capture_on_commit_callbacks):
    candidate = attach_cv(CandidateFactory(), PYTHON_CV, "cv.txt")
    first = services.application_create(
        candidate=candidate, vacancy=VacancyFactory(), source=ApplicationSource.CAREERS
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_attach_cv(candidate=candidate, content=b"new CV", filename="new.txt")
    assert first.cv_file.storage.exists(first.cv_file.name)


def test_an_unknown_stage_is_refused_and_nothing_changes(status_events):
    application = ApplicationFactory()
    with pytest.raises(ValidationError):
        services.application_status_change(application=application, status="hired")
    assert Application.objects.get(pk=application.pk).status == "new"
    assert status_events == []
    assert not HistoryEntry.objects.exists()


def test_the_invitation_moves_the_current_application_by_the_automatic_rule(status_events):
    candidate = CandidateFactory()
    application = applied(candidate, 1)

    assert services.candidate_mark_test_assigned(candidate=candidate)

    assert Application.objects.get(pk=application.pk).status == "test_assigned"
    entry = HistoryEntry.objects.get(kind=HistoryKind.STATUS_CHANGED)
    assert (entry.application_id, entry.actor_label) == (application.pk, "automatic rule")
    assert len(status_events) == 1


def test_every_stage_change_is_recorded_with_who_did_it():
    hr = UserFactory()
    application = ApplicationFactory()

    services.application_status_change(
        application=application, status="reviewing", actor=hr, actor_label="board"
    )

    entry = HistoryEntry.objects.get(kind=HistoryKind.STATUS_CHANGED)
    assert (entry.candidate_id, entry.application_id) == (application.candidate_id, application.pk)
    assert (entry.from_value, entry.to_value, entry.actor, entry.actor_label) == (
        "new",
        "reviewing",
        hr,
        "board",
    )


def test_a_candidate_without_applications_keeps_its_own_status_and_history(status_events):
    candidate = CandidateFactory()
    services.candidate_status_change(candidate=candidate, status="reviewing", actor_label="API key OneF")
    assert Candidate.objects.get(pk=candidate.pk).status == "reviewing"
    entry = HistoryEntry.objects.get()
    assert (entry.application_id, entry.to_value, entry.actor_label) == (None, "reviewing", "API key OneF")
    assert len(status_events) == 1
