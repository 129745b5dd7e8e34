"""The unread counter in the admin header, the list of one's own notifications, "assign to me"."""

import pytest

from candidates.models import Application
from hr_notifications.models import HRNotification
from hr_notifications.services import hr_notify
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _counter(page: str) -> str:
    return page.split('id="hr-unread-count"')[1].split(">", 1)[1].split("<", 1)[0]


def test_the_header_counts_unread_notifications_and_opening_one_reads_it(hr_client, hr_user):
    hr_notify(users=[hr_user], kind="new_message", text="Message from Ann", url="/admin/")
    hr_notify(users=[hr_user], kind="review_waiting", text="Review Bob", url="/admin/")
    hr_notify(users=[UserFactory(username="other")], kind="new_message", text="Not mine", url="/admin/")

    page = hr_client.get("/admin/").content.decode()
    assert _counter(page) == "2"

    listing = hr_client.get("/admin/hr_notifications/hrnotification/").content.decode()
    assert "Message from Ann" in listing and "Not mine" not in listing

    first = HRNotification.objects.get(text="Message from Ann")
    response = hr_client.get(f"/admin/hr_notifications/hrnotification/{first.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    page = hr_client.get("/admin/").content.decode()
    assert _counter(page) == "1"


def test_someone_elses_notification_cannot_be_opened(hr_client):
    [other] = hr_notify(users=[UserFactory(username="other")], kind="new_message", text="x", url="/admin/")

    assert hr_client.get(f"/admin/hr_notifications/hrnotification/{other.pk}/open/").status_code == 404


def test_settings_page_creates_a_link_code(hr_client, hr_user):
    response = hr_client.post("/admin/hr_notifications/hrpreference/link-code/", follow=True)

    code = hr_user.hr_preference.link_code
    assert len(code) == 8
    assert f"/hr {code}" in response.content.decode()


def test_bulk_assign_to_me_makes_the_user_the_owner(hr_client, hr_user):
    applications = [ApplicationFactory() for _ in range(3)]

    hr_client.post(
        "/admin/candidates/candidate/",
        {"action": "assign_to_me", "_selected_action": [a.candidate_id for a in applications]},
    )

    assert set(Application.objects.values_list("owner", flat=True)) == {hr_user.pk}


def test_the_list_says_why_a_notification_did_not_reach_telegram(hr_client, hr_user):
    HRNotification.objects.create(
        user=hr_user,
        kind="new_message",
        text="Message from Ann",
        telegram_status="failed",
        telegram_error="Telegram refused the message (403): Forbidden: bot was blocked by the user",
    )
    HRNotification.objects.create(
        user=hr_user, kind="new_message", text="Message from Bob", telegram_status="sent"
    )

    listing = hr_client.get("/admin/hr_notifications/hrnotification/").content.decode()

    assert (
        "Failed<br><small>Telegram refused the message (403): Forbidden: bot was blocked by the user"
        in listing
    )
    assert '<td class="field-telegram">Sent</td>' in listing
