"""Who hears about what: the owner of an application, the owner of a vacancy, opted-in staff."""

import pytest

from candidates.services import application_mark_screened
from hr_notifications.models import HRNotification
from hr_notifications.services import hr_preference_of
from messaging.services import message_receive
from tests.factories import ApplicationFactory, AttemptFactory, DeliveryFactory, UserFactory
from tests_app.signals import attempt_status_changed
from webhooks.models import Delivery
from webhooks.signals import delivery_failed

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return UserFactory(username="olga")


def test_a_message_from_a_candidate_notifies_the_owner_of_their_application_only(owner):
    application = ApplicationFactory(owner=owner, candidate__name="Ann", candidate__surname="Lee")
    UserFactory(username="someone-else")

    message_receive(candidate=application.candidate, text="Hello, any news?")

    [notification] = HRNotification.objects.all()
    assert (notification.user, notification.kind) == (owner, "new_message")
    assert notification.text == "Message from Ann Lee: Hello, any news?"
    assert notification.url.endswith(f"/{application.candidate_id}/card/#chat")  # the candidate card


def test_a_user_who_turned_a_kind_off_does_not_hear_about_it(owner):
    preference = hr_preference_of(user=owner)
    preference.new_message = False
    preference.save()
    application = ApplicationFactory(owner=owner)

    message_receive(candidate=application.candidate, text="Hi")

    assert not HRNotification.objects.exists()


def test_a_screened_application_notifies_the_vacancy_owner(owner):
    application = ApplicationFactory(vacancy__owner=owner, vacancy__name="QA")

    application_mark_screened(application=application)

    assert HRNotification.objects.get().text.startswith(f"New application: {application.candidate} for QA")


def test_answers_waiting_for_review_notify_the_owner(owner):
    application = ApplicationFactory(owner=owner)
    attempt = AttemptFactory(candidate=application.candidate)

    attempt_status_changed.send(
        sender=None, attempt=attempt, old_status="in_progress", new_status="needs_review"
    )

    assert HRNotification.objects.get().kind == "review_waiting"


def test_a_failing_webhook_endpoint_alerts_opted_in_staff_once_every_few_hours(owner):
    preference = hr_preference_of(user=owner)
    preference.webhook_failing = True
    preference.save()
    UserFactory(username="not-opted-in")
    delivery = DeliveryFactory(last_error="Connection refused")
    delivery = Delivery.objects.select_related("endpoint").get(pk=delivery.pk)

    delivery_failed.send(sender=Delivery, delivery=delivery, endpoint=delivery.endpoint)
    delivery_failed.send(sender=Delivery, delivery=delivery, endpoint=delivery.endpoint)

    [notification] = HRNotification.objects.all()
    assert notification.user == owner
    assert "is failing: Connection refused" in notification.text
