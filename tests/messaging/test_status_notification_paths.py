"""The notification follows a stage change by every path: admin form, bulk action, API, service."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from candidates.models import Candidate
from messaging.models import Message
from onef_api.services import api_key_create
from tests.factories import ApplicationFactory, UserFactory
from tests.messaging.conftest import NOON

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_notifications", "eager_celery")]


@pytest.fixture
def application(settings):
    settings.TIME_ZONE = "UTC"
    return ApplicationFactory(candidate__phone="", candidate__status="reviewing")


@pytest.fixture(autouse=True)
def _daytime(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOON)


def _invitations(candidate: Candidate) -> list[str]:
    return [m.text[:40] for m in Message.objects.filter(candidate=candidate)]


def test_admin_form(client, application, django_capture_on_commit_callbacks):
    client.force_login(UserFactory(is_superuser=True))
    candidate = application.candidate
    data = {
        "status": "interview",
        "name": candidate.name,
        "surname": candidate.surname,
        "email": candidate.email,
        "phone": "",
        "dob": "1990-01-01",
        "telegram_id": candidate.telegram_id,
        "applications-TOTAL_FORMS": 1,
        "applications-INITIAL_FORMS": 1,
        "applications-0-id": application.pk,
        "applications-0-candidate": candidate.pk,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/candidates/candidate/{candidate.pk}/change/", data)

    assert response.status_code == 302, response.content[:2000]
    assert len(_invitations(candidate)) == 1


def test_bulk_action(client, application, django_capture_on_commit_callbacks):
    client.force_login(UserFactory(is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/candidates/candidate/",
            {"action": "set_status_interview", "_selected_action": [application.candidate_id]},
        )

    assert len(_invitations(application.candidate)) == 1


def test_api(application, django_capture_on_commit_callbacks):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {api_key_create(name='k')[1]}")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"/api/onef/candidates/{application.candidate_id}/status", {"status": "interview"}, format="json"
        )

    assert response.status_code == 200
    assert len(_invitations(application.candidate)) == 1


def test_moving_an_application_that_is_not_the_current_one(application, django_capture_on_commit_callbacks):
    from candidates.services import application_status_change

    older = ApplicationFactory(
        candidate=application.candidate,
        status="reviewing",
        applied_at=dt.datetime(2025, 12, 1, tzinfo=dt.UTC),
    )
    with django_capture_on_commit_callbacks(execute=True):
        application_status_change(application=older, status="interview")

    application.candidate.refresh_from_db()
    assert application.candidate.status == "reviewing"  # not the current application ...
    assert len(_invitations(application.candidate)) == 1  # ... and still the candidate is told


def test_one_notification_per_move_even_when_the_candidate_moves_with_it(
    application, django_capture_on_commit_callbacks
):
    from candidates.services import application_status_change

    with django_capture_on_commit_callbacks(execute=True):
        application_status_change(application=application, status="interview")

    assert len(_invitations(application.candidate)) == 1
