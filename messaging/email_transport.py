"""The e-mail transport: an outbound message as an e-mail through Django's mail backend (SMTP in
production), HTML plus text, in the candidate's language.

- From: COMPANY_NAME <DEFAULT_FROM_EMAIL>; Reply-To: <local>+<reply token>@<domain> of
  EMAIL_REPLY_ADDRESS, so an answer finds its candidate (`messaging.email_inbound`).
- Message-ID: <message uuid@domain>, the same on every try (a resend is recognisable), stored as the
  message's external_id; In-Reply-To/References: the candidate's last e-mail, so clients thread it.
- List-Unsubscribe (+ One-Click POST, RFC 8058) and an unsubscribe link in the footer.
- A message's file (an interview's .ics) is attached; link buttons become links; callback buttons
  (answers inside the bot) are left out: they only work in a messenger.

Outbound e-mail keeps a per-installation budget (EMAIL_RATE_PER_MINUTE, `messaging.rate_limits`):
over it nothing is sent and the result is `held_back` with the seconds to the next minute, so
delivery tries the message again then (nothing is lost, no attempt is counted).

SMTP answers: a 5xx for the recipient is a hard bounce (the channel is marked bounced); other 5xx
are final for this message; 4xx, a dropped connection or a timeout are retried.
"""

import logging
import smtplib
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from messaging import rate_limits
from messaging.models import ChannelKind, Message, MessageDirection
from messaging.telegram_transport import document_content_type
from messaging.transports import SendResult

logger = logging.getLogger(__name__)


def reply_domain() -> str:
    return (settings.EMAIL_REPLY_ADDRESS or settings.DEFAULT_FROM_EMAIL).rpartition("@")[2] or "localhost"


def reply_address(token: str) -> str:
    local, _at, domain = settings.EMAIL_REPLY_ADDRESS.partition("@")
    return f"{local}+{token}@{domain}"


def message_id_of(message: Message) -> str:
    return f"<{message.pk}@{reply_domain()}>"


def unsubscribe_url(token: str) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("careers:unsubscribe", args=[token])


def _links(message: Message) -> list[dict]:
    return [
        {"text": button["text"], "url": button.get("url") or button.get("web_app")}
        for row in message.buttons
        for button in row
        if button.get("url") or button.get("web_app")
    ]


def _last_inbound_id(message: Message) -> str:
    return (
        Message.objects.filter(
            candidate_id=message.candidate_id, direction=MessageDirection.INBOUND, channel=ChannelKind.EMAIL
        )
        .exclude(external_id="")
        .order_by("-created_at")
        .values_list("external_id", flat=True)
        .first()
        or ""
    )


def build_email(message: Message) -> EmailMultiAlternatives:
    channel = message.candidate_channel
    context = {
        "text": message.text,
        "links": _links(message),
        "company": settings.COMPANY_NAME,
        "unsubscribe_url": unsubscribe_url(channel.reply_token),
    }
    with translation.override(message.candidate.language or settings.LANGUAGE_CODE):
        subject = _("Message from %(company)s") % {"company": settings.COMPANY_NAME}
        text = render_to_string("messaging/email/message.txt", context)
        html = render_to_string("messaging/email/message.html", context)
    headers = {
        "Message-ID": message_id_of(message),
        "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    if previous := _last_inbound_id(message):
        headers |= {"In-Reply-To": previous, "References": previous}
    reply_to = [reply_address(channel.reply_token)] if settings.EMAIL_REPLY_ADDRESS else []
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=formataddr((settings.COMPANY_NAME, parseaddr(settings.DEFAULT_FROM_EMAIL)[1])),
        to=[channel.address],
        reply_to=reply_to,
        headers=headers,
    )
    email.attach_alternative(html, "text/html")
    if message.document_name:
        name = message.document_name
        email.attach(name, message.document_content, document_content_type(name))
    return email


def _refused(error: smtplib.SMTPRecipientsRefused) -> SendResult:
    code, reply = next(iter(error.recipients.values()), (0, b""))
    text = f"The mail server refused the address ({code}): {reply.decode(errors='replace')[:200]}"
    if code >= 500:
        return SendResult(ok=False, error=text, final=True, address_dead=True)
    return SendResult(ok=False, error=text)


class EmailTransport:
    kind = ChannelKind.EMAIL

    @property
    def claim_seconds(self) -> float:
        return settings.EMAIL_TIMEOUT * 3 + 10

    def configured(self) -> bool:
        return bool(settings.EMAIL_ENABLED)

    def not_configured_reason(self) -> str:
        return "E-mail is not configured (EMAIL_HOST is not set); the message stays queued."

    def send(self, message: Message) -> SendResult:
        if message.candidate_channel is None:
            return SendResult(ok=False, error="The message has no e-mail address to go to.", final=True)
        wait = rate_limits.email_limiter.reserve_send_slot(per_minute=settings.EMAIL_RATE_PER_MINUTE)
        if wait > 0:
            error = f"E-mail rate limit (EMAIL_RATE_PER_MINUTE): waiting {wait:.0f} s."
            return SendResult(ok=False, retry_after=wait, error=error, held_back=True)
        email = build_email(message)
        try:
            with get_connection(timeout=settings.EMAIL_TIMEOUT) as connection:
                connection.send_messages([email])
        except smtplib.SMTPRecipientsRefused as error:
            return _refused(error)
        except smtplib.SMTPResponseException as error:
            text = f"The mail server answered {error.smtp_code}: {str(error.smtp_error)[:200]}"
            return SendResult(ok=False, error=text, final=500 <= error.smtp_code < 600)
        except (smtplib.SMTPException, OSError) as error:  # connection refused, timeout, TLS
            return SendResult(ok=False, error=f"Could not reach the mail server: {type(error).__name__}")
        return SendResult(ok=True, external_id=message_id_of(message))
