"""messaging.email_imap: the poller reads the unseen e-mail of the inbound mailbox through imap-tools
(against a local IMAP server), stores candidates' answers once and flags each e-mail seen only
after it was handled."""

from email.message import EmailMessage

import pytest
from django.utils import timezone

from messaging import channels
from messaging.email_imap import imap_poll
from messaging.models import CandidateChannel, Message
from tests.factories import CandidateFactory
from tests.fake_imap import Mailbox, start_imap

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailbox(settings, local_cache):
    box = Mailbox()
    server = start_imap(box)
    settings.EMAIL_INBOUND_MODE = "imap"
    settings.EMAIL_IMAP_HOST, settings.EMAIL_IMAP_PORT = "127.0.0.1", server.server_address[1]
    settings.EMAIL_IMAP_SSL = False
    settings.EMAIL_IMAP_USER, settings.EMAIL_IMAP_PASSWORD = box.user, box.password
    settings.EMAIL_IMAP_FOLDER, settings.EMAIL_IMAP_POLL_SECONDS = "INBOX", 60
    settings.DEFAULT_FROM_EMAIL = settings.EMAIL_REPLY_ADDRESS = "jobs@example.com"
    yield box
    server.shutdown()
    server.server_close()


def _mail(to: str, message_id: str, text: str) -> bytes:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"], mail["Message-ID"] = (
        "ann@example.org",
        to,
        "Re: hi",
        message_id,
    )
    mail.set_content(text)
    return mail.as_bytes()


def test_a_poll_stores_the_answers_and_flags_what_it_handled_seen(mailbox):
    candidate = CandidateFactory(telegram_id=None, email="ann@example.org", consent_at=timezone.now())
    channels.channels_sync(candidate=candidate)
    token = CandidateChannel.objects.get(candidate=candidate).reply_token
    mailbox.deliver(_mail(f"jobs+{token}@example.com", "<a1@example.org>", "Thank you, see you Monday."))
    mailbox.deliver(_mail("jobs@example.com", "<spam@example.net>", "Buy now").replace(b"ann@", b"bob@"))

    assert imap_poll() == {"stored": 1, "ignored": 1}
    [message] = Message.objects.all()
    assert (message.candidate_id, message.channel, message.text) == (
        candidate.pk,
        "email",
        "Thank you, see you Monday.",
    )
    assert all("\\Seen" in mail.flags for mail in mailbox.mails)
    assert "UID SEARCH CHARSET US-ASCII (UNSEEN)" in mailbox.commands
    assert "UID FETCH 1,2 (BODY.PEEK[] UID FLAGS RFC822.SIZE)" in mailbox.commands  # not seen on reading


def test_polls_are_spaced_and_a_forced_poll_finds_nothing_new(mailbox):
    mailbox.deliver(_mail("jobs@example.com", "<x@example.net>", "hello"))
    assert imap_poll() == {"ignored": 1}
    mailbox.deliver(_mail("jobs@example.com", "<y@example.net>", "again"))
    assert imap_poll() == {}  # within EMAIL_IMAP_POLL_SECONDS of the last one
    assert imap_poll(force=True) == {"ignored": 1}


def test_outside_imap_mode_nothing_is_polled(settings):
    settings.EMAIL_INBOUND_MODE = "webhook"
    assert imap_poll() == {}
