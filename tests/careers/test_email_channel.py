"""E-mail's public doors and the issue's story: a candidate who applied on the careers page with only
an e-mail gets HR's reply by e-mail (a real local SMTP server), answers it through the inbound
webhook, and the answer reaches the chat and OneF as `new_message` with channel "email"."""

import hashlib
import hmac
from email.message import EmailMessage

import pytest
from django.urls import reverse

from candidates.models import Candidate
from messaging.models import CandidateChannel, Message, MessageDirection
from tests.careers.test_apply import apply
from tests.factories import CandidateFactory, UserFactory, VacancyFactory
from tests.webhooks.conftest import received_bodies

pytestmark = pytest.mark.django_db
SECRET = "inbound-secret-0123456789"


@pytest.fixture
def inbound(settings):
    settings.EMAIL_INBOUND_MODE, settings.EMAIL_INBOUND_SECRET = "webhook", SECRET
    settings.DEFAULT_FROM_EMAIL = settings.EMAIL_REPLY_ADDRESS = "jobs@example.com"
    return settings


def post_email(client, raw: bytes, *, signature: str | None = None):
    signature = signature or "sha256=" + hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
    url = reverse("careers:email_inbound")
    return client.post(url, raw, content_type="message/rfc822", HTTP_X_EMAIL_SIGNATURE=signature)


def reply_to(mail, text: str) -> bytes:
    answer = EmailMessage()
    answer["From"], answer["To"] = "Anna <anna@example.com>", mail["Reply-To"]
    answer["Subject"], answer["Message-ID"] = "Re: " + mail["Subject"], "<anna-1@mail.example.com>"
    answer["In-Reply-To"] = mail["Message-ID"]
    answer.set_content(f"{text}\n\nOn Monday, Acme Bank wrote:\n> {mail['Subject']}")
    return answer.as_bytes()


@pytest.mark.django_db(transaction=True)
def test_an_email_only_applicant_gets_hrs_reply_by_email_and_their_answer_reaches_onef(
    client, email_settings, smtp_server, inbound, onef_receiver, eager_celery
):
    onef_receiver.expect_request("/onef/webhook").respond_with_data("", status=200)
    vacancy = VacancyFactory(name="Python Developer")
    assert apply(client, vacancy).status_code == 302
    candidate = Candidate.objects.get()
    assert candidate.telegram_id is None

    hr = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(hr)
    reply_url = reverse("admin:candidates_candidate_reply", args=[candidate.pk])
    client.post(reply_url, {"text": "Hello Anna, are you free on Monday?"})
    [mail] = smtp_server.messages()
    assert mail["To"] == "anna@example.com"
    assert "are you free on Monday?" in mail.get_body(preferencelist=("plain",)).get_content()

    client.logout()
    assert post_email(client, reply_to(mail, "Yes, Monday at 10 suits me.")).status_code == 200
    answer = Message.objects.get(direction=MessageDirection.INBOUND)
    assert (answer.candidate_id, answer.channel, answer.text) == (
        candidate.pk,
        "email",
        "Yes, Monday at 10 suits me.",
    )
    new_message = [
        body for body in received_bodies(onef_receiver) if body["requestBody"]["event_type"] == "new_message"
    ]
    assert [body["requestBody"] for body in new_message] == [
        {
            "event_type": "new_message",
            "candidate_id": str(candidate.pk),
            "telegram_id": None,
            "text": "Yes, Monday at 10 suits me.",
            "received_at": new_message[0]["requestBody"]["received_at"],
            "channel": "email",
        }
    ]


def test_the_inbound_webhook_refuses_a_bad_signature_and_is_off_outside_webhook_mode(
    client, inbound, settings
):
    raw = b"From: a@example.org\r\nTo: jobs@example.com\r\n\r\nhi\r\n"
    assert post_email(client, raw, signature="sha256=" + "0" * 64).status_code == 403
    assert post_email(client, raw).status_code == 200  # signed, but nobody's answer: dropped
    bearer = client.post(
        reverse("careers:email_inbound"),
        raw,
        content_type="message/rfc822",
        HTTP_AUTHORIZATION=f"Bearer {SECRET}",
    )
    assert bearer.status_code == 200
    settings.EMAIL_INBOUND_MODE = "imap"
    assert post_email(client, raw).status_code == 404


def test_the_inbound_webhook_says_413_for_an_email_over_the_limit(client, inbound, monkeypatch):
    monkeypatch.setattr("careers.email_views.MAX_RAW_BYTES", 10)
    assert post_email(client, b"x" * 11).status_code == 413


def _channel(settings) -> CandidateChannel:
    candidate = CandidateFactory(telegram_id=None, consent_at="2026-01-01T00:00:00Z")
    return CandidateChannel.objects.create(candidate=candidate, kind="email", address=candidate.email)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_unsubscribe_link_asks_then_stops_the_emails(client, settings, language):
    channel = _channel(settings)
    url = reverse("careers:unsubscribe", args=[channel.reply_token])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert ("Stop e-mails from us?" if language == "en" else "Больше не присылать вам письма?") in page
    done = client.post(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert ("You are unsubscribed" if language == "en" else "Вы отписались") in done
    channel.refresh_from_db()
    assert channel.unsubscribed_at is not None


def test_a_mail_clients_one_click_unsubscribe_works_without_a_session(settings):
    from django.test import Client

    channel = _channel(settings)
    url = reverse("careers:unsubscribe", args=[channel.reply_token])
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    channel.refresh_from_db()
    assert channel.unsubscribed_at is not None


def test_an_unknown_unsubscribe_token_is_404(client):
    assert client.get(reverse("careers:unsubscribe", args=["0" * 32])).status_code == 404
