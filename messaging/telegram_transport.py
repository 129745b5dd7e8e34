"""The Telegram transport: an outbound message through the Bot API (`messaging.telegram`, which keeps
Telegram's sending limits): sendMessage, or sendDocument for a message with a file.

A 403 (the user blocked the bot, deleted their account, the bot cannot write to the chat) is final
and the address is dead: delivery marks the candidate's Telegram channel bounced, as a hard bounce
marks an e-mail address, so it is not chosen again (MAX does the same with its 403)."""

import mimetypes

from django.conf import settings

from messaging import telegram
from messaging.models import ChannelKind, Message
from messaging.transports import SendResult

MAX_INLINE_WAIT_SECONDS = 1.5
FORBIDDEN = 403


def _markup(message: Message) -> dict | None:
    if not message.buttons:
        return None
    rows = [[_inline_button(button) for button in row] for row in message.buttons]
    return {"inline_keyboard": rows}


def _inline_button(button: dict) -> dict:
    if button.get("data"):
        return {"text": button["text"], "callback_data": button["data"]}
    if button.get("web_app"):
        return {"text": button["text"], "web_app": {"url": button["web_app"]}}
    return {"text": button["text"], "url": button["url"]}


def document_content_type(name: str) -> str:
    """The document's media type from its name (interview.ics: text/calendar), else an octet stream."""
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _post(message: Message, chat_id: int) -> telegram.SendResult:
    """sendMessage, or sendDocument (multipart, the text as caption) when the message has a file."""
    markup = _markup(message)
    extra = {"reply_markup": markup} if markup else {}
    if message.document_name:
        name = message.document_name
        files = {"document": (name, message.document_content.encode(), document_content_type(name))}
        params = {"caption": message.text, **extra}
        return telegram.send(
            "sendDocument", chat_id, params=params, files=files, max_wait=MAX_INLINE_WAIT_SECONDS
        )
    params = {"text": message.text, **extra}
    return telegram.send("sendMessage", chat_id, params=params, max_wait=MAX_INLINE_WAIT_SECONDS)


class TelegramTransport:
    kind = ChannelKind.TELEGRAM
    claim_seconds = telegram.CONNECT_TIMEOUT + telegram.READ_TIMEOUT + 10

    def configured(self) -> bool:
        return bool(settings.TELEGRAM_BOT_TOKEN)

    def not_configured_reason(self) -> str:
        return "Telegram bot is not configured (TELEGRAM_BOT_TOKEN is not set); the message stays queued."

    def send(self, message: Message) -> SendResult:
        chat_id = message.telegram_chat_id
        if chat_id is None:
            return SendResult(ok=False, error="The candidate has no Telegram chat.", final=True)
        result = _post(message, chat_id)
        return SendResult(
            ok=result.ok,
            external_id=str(result.message_id) if result.message_id is not None else "",
            retry_after=result.retry_after,
            error=result.error,
            final=result.final,
            held_back=result.held_back,
            address_dead=result.final and result.status_code == FORBIDDEN,
        )
