"""Two ways in: hh.ru's webhook on our secret URL (stored once, answered at once, imported after
commit) and the polling fallback that recovers what a lost webhook missed."""

import pytest
from django.urls import reverse

from candidates.models import Application
from job_boards.models import HHNotification
from job_boards.tasks import poll_vacancies
from tests.job_boards.conftest import WEBHOOK_SECRET

pytestmark = pytest.mark.django_db


def notification(link, topic_id: str, notification_id: str = "n-1") -> dict:
    return {
        "id": notification_id,
        "subscription_id": "s-1",
        "action_type": "NEW_RESPONSE_OR_INVITATION_VACANCY",
        "user_id": "777",
        "payload": {"vacancy_id": link.hh_vacancy_id, "topic_id": topic_id, "employer_id": "4242"},
    }


def post(client, body, secret: str = WEBHOOK_SECRET):
    url = reverse("hh-webhook", args=[secret])
    return client.post(url, body, content_type="application/json")


def test_a_notification_imports_the_response_after_commit(
    client, hh_link, fake_hh, eager_celery, django_capture_on_commit_callbacks
):
    topic = fake_hh.add_response(hh_link.hh_vacancy_id)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post(client, notification(hh_link, topic))

    assert response.status_code == 200 and response.json() == {"status": "accepted"}
    assert callbacks  # the import was queued after commit, not run in the request
    assert Application.objects.filter(vacancy=hh_link.vacancy).count() == 1
    assert HHNotification.objects.get().processed_at is not None


def test_a_duplicate_notification_is_accepted_and_ignored(
    client, hh_link, fake_hh, eager_celery, django_capture_on_commit_callbacks
):
    topic = fake_hh.add_response(hh_link.hh_vacancy_id)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, notification(hh_link, topic))
    requests_before = len(fake_hh.requests)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = post(client, notification(hh_link, topic))

    assert again.status_code == 200 and again.json() == {"status": "duplicate"}
    assert callbacks == [] and len(fake_hh.requests) == requests_before
    assert HHNotification.objects.count() == 1 and Application.objects.count() == 1


def test_the_same_response_in_two_notifications_is_imported_once(
    client, hh_link, fake_hh, eager_celery, django_capture_on_commit_callbacks
):
    topic = fake_hh.add_response(hh_link.hh_vacancy_id)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, notification(hh_link, topic, "n-1"))
        post(client, notification(hh_link, topic, "n-2"))
    assert Application.objects.count() == 1


def test_a_wrong_secret_is_refused(client, hh_link):
    assert post(client, notification(hh_link, "1"), secret="x" * 30).status_code == 403
    assert HHNotification.objects.count() == 0


def test_a_bad_body_gets_a_clear_400(client, hh_link):
    response = post(client, {"payload": {}})
    assert response.status_code == 400 and "action_type" in response.json()["error"]
    assert (
        client.post(
            reverse("hh-webhook", args=[WEBHOOK_SECRET]), "{", content_type="application/json"
        ).status_code
        == 400
    )


def test_the_endpoint_is_404_while_the_integration_is_off(client, settings):
    settings.HH_ENABLED = False
    assert post(client, {"id": "1", "action_type": "X"}, secret=WEBHOOK_SECRET).status_code == 404


def test_a_lost_webhook_is_recovered_by_the_poll(hh_link, fake_hh):
    fake_hh.add_response(hh_link.hh_vacancy_id)  # hh.ru's notification never arrives

    assert poll_vacancies() == 1
    assert Application.objects.filter(vacancy=hh_link.vacancy).count() == 1
    assert poll_vacancies() == 0  # imported just now: not polled again before HH_POLL_MINUTES


def test_a_notification_about_the_vacancy_itself_reads_it_again(hh_link, fake_hh):
    from job_boards.models import LinkState
    from job_boards.services.notifications import hh_notification_process, hh_notification_receive

    fake_hh.vacancies[hh_link.hh_vacancy_id]["archived"] = True
    body = {
        "id": "v-1",
        "action_type": "VACANCY_ARCHIVATION",
        "payload": {"vacancy_id": hh_link.hh_vacancy_id},
    }

    hh_notification_process(notification=hh_notification_receive(body=body))

    hh_link.refresh_from_db()
    assert hh_link.state == LinkState.ARCHIVED
