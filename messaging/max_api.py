"""A small client of MAX's Bot API (dev.max.ru/docs-api), over plain HTTP with `requests`.

The MAX bot (`max_bot/`) and the outbound sender use it. The endpoints: GET /me, POST /messages
(?user_id= or ?chat_id=), PUT /messages?message_id=, GET /updates (long polling with `marker`),
POST /subscriptions (the webhook), POST /answers?callback_id= (a tapped button), POST /uploads?type=file
followed by the multipart upload to the URL it gives (the answer's `token` goes into a `file`
attachment). The token goes in the `Authorization` header (MAX no longer takes it in the query), so
no URL here holds a secret; errors keep MAX's `code` and `message` (`{"code": "verify.token", ...}`).

Every call answers with a `MaxAnswer` and never raises for what MAX or the network did. A failure is
final for 400/403/404 (the request itself is wrong, the user stopped the bot, no such chat) and
transient otherwise (network errors, 429, 5xx, and 401: a token HR can fix).
"""

import logging
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT, READ_TIMEOUT = 5, 20
MAX_TEXT = 4000  # NewMessageBody.text's maxLength
FINAL_STATUSES = frozenset({400, 403, 404})
# The update types the bot handles (GET /updates' `types`, POST /subscriptions' `update_types`).
UPDATE_TYPES = ("message_created", "message_callback", "bot_started")


@dataclass(frozen=True)
class MaxAnswer:
    ok: bool
    status_code: int | None = None  # None: MAX did not answer (a network error)
    body: Any = None
    error: str = ""

    @property
    def final(self) -> bool:
        return not self.ok and self.status_code in FINAL_STATUSES

    @property
    def error_code(self) -> str:
        """MAX's error `code` ("attachment.not.ready", "verify.token"...), or ""."""
        return str(self.body.get("code") or "") if isinstance(self.body, dict) else ""


class MaxClient:
    def __init__(self, *, token: str | None = None, base_url: str | None = None) -> None:
        self.token = settings.MAX_BOT_TOKEN if token is None else token
        self.base_url = (base_url or settings.MAX_API_URL).rstrip("/")
        self.session = requests.Session()
        self.session.headers["Authorization"] = self.token

    def call(
        self,
        verb: str,
        path: str,
        *,
        params: dict | None = None,
        json: Any = None,
        timeout: float | tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT),
    ) -> MaxAnswer:
        try:
            response = self.session.request(
                verb, f"{self.base_url}{path}", params=params, json=json, timeout=timeout
            )
        except requests.RequestException as error:
            logger.warning("MAX %s %s failed: %s", verb, path, type(error).__name__)
            return MaxAnswer(ok=False, error=f"MAX is unreachable ({type(error).__name__}).")
        return _answer(response, f"{verb} {path}")

    # --- The bot ----------------------------------------------------------------------------------

    def me(self) -> MaxAnswer:
        return self.call("GET", "/me")

    def updates(self, *, marker: int | None, timeout: int, limit: int = 100) -> MaxAnswer:
        """Long polling: passing `marker` confirms every update handed out before it."""
        params: dict[str, Any] = {"timeout": timeout, "limit": limit, "types": ",".join(UPDATE_TYPES)}
        if marker is not None:
            params["marker"] = marker
        return self.call("GET", "/updates", params=params, timeout=(CONNECT_TIMEOUT, timeout + 10))

    def subscribe(self, *, url: str, secret: str) -> MaxAnswer:
        body: dict[str, Any] = {"url": url, "update_types": list(UPDATE_TYPES)}
        if secret:
            body["secret"] = secret
        return self.call("POST", "/subscriptions", json=body)

    def unsubscribe(self, *, url: str) -> MaxAnswer:
        return self.call("DELETE", "/subscriptions", params={"url": url})

    # --- Messages ---------------------------------------------------------------------------------

    def send_message(
        self, *, body: dict, chat_id: int | None = None, user_id: int | None = None
    ) -> MaxAnswer:
        """POST /messages to a chat or a user; `body` is a NewMessageBody (text, attachments)."""
        params = {"chat_id": chat_id} if chat_id is not None else {"user_id": user_id}
        return self.call("POST", "/messages", params=params, json=body)

    def edit_message(self, *, message_id: str, body: dict) -> MaxAnswer:
        return self.call("PUT", "/messages", params={"message_id": message_id}, json=body)

    def answer_callback(
        self, *, callback_id: str, message: dict | None = None, notification: str = ""
    ) -> MaxAnswer:
        """POST /answers: `message` replaces the message whose button was tapped; `notification` is a
        one-time note to the user."""
        body: dict[str, Any] = {}
        if message is not None:
            body["message"] = message
        if notification:
            body["notification"] = notification
        return self.call("POST", "/answers", params={"callback_id": callback_id}, json=body)

    # --- Files ------------------------------------------------------------------------------------

    def upload_file(
        self, *, name: str, content: bytes, content_type: str = "application/octet-stream"
    ) -> MaxAnswer:
        """POST /uploads?type=file, then the multipart upload: the answer's body is {"token": ...}."""
        endpoint = self.call("POST", "/uploads", params={"type": "file"})
        url = endpoint.body.get("url") if endpoint.ok and isinstance(endpoint.body, dict) else None
        if not url:
            return endpoint if not endpoint.ok else MaxAnswer(ok=False, error="MAX gave no upload URL.")
        try:
            response = requests.post(
                url, files={"data": (name, content, content_type)}, timeout=(CONNECT_TIMEOUT, READ_TIMEOUT)
            )
        except requests.RequestException as error:
            return MaxAnswer(ok=False, error=f"The upload failed ({type(error).__name__}).")
        return _answer(response, "upload")

    def download(self, url: str, *, max_bytes: int) -> bytes:
        """A file a user sent (its attachment's payload.url); ValueError when larger than `max_bytes`,
        requests.RequestException when it cannot be fetched."""
        with requests.get(url, stream=True, timeout=(CONNECT_TIMEOUT, READ_TIMEOUT)) as response:
            response.raise_for_status()
            content = bytearray()
            for chunk in response.iter_content(64 * 1024):
                content += chunk
                if len(content) > max_bytes:
                    raise ValueError(f"The file is larger than {max_bytes} bytes.")
        return bytes(content)


def _answer(response: requests.Response, what: str) -> MaxAnswer:
    try:
        body = response.json()
    except ValueError:
        body = None
    if 200 <= response.status_code < 300:
        return MaxAnswer(ok=True, status_code=response.status_code, body=body)
    detail = body.get("message") or body.get("code") if isinstance(body, dict) else ""
    logger.warning("MAX %s answered %s: %s", what, response.status_code, detail)
    return MaxAnswer(
        ok=False,
        status_code=response.status_code,
        body=body,
        error=f"MAX answered {response.status_code}: {detail}",
    )
