"""IMAP polling of the inbound mailbox (EMAIL_INBOUND_MODE=imap), through imap-tools.

Each poll reads the unseen messages of EMAIL_IMAP_FOLDER, oldest first, hands each to
`email_inbound_handle`, and flags it seen only once it is handled (stored, or recognised as not a
candidate's): a poller that dies midway leaves the rest unseen for the next poll, and an e-mail
handled twice is stored once (by its Message-ID). One poller at a time: a cache lock that also
spaces polls EMAIL_IMAP_POLL_SECONDS apart (beat asks more often).
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from imap_tools import AND, MailBox, MailBoxUnencrypted, MailMessageFlags

from messaging.email_inbound import email_inbound_handle

logger = logging.getLogger(__name__)

LOCK_KEY = "email-imap:poll"
BATCH = 100
TIMEOUT_SECONDS = 30


def _mailbox():
    box = MailBox if settings.EMAIL_IMAP_SSL else MailBoxUnencrypted
    return box(settings.EMAIL_IMAP_HOST, port=settings.EMAIL_IMAP_PORT, timeout=TIMEOUT_SECONDS)


def imap_poll(*, force: bool = False) -> dict[str, int]:
    """One poll; the tally of what came of the messages read ({} when not due or not in imap mode)."""
    if settings.EMAIL_INBOUND_MODE != "imap":
        return {}
    if not cache.add(LOCK_KEY, 1, timeout=settings.EMAIL_IMAP_POLL_SECONDS) and not force:
        return {}
    tally: dict[str, int] = {}
    login = (settings.EMAIL_IMAP_USER, settings.EMAIL_IMAP_PASSWORD)
    with _mailbox().login(*login, initial_folder=settings.EMAIL_IMAP_FOLDER) as mailbox:
        for mail in mailbox.fetch(AND(seen=False), mark_seen=False, limit=BATCH, bulk=True):
            try:
                result = email_inbound_handle(raw=mail.obj.as_bytes()).result
            except DatabaseError:
                raise  # stop: the rest stays unseen for the next poll
            except Exception:
                logger.exception("Inbound e-mail %s could not be handled; left unseen", mail.uid)
                tally["error"] = tally.get("error", 0) + 1
                continue
            mailbox.flag(mail.uid, MailMessageFlags.SEEN, True)
            tally[result] = tally.get(result, 0) + 1
    if tally:
        logger.info("IMAP poll: %s", tally)
    return tally
