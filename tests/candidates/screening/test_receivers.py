"""The screening listens to the candidates' services: a new application, and a new CV for one, are
analysed by a task queued when the change commits (never before, and not when it rolls back)."""

import pytest
from django.db import transaction

from candidates.models import AIAnalysis
from candidates.services import application_create, application_replace_cv
from tests.candidates.screening.cv_files import attach_cv, pdf_bytes
from tests.factories import CandidateFactory, VacancyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

CV = "Python developer, 5 years: Django, PostgreSQL, Celery. English B2."


def new_application(django_capture_on_commit_callbacks):
    candidate = attach_cv(CandidateFactory(), pdf_bytes(CV), "cv.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        return application_create(
            candidate=candidate, vacancy=VacancyFactory(requirements="Python, Django"), source="careers"
        )


def test_a_new_application_is_screened_once_it_commits(django_capture_on_commit_callbacks):
    candidate = attach_cv(CandidateFactory(), pdf_bytes(CV), "cv.pdf")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        application = application_create(
            candidate=candidate, vacancy=VacancyFactory(requirements="Python"), source="careers"
        )
        assert not AIAnalysis.objects.exists()  # not before the commit
    assert len(callbacks) == 1
    application.refresh_from_db()
    assert application.screened_at is not None
    assert AIAnalysis.objects.filter(application=application).count() == 1


def test_an_application_rolled_back_queues_no_screening(django_capture_on_commit_callbacks):
    candidate = attach_cv(CandidateFactory(), pdf_bytes(CV), "cv.pdf")
    capture = django_capture_on_commit_callbacks(execute=True)
    with capture as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        application_create(candidate=candidate, vacancy=VacancyFactory(), source="careers")
        raise RuntimeError("the caller's transaction fails")
    assert callbacks == []
    assert not AIAnalysis.objects.exists()


def test_a_new_cv_for_a_screened_application_is_analysed_again(django_capture_on_commit_callbacks):
    application = new_application(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        application_replace_cv(
            application=application, content=pdf_bytes(CV + " Kubernetes."), filename="new.pdf"
        )
    analyses = AIAnalysis.objects.filter(application=application).order_by("created_at")
    assert analyses.count() == 2
    assert analyses.last().input_hash != analyses.first().input_hash
