"""The MAX transport: an outbound message to a candidate's MAX dialog through the Bot API
(`messaging.max_api`): POST /messages?chat_id=<the channel's address>.

Buttons become an inline_keyboard: callback buttons (`data`) and link buttons (`url`); a `web_app`
button (a Telegram Mini App) becomes a link only when the message has no link of its own. A file
(an interview's .ics) is uploaded (POST /uploads, then the multipart upload) and sent as its own
message before the text: MAX takes a file attachment only alone in its message. A file MAX has not
processed yet (`attachment.not.ready`) is tried again shortly.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings

from messaging.max_api import CONNECT_TIMEOUT, MAX_TEXT, READ_TIMEOUT, MaxAnswer, MaxClient
from messaging.models import ChannelKind, Message
from messaging.transports import SendResult

NOT_READY_RETRY_SECONDS = 2.0
RATE_LIMITED_RETRY_SECONDS = 5.0
BUTTON_TEXT_MAX = 128


def _without_via(url: str) -> str:
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query) if key != "via"]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _button(button: dict, *, links_elsewhere: bool) -> dict | None:
    text = str(button.get("text") or "")[:BUTTON_TEXT_MAX]
    if button.get("data"):
        return {"type": "callback", "text": text, "payload": button["data"]}
    if button.get("url"):
        return {"type": "link", "text": text, "url": button["url"]}
    if button.get("web_app") and not links_elsewhere:
        return {"type": "link", "text": text, "url": _without_via(button["web_app"])}
    return None


def keyboard(rows: list[list[dict]]) -> list[dict]:
    """The message's buttons as MAX attachments (none, or one inline_keyboard)."""
    has_links = any(button.get("url") for row in rows for button in row)
    converted = [
        [b for b in (_button(button, links_elsewhere=has_links) for button in row) if b] for row in rows
    ]
    converted = [row for row in converted if row]
    return [{"type": "inline_keyboard", "payload": {"buttons": converted}}] if converted else []


def _result(answer: MaxAnswer) -> SendResult:
    if answer.ok:
        body = answer.body if isinstance(answer.body, dict) else {}
        mid = ((body.get("message") or {}).get("body") or {}).get("mid") or ""
        return SendResult(ok=True, external_id=str(mid))
    if answer.error_code == "attachment.not.ready":
        return SendResult(ok=False, error=answer.error, retry_after=NOT_READY_RETRY_SECONDS)
    if answer.status_code == 429:
        return SendResult(ok=False, error=answer.error, retry_after=RATE_LIMITED_RETRY_SECONDS)
    # 403: the user stopped or blocked the bot; 404: no such dialog. The address itself is dead.
    dead = answer.status_code in (403, 404)
    return SendResult(ok=False, error=answer.error, final=answer.final, address_dead=dead)


class MaxTransport:
    kind = ChannelKind.MAX
    # The upload (two requests), the file's message and the text's message.
    claim_seconds = 4 * (CONNECT_TIMEOUT + READ_TIMEOUT) + 10

    def configured(self) -> bool:
        return bool(settings.MAX_BOT_TOKEN)

    def not_configured_reason(self) -> str:
        return "The MAX bot is not configured (MAX_BOT_TOKEN is not set); the message stays queued."

    def send(self, message: Message) -> SendResult:
        channel = message.candidate_channel
        address = channel.address if channel is not None else ""
        if not address.lstrip("-").isdigit():
            return SendResult(ok=False, error="The candidate has no MAX dialog.", final=True)
        client, chat_id = MaxClient(), int(address)
        if message.document_name:
            sent = self._send_document(client, chat_id, message)
            if not sent.ok:
                return sent
        body = {"text": message.text[:MAX_TEXT], "attachments": keyboard(message.buttons or [])}
        return _result(client.send_message(chat_id=chat_id, body=body))

    @staticmethod
    def _send_document(client: MaxClient, chat_id: int, message: Message) -> SendResult:
        uploaded = client.upload_file(name=message.document_name, content=message.document_content.encode())
        token = uploaded.body.get("token") if uploaded.ok and isinstance(uploaded.body, dict) else None
        if not token:
            return SendResult(ok=False, error=uploaded.error or "MAX returned no file token.")
        attachment = {"type": "file", "payload": {"token": token}}
        return _result(client.send_message(chat_id=chat_id, body={"attachments": [attachment]}))
