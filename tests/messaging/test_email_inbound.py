"""messaging.email_inbound: a candidate's answer by e-mail threads to them (reply token, our
Message-ID, their address), lands in the chat once, keeps a CV attachment; a bounce report marks
the channel."""

from email.message import EmailMessage

import pytest
from django.utils import timezone

from messaging import channels
from messaging.email_inbound import email_inbound_handle
from messaging.models import CandidateChannel, Message, MessageDirection
from tests.factories import ApplicationFactory, CandidateFactory, OutboundMessageFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def channel(settings):
    settings.DEFAULT_FROM_EMAIL = settings.EMAIL_REPLY_ADDRESS = "jobs@example.com"
    candidate = CandidateFactory(telegram_id=None, email="ann@example.org", consent_at=timezone.now())
    channels.channels_sync(candidate=candidate)
    return CandidateChannel.objects.get(candidate=candidate, kind="email")


def answer(*, to="jobs@example.com", sender="Ann <ann@example.org>", text="Yes, Monday suits me.", **headers):
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = sender, to, "Re: Message from Acme"
    mail["Message-ID"] = headers.pop("message_id", "<answer-1@mail.example.org>")
    for name, value in headers.items():
        mail[name.replace("_", "-")] = value
    mail.set_content(text)
    return mail


def test_an_answer_to_the_reply_address_lands_in_the_candidates_chat(channel):
    mail = answer(to=f"jobs+{channel.reply_token}@example.com", text="Yes, Monday suits me.\n\n> Old text")
    handled = email_inbound_handle(raw=mail.as_bytes())
    message = handled.message
    assert (handled.result, message.candidate_id, message.direction) == (
        "stored",
        channel.candidate_id,
        "inbound",
    )
    assert (message.channel, message.text, message.candidate_channel_id) == (
        "email",
        "Yes, Monday suits me.",
        channel.pk,
    )
    assert message.external_id == "<answer-1@mail.example.org>"


def test_the_same_email_twice_is_stored_once(channel):
    raw = answer(to=f"jobs+{channel.reply_token}@example.com").as_bytes()
    assert [email_inbound_handle(raw=raw).result for _ in range(2)] == ["stored", "duplicate"]
    assert Message.objects.filter(direction=MessageDirection.INBOUND).count() == 1


def test_an_answer_is_threaded_by_in_reply_to_when_the_address_lost_its_token(channel):
    ours = OutboundMessageFactory(candidate=channel.candidate, channel="email", candidate_channel=channel)
    mail = answer(sender="Someone <other@example.net>", In_Reply_To=f"<{ours.pk}@example.com>")
    assert email_inbound_handle(raw=mail.as_bytes()).message.candidate_id == channel.candidate_id


def test_an_answer_is_threaded_by_the_senders_address_when_only_one_candidate_has_it(channel):
    assert email_inbound_handle(raw=answer().as_bytes()).message.candidate_id == channel.candidate_id
    twin = CandidateFactory(email="ann@example.org", consent_at=timezone.now(), telegram_id=None)
    channels.channels_sync(candidate=twin)  # the same address on two candidate records: ambiguous
    assert email_inbound_handle(raw=answer(message_id="<answer-2@x>").as_bytes()).result == "ignored"


def test_mail_from_nobody_we_know_and_auto_replies_are_dropped(channel):
    assert email_inbound_handle(raw=answer(sender="spam@example.net").as_bytes()).result == "ignored"
    auto = answer(to=f"jobs+{channel.reply_token}@example.com", Auto_Submitted="auto-replied")
    assert email_inbound_handle(raw=auto.as_bytes()).result == "ignored"
    assert not Message.objects.exists()


def test_a_cv_attachment_replaces_the_cv_of_the_open_application(channel, django_capture_on_commit_callbacks):
    application = ApplicationFactory(candidate=channel.candidate)
    mail = answer(to=f"jobs+{channel.reply_token}@example.com", text="My updated CV.")
    mail.add_attachment(PDF, maintype="application", subtype="pdf", filename="cv.pdf")
    mail.add_attachment(b"MZ...", maintype="application", subtype="octet-stream", filename="virus.exe")
    message = email_inbound_handle(raw=mail.as_bytes()).message
    application.refresh_from_db()
    assert application.cv_filename == "cv.pdf"
    assert message.text.startswith("My updated CV.\n[cv.pdf: CV]\n[virus.exe: ")


def test_a_bounce_report_marks_the_channel_of_the_returned_message_bounced(channel):
    ours = OutboundMessageFactory(candidate=channel.candidate, channel="email", candidate_channel=channel)
    raw = _dsn(channel.address, f"<{ours.pk}@example.com>")
    assert email_inbound_handle(raw=raw).result == "bounce"
    channel.refresh_from_db()
    assert channel.bounced_at is not None and "5.1.1" in channel.bounce_reason


def _dsn(recipient: str, message_id: str) -> bytes:
    return (
        "From: MAILER-DAEMON@mx.example.org\r\nTo: jobs@example.com\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn-1@mx.example.org>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.org\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n\r\n"
        "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"From: jobs@example.com\r\nTo: {recipient}\r\nMessage-ID: {message_id}\r\n\r\n"
        "--B--\r\n"
    ).encode()
