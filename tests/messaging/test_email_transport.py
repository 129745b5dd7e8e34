"""messaging.email_transport: HR's message to an e-mail channel leaves through Django's SMTP backend to
a real local SMTP server (aiosmtpd): HTML and text, reply address, threading and unsubscribe headers."""

import pytest
from django.utils import timezone

from messaging import channels, delivery, rate_limits, services
from messaging.models import CandidateChannel, DeliveryStatus
from tests.conftest import FakeClock
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def email_only(db):
    """A candidate who applied on the careers page with an e-mail only (consent recorded)."""
    return CandidateFactory(
        telegram_id=None, email="Ann.Lee@Example.org", consent_at=timezone.now(), language="ru"
    )


def _send(candidate, text="Добрый день! Приглашаем на интервью.", **extra):
    message = services.message_send(candidate=candidate, text=text, **extra)
    return message, delivery.deliver(message.pk)


def test_a_message_to_an_email_only_candidate_is_sent_by_email(
    email_settings, smtp_server, email_only, queued_tasks
):
    message, outcome = _send(email_only, buttons=[[{"text": "Тест", "url": "https://jobs.example.com/t/x/"}]])
    assert outcome.result == "sent"
    [(mail_from, recipients, _)] = smtp_server.received
    assert (mail_from, recipients) == ("jobs@example.com", ["ann.lee@example.org"])
    [mail] = smtp_server.messages()
    token = CandidateChannel.objects.get(candidate=email_only, kind="email").reply_token
    assert mail["Reply-To"] == f"jobs+{token}@example.com"
    assert mail["From"] == "Acme Bank <jobs@example.com>"
    assert mail["Subject"] == "Сообщение от Acme Bank"
    assert mail["Message-ID"] == f"<{message.pk}@example.com>"
    assert mail["List-Unsubscribe"].strip() == f"<https://jobs.example.com/careers/unsubscribe/{token}/>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "Приглашаем на интервью." in text and "https://jobs.example.com/t/x/" in text
    assert 'href="https://jobs.example.com/t/x/"' in html and "Отписаться" in html
    message.refresh_from_db()
    assert (message.channel, message.delivery_status, message.external_id) == (
        "email",
        DeliveryStatus.SENT,
        f"<{message.pk}@example.com>",
    )


def test_a_message_with_a_file_carries_it_as_an_attachment(
    email_settings, smtp_server, email_only, queued_tasks
):
    _send(email_only, text="Invitation", document=("interview.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"))
    [mail] = smtp_server.messages()
    [attachment] = list(mail.iter_attachments())
    assert (attachment.get_filename(), attachment.get_content_type()) == ("interview.ics", "text/calendar")


def test_an_address_the_server_refuses_marks_the_channel_bounced(
    email_settings, smtp_server, email_only, queued_tasks
):
    smtp_server.refused.add("ann.lee@example.org")
    _message, outcome = _send(email_only)
    assert outcome.result == "failed"
    channel = CandidateChannel.objects.get(candidate=email_only, kind="email")
    assert channel.bounced_at is not None and "550" in channel.bounce_reason
    with pytest.raises(channels.CandidateUnreachable):
        services.message_send(candidate=email_only, text="Again")


def test_an_unreachable_mail_server_is_retried_and_the_message_stays_queued(
    email_settings, email_only, queued_tasks
):
    email_settings.EMAIL_PORT = 9  # nothing listens there
    message, outcome = _send(email_only)
    message.refresh_from_db()
    assert (outcome.result, message.delivery_status) == ("retry", DeliveryStatus.QUEUED)
    assert "Could not reach the mail server" in message.delivery_error


def test_without_a_mail_server_configured_the_message_waits_queued(settings, email_only, queued_tasks):
    settings.EMAIL_ENABLED = False
    message, outcome = _send(email_only)
    message.refresh_from_db()
    assert outcome.result == "queued" and "EMAIL_HOST" in message.delivery_error


def test_an_unsubscribed_or_unconsented_address_is_not_written_to(email_settings, email_only, queued_tasks):
    channels.channels_sync(candidate=email_only)
    channel = CandidateChannel.objects.get(candidate=email_only, kind="email")
    channels.channel_unsubscribe(reply_token=channel.reply_token)
    with pytest.raises(channels.CandidateUnreachable):
        services.message_send(candidate=email_only, text="Hi")
    no_consent = CandidateFactory(telegram_id=None, consent_at=None)
    with pytest.raises(channels.CandidateUnreachable):
        services.message_send(candidate=no_consent, text="Hi")


@pytest.fixture
def email_clock(monkeypatch) -> FakeClock:
    """The e-mail budget counts its minutes on this clock instead of the real one."""
    clock = FakeClock(1_800_000_030.0)  # half a minute into a window
    monkeypatch.setattr(rate_limits, "email_limiter", rate_limits.EmailRateLimiter(clock=clock))
    return clock


def test_over_the_budget_a_message_is_held_back_and_sent_the_next_minute(
    email_settings, smtp_server, email_only, queued_tasks, local_cache, email_clock
):
    email_settings.EMAIL_RATE_PER_MINUTE = 2
    first, second, third = (_send(email_only, text=f"Message {n}") for n in range(3))
    assert [outcome.result for _message, outcome in (first, second, third)] == ["sent", "sent", "retry"]
    held, outcome = third
    assert outcome.retry_in == pytest.approx(30)
    assert len(smtp_server.messages()) == 2
    held.refresh_from_db()
    assert (held.delivery_status, held.delivery_attempts) == (DeliveryStatus.QUEUED, 0)
    email_clock.now += 30  # the next minute: a fresh budget
    assert delivery.deliver(held.pk).result == "sent"
    assert [mail["Message-ID"] for mail in smtp_server.messages()][-1] == f"<{held.pk}@example.com>"
