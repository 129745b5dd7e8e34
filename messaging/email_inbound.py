"""E-mail that comes in (from the IMAP poller or the inbound webhook): a candidate's answer, or a
delivery-status report (a bounce).

An answer is threaded to its candidate by, in order: the reply token in a recipient address
(<local>+<token>@domain, the Reply-To of our e-mails); our Message-ID in In-Reply-To/References; the
sender's address when exactly one candidate's e-mail channel has it. It is stored through the same
inbound service as a Telegram message (`services.message_receive`: HR's chat, HR's notifications,
OneF's `new_message` with channel "email"), once per Message-ID. Attachments that pass the CV
rules (`cv_check`) become the candidate's CV (their current open application's, screened again
through the bounded parser); the others are named in the message, not kept.

A report (multipart/report; delivery-status) with a failed action marks the channel of the message
it returns bounced. Anything else unthreadable is logged and dropped (it is not a candidate's).
"""

import email
import email.policy
import hashlib
import logging
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import strip_tags

from candidates.selectors import candidate_current_application
from candidates.services import application_replace_cv, candidate_attach_cv
from messaging import services
from messaging.channels import channel_mark_bounced
from messaging.email_transport import reply_domain
from messaging.models import CandidateChannel, ChannelKind, Message

logger = logging.getLogger(__name__)

MAX_RAW_BYTES = 25 * 1024 * 1024
TOKEN_RE = re.compile(r"\+([0-9a-f]{32})@", re.IGNORECASE)
OUR_ID_RE = re.compile(r"<([0-9a-f-]{36})@([^>]+)>", re.IGNORECASE)
QUOTE_HEADER_RE = re.compile(
    r"^\s*(On .+ wrote:|.+ писал\(а\):|.+ написал\(а\):|-----Original Message-----)\s*$"
)


@dataclass(frozen=True)
class Handled:
    result: str  # stored | duplicate | bounce | ignored
    message: Message | None = None


def parse(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)


def _recipients(mail: EmailMessage) -> list[str]:
    fields = ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")
    values = [str(value) for field in fields for value in (mail.get_all(field) or [])]
    return [address.lower() for _, address in getaddresses(values)]


def _our_message_ids(mail: EmailMessage) -> list[str]:
    domain = reply_domain().lower()
    found = OUR_ID_RE.findall(" ".join(str(mail.get(field, "")) for field in ("In-Reply-To", "References")))
    return [uuid for uuid, host in reversed(found) if host.lower() == domain]


def thread_channel(mail: EmailMessage) -> CandidateChannel | None:
    """The e-mail channel an answer belongs to (see the module's docstring for the order)."""
    for address in _recipients(mail):
        if match := TOKEN_RE.search(address):
            channel = CandidateChannel.objects.filter(reply_token=match.group(1).lower()).first()
            if channel is not None:
                return channel
    for uuid in _our_message_ids(mail):
        message = Message.objects.filter(pk=uuid).select_related("candidate_channel").first()
        if message is not None and message.candidate_channel is not None:
            return message.candidate_channel
    sender = parseaddr(str(mail.get("From", "")))[1].lower()
    matches = list(CandidateChannel.objects.filter(kind=ChannelKind.EMAIL, address=sender)[:2])
    return matches[0] if len(matches) == 1 else None


def answer_text(mail: EmailMessage) -> str:
    """The new text of an answer: the plain part (else the HTML's text), quoted history cut off."""
    part = mail.get_body(preferencelist=("plain", "html"))
    content = part.get_content() if part is not None else ""
    if part is not None and part.get_content_type() == "text/html":
        content = strip_tags(content)
    kept = []
    for line in content.replace("\r\n", "\n").split("\n"):
        if QUOTE_HEADER_RE.match(line):
            break
        if not line.startswith(">"):
            kept.append(line.rstrip())
    text = "\n".join(kept).strip()
    return text[: services.TELEGRAM_MAX_TEXT]


def _external_id(mail: EmailMessage, raw: bytes) -> str:
    message_id = str(mail.get("Message-ID", "")).strip()
    return message_id[:255] if message_id else "sha256:" + hashlib.sha256(raw).hexdigest()


def _is_bounce(mail: EmailMessage) -> bool:
    return (
        mail.get_content_type() == "multipart/report" and mail.get_param("report-type") == "delivery-status"
    )


def _payload_list(part: EmailMessage) -> list:
    payload = part.get_payload()
    return payload if isinstance(payload, list) else [payload]


def handle_bounce(mail: EmailMessage) -> Handled:
    """A delivery-status report: mark the channel of the returned message (or the failed recipient)."""
    statuses = [part for part in mail.walk() if part.get_content_type() == "message/delivery-status"]
    blocks = [block for part in statuses for block in _payload_list(part)]
    report = "\n".join(str(block) for block in blocks)
    failed = re.search(r"^Action:\s*failed", report, re.IGNORECASE | re.MULTILINE)
    if not failed:
        return Handled("ignored")
    status = re.search(r"^(?:Diagnostic-Code|Status):\s*(.+)$", report, re.IGNORECASE | re.MULTILINE)
    reason = status.group(1).strip() if status else "Delivery failed"
    returned = [
        part for part in mail.walk() if part.get_content_type() in ("message/rfc822", "text/rfc822-headers")
    ]
    ids = OUR_ID_RE.findall(" ".join(str(part) for part in returned))
    channel_ids = {
        channel_id
        for channel_id in Message.objects.filter(pk__in=[uuid for uuid, _ in ids]).values_list(
            "candidate_channel_id", flat=True
        )
        if channel_id
    }
    recipient = re.search(r"^Final-Recipient:\s*[^;]+;\s*(\S+)", report, re.IGNORECASE | re.MULTILINE)
    if not channel_ids and recipient:
        address = recipient.group(1).strip().lower()
        channel_ids = set(
            CandidateChannel.objects.filter(kind=ChannelKind.EMAIL, address=address).values_list(
                "pk", flat=True
            )
        )
    for channel_id in channel_ids:
        channel_mark_bounced(channel_id=channel_id, reason=reason)
    return Handled("bounce" if channel_ids else "ignored")


def _keep_attachments(mail: EmailMessage, channel: CandidateChannel) -> list[str]:
    """Each attachment as a CV (the last accepted one wins); notes for the chat on what happened."""
    notes = []
    for part in mail.iter_attachments():
        name = part.get_filename() or "attachment"
        content = part.get_payload(decode=True) or b""
        try:
            with transaction.atomic():
                _store_cv(channel, content, name)
        except ValidationError as error:
            notes.append(f"[{name}: {' '.join(error.messages)}]")
            continue
        notes.append(f"[{name}: CV]")
    return notes


def _store_cv(channel: CandidateChannel, content: bytes, name: str) -> None:
    candidate = channel.candidate
    application = candidate_current_application(candidate=candidate)
    if application is not None and not application.is_closed:
        application_replace_cv(application=application, content=content, filename=name, actor_label="e-mail")
    else:
        candidate_attach_cv(candidate=candidate, content=content, filename=name)


def _automatic(mail: EmailMessage) -> bool:
    auto = str(mail.get("Auto-Submitted", "no")).strip().lower()
    return auto != "no" or str(mail.get("X-Autoreply", "")).lower() == "yes"


def email_inbound_handle(*, raw: bytes) -> Handled:
    """Handle one raw e-mail (RFC 5322 bytes). Idempotent: the same e-mail twice is stored once."""
    if len(raw) > MAX_RAW_BYTES:
        logger.warning("Inbound e-mail of %s bytes dropped: over %s", len(raw), MAX_RAW_BYTES)
        return Handled("ignored")
    mail = parse(raw)
    if _is_bounce(mail):
        return handle_bounce(mail)
    channel = thread_channel(mail)
    if channel is None or _automatic(mail):
        logger.info("Inbound e-mail %s is not a candidate's answer: dropped", mail.get("Message-ID", "?"))
        return Handled("ignored")
    external_id = _external_id(mail, raw)
    existing = Message.objects.filter(channel=ChannelKind.EMAIL, external_id=external_id, direction="inbound")
    if (stored := existing.first()) is not None:
        return Handled("duplicate", stored)
    with transaction.atomic():
        notes = _keep_attachments(mail, channel)
        text = "\n".join([answer_text(mail), *notes]).strip() or "[empty e-mail]"
        message, created = services.message_receive(
            candidate=channel.candidate,
            text=text[: services.TELEGRAM_MAX_TEXT],
            channel=ChannelKind.EMAIL,
            external_id=external_id,
            candidate_channel=channel,
        )
    return Handled("stored" if created else "duplicate", message)
