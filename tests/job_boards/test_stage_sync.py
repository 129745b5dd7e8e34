"""Stages back to hh.ru: interview invites, rejected discards, with our template's message; stored
before sending, retried while hh.ru is busy, failed loudly (HR told, retry button) otherwise."""

import pytest
from django.utils import timezone

from candidates.models import CandidateStatus
from candidates.services import application_status_change
from hr_notifications.models import HRNotification, NotificationKind
from job_boards.models import ActionKind, ActionState, HHAction
from job_boards.services.actions import hh_action_retry, hh_action_send, hh_actions_sweep
from job_boards.services.imports import hh_vacancy_import
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(hh_link, fake_hh):
    nid = fake_hh.add_response(hh_link.hh_vacancy_id, first_name="Anna")
    hh_vacancy_import(link=hh_link)
    return hh_link.vacancy.applications.get(), nid


def test_rejecting_discards_on_hh_with_the_rejection_template(
    imported, fake_hh, eager_celery, django_capture_on_commit_callbacks
):
    application, nid = imported
    with django_capture_on_commit_callbacks(execute=True):
        application_status_change(application=application, status=CandidateStatus.REJECTED)

    [sent] = fake_hh.actions_for(nid)
    assert sent["action"] == "discard_by_employer"
    assert sent["message"].startswith("Здравствуйте, Anna!") or sent["message"].startswith("Hello Anna!")
    action = HHAction.objects.get()
    assert (action.kind, action.state, action.attempts) == (ActionKind.DISCARD, ActionState.SENT, 1)


def test_moving_to_interview_invites_on_hh(
    imported, fake_hh, eager_celery, django_capture_on_commit_callbacks
):
    application, nid = imported
    with django_capture_on_commit_callbacks(execute=True):
        application_status_change(application=application, status=CandidateStatus.INTERVIEW)
    assert [a["action"] for a in fake_hh.actions_for(nid)] == ["invitation"]


def test_other_stages_and_other_sources_send_nothing(imported, fake_hh):
    application, _nid = imported
    application_status_change(application=application, status=CandidateStatus.REVIEWING)
    assert HHAction.objects.count() == 0


def test_the_action_is_stored_before_it_is_sent(imported, fake_hh):
    application, nid = imported
    application_status_change(application=application, status=CandidateStatus.REJECTED)  # no commit: not sent
    assert HHAction.objects.get().state == ActionState.PENDING
    assert fake_hh.actions_for(nid) == []


def test_a_busy_hh_is_retried_later_then_sent(imported, fake_hh):
    application, nid = imported
    application_status_change(application=application, status=CandidateStatus.REJECTED)
    action = HHAction.objects.get()
    fake_hh.busy = 10

    action = hh_action_send(action_id=action.pk)

    assert action.state == ActionState.PENDING and action.attempts == 1 and "busy" in action.last_error
    assert action.next_attempt_at > timezone.now()
    HHAction.objects.filter(pk=action.pk).update(next_attempt_at=timezone.now())
    fake_hh.busy = 0
    assert hh_action_send(action_id=action.pk).state == ActionState.SENT
    assert len(fake_hh.actions_for(nid)) == 1


def test_a_paid_method_fails_at_once_tells_hr_and_can_be_retried(imported, fake_hh, settings):
    application, nid = imported
    hr = UserFactory(is_superuser=True)
    application_status_change(application=application, status=CandidateStatus.REJECTED)
    fake_hh.paid_paths.add("/negotiations/discard_by_employer")
    action = HHAction.objects.get()

    action = hh_action_send(action_id=action.pk)

    assert action.state == ActionState.FAILED and action.attempts == 1  # no retry storm
    assert "paid method" in action.last_error
    notification = HRNotification.objects.get(user=hr, kind=NotificationKind.JOB_BOARD)
    assert "Discard" in notification.text and "paid method" in notification.text
    assert hh_actions_sweep() == 0

    fake_hh.paid_paths.clear()
    hh_action_retry(action=action)
    assert hh_action_send(action_id=action.pk).state == ActionState.SENT
    assert len(fake_hh.actions_for(nid)) == 1


def test_out_of_attempts_the_action_fails_and_hr_is_told(imported, fake_hh, settings):
    settings.HH_ACTION_MAX_ATTEMPTS = 2
    application, _nid = imported
    hr = UserFactory(is_superuser=True)
    application_status_change(application=application, status=CandidateStatus.REJECTED)
    action = HHAction.objects.get()
    fake_hh.busy = 100
    hh_action_send(action_id=action.pk)
    HHAction.objects.filter(pk=action.pk).update(next_attempt_at=timezone.now())

    action = hh_action_send(action_id=action.pk)

    assert action.state == ActionState.FAILED and action.attempts == 2
    assert HRNotification.objects.filter(user=hr, kind=NotificationKind.JOB_BOARD).count() == 1


def test_the_sweep_queues_due_actions(imported, fake_hh, eager_celery):
    application, nid = imported
    application_status_change(application=application, status=CandidateStatus.REJECTED)  # its task was lost
    assert hh_actions_sweep() == 1
    assert len(fake_hh.actions_for(nid)) == 1
