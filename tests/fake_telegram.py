"""A fake Telegram Bot API server: a real HTTP server on 127.0.0.1 that the real python-telegram-bot
Application (and the outbound sender) talk to. Tests push updates into it and read what the bot sent.
"""

import contextlib
import email.policy
import json
import threading
import time
from dataclasses import dataclass, field
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote

TOKEN = "123456:TEST-token"
BOT_USER = {
    "id": 123456,
    "is_bot": True,
    "first_name": "Recruitment",
    "username": "recruitment_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}

# Scripted sendMessage answers (for FakeTelegram.send_responses).
RATE_LIMITED = (
    429,
    {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    },
)
BLOCKED = (403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"})
CHAT_NOT_FOUND = (400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"})
SERVER_ERROR = (502, {"ok": False, "error_code": 502, "description": "Bad Gateway"})


@dataclass
class Call:
    method: str
    params: dict
    at: float = field(default_factory=time.monotonic)

    @property
    def text(self) -> str:
        return self.params.get("text", "")

    @property
    def reply_markup(self) -> dict:
        return self.params.get("reply_markup") or {}

    def button_data(self) -> list[str]:
        rows = self.reply_markup.get("inline_keyboard", [])
        return [button["callback_data"] for row in rows for button in row]


@dataclass
class FakeTelegram:
    """State of the fake server. Thread-safe: the HTTP server runs in its own threads."""

    token: str = TOKEN
    calls: list[Call] = field(default_factory=list)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    # Scripted responses for sendMessage: (http status, body) popped in order before the default.
    send_responses: list[tuple[int, dict]] = field(default_factory=list)
    delivered: list[int] = field(default_factory=list)
    # Methods that answer 500 Internal Server Error, to make a handler fail.
    failing_methods: set[str] = field(default_factory=set)
    active_polls: int = 0
    _pending: list[dict] = field(default_factory=list)
    _next_update_id: int = 1000
    _next_message_id: int = 5000
    _condition: threading.Condition = field(default_factory=threading.Condition)
    base_url: str = ""

    # --- what the tests do -----------------------------------------------------------------------

    def push(self, update_body: dict) -> dict:
        with self._condition:
            self._next_update_id += 1
            update = {"update_id": self._next_update_id, **update_body}
            self._pending.append(update)
            self._condition.notify_all()
            return update

    def replay(self, update: dict) -> None:
        """Hand an update out again, as Telegram does to a worker that did not confirm it."""
        # A long poll the stopped worker abandoned would otherwise confirm it at once.
        self.wait_for(lambda: self.active_polls == 0)
        with self._condition:
            self._pending.append(update)
            self._pending.sort(key=lambda u: u["update_id"])
            self._condition.notify_all()

    def add_file(self, file_id: str, path: str, content: bytes) -> None:
        self.files[file_id] = (path, content)

    def sent(self, method: str | None = None, chat_id: int | None = None) -> list[Call]:
        with self._condition:
            return [
                call
                for call in self.calls
                if (method is None or call.method == method)
                and (chat_id is None or int(call.params.get("chat_id", 0)) == chat_id)
            ]

    def wait_for(self, predicate, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        with self._condition:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        "Timed out waiting for the bot; calls so far:\n"
                        + "\n".join(f"{c.method} {c.params}" for c in self.calls)
                    )
                self._condition.wait(remaining)

    def wait_for_calls(
        self, count: int, methods=("sendMessage", "editMessageText"), timeout=10.0
    ) -> list[Call]:
        """Wait until the bot made `count` more calls of `methods` than `self.mark` recorded."""
        self.wait_for(lambda: len(self._replies()) >= self.mark + count, timeout)
        replies = self._replies()
        new = replies[self.mark : self.mark + count]
        self.mark += count
        return new

    mark: int = 0

    def _replies(self) -> list[Call]:
        return [c for c in self.calls if c.method in ("sendMessage", "editMessageText")]

    def pending_count(self) -> int:
        with self._condition:
            return len(self._pending)

    # --- the Bot API ---------------------------------------------------------------------------

    def handle(self, method: str, params: dict) -> tuple[int, dict]:
        with self._condition:
            self.calls.append(Call(method, params))
            self._condition.notify_all()
        if method in self.failing_methods:
            return 500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
        return handler(params)

    def _ok(self, result) -> tuple[int, dict]:
        return 200, {"ok": True, "result": result}

    def _api_getMe(self, params):
        return self._ok(BOT_USER)

    # What setWebhook registered (url, secret_token, allowed_updates...); empty: polling.
    webhook: dict = field(default_factory=dict)
    # Telegram's last failed delivery to the webhook, as getWebhookInfo reports it: (unix time, text).
    webhook_last_error: tuple[int, str] | None = None

    def _api_deleteWebhook(self, params):
        with self._condition:
            self.webhook = {}
        return self._ok(True)

    def _api_setWebhook(self, params):
        if not str(params.get("url", "")).startswith(("https://", "http://")):
            return 400, {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: bad webhook: invalid URL",
            }
        with self._condition:
            self.webhook = dict(params)
        return self._ok(True)

    def _api_getWebhookInfo(self, params):
        with self._condition:
            webhook = dict(self.webhook)
            last_error = self.webhook_last_error
        info = {"url": webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": 0}
        if webhook.get("allowed_updates"):
            info["allowed_updates"] = webhook["allowed_updates"]
        if last_error is not None:
            info["last_error_date"], info["last_error_message"] = last_error
        return self._ok(info)

    def _api_setMyCommands(self, params):
        return self._ok(True)

    def _api_getUpdates(self, params):
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 1.0)
        deadline = time.monotonic() + timeout
        with self._condition:
            self.active_polls += 1
            try:
                return self._poll(offset, deadline)
            finally:
                self.active_polls -= 1
                self._condition.notify_all()

    def _poll(self, offset: int, deadline: float):
        with self._condition:
            while True:
                # An offset confirms every update below it, as on the real server.
                self._pending = [u for u in self._pending if u["update_id"] >= offset]
                if self._pending or time.monotonic() >= deadline:
                    self.delivered += [u["update_id"] for u in self._pending]
                    return self._ok(list(self._pending))
                self._condition.wait(max(0.0, deadline - time.monotonic()))

    def _message(self, params) -> dict:
        self._next_message_id += 1
        return {
            "message_id": self._next_message_id,
            "date": int(time.time()),
            "chat": {"id": int(params["chat_id"]), "type": "private"},
            "from": BOT_USER,
            "text": params.get("text", ""),
        }

    def _api_sendMessage(self, params):
        with self._condition:
            scripted = self.send_responses.pop(0) if self.send_responses else None
        if scripted is not None:
            return scripted
        return self._ok(self._message(params))

    def _api_sendDocument(self, params):
        message = self._message(params)
        message["caption"] = message.pop("text")
        document = params.get("document") or {}
        message["document"] = {
            "file_id": f"doc-{message['message_id']}",
            "file_name": document.get("filename", ""),
        }
        return self._ok(message)

    def _api_editMessageText(self, params):
        return self._ok(self._message(params))

    def _api_answerCallbackQuery(self, params):
        return self._ok(True)

    def _api_getFile(self, params):
        file_id = params.get("file_id", "")
        if file_id not in self.files:
            return 400, {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"}
        path, content = self.files[file_id]
        return self._ok(
            {
                "file_id": file_id,
                "file_unique_id": f"u-{file_id}",
                "file_size": len(content),
                "file_path": path,
            }
        )

    download_delay: float = 0.0

    def download(self, path: str) -> bytes | None:
        for stored_path, content in self.files.values():
            if stored_path == path:
                time.sleep(self.download_delay)
                with self._condition:
                    self.calls.append(Call("download", {"path": path}))
                return content
        return None


def _parse_multipart(content_type: str, body: bytes) -> dict:
    """multipart/form-data (sendDocument): fields as strings, files as {"filename", "content",
    "content_type"} (the part's own Content-Type)."""
    parsed = BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    params: dict = {}
    for part in parsed.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is not None:
            params[name] = {"filename": filename, "content": payload, "content_type": part.get_content_type()}
            continue
        value = payload.decode()
        if value[:1] in ("{", "["):
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        params[name] = value
    return params


def _parse_params(handler: BaseHTTPRequestHandler, body: bytes) -> dict:
    content_type = handler.headers.get("Content-Type", "")
    if "application/json" in content_type:
        return json.loads(body or b"{}")
    if "multipart/form-data" in content_type:
        return _parse_multipart(content_type, body)
    params = {}
    for key, value in parse_qsl(body.decode(), keep_blank_values=True):
        # python-telegram-bot sends nested values (reply_markup, allowed_updates) JSON-encoded.
        if value[:1] in ("{", "["):
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        params[key] = value
    return params


def start_server(fake: FakeTelegram) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

        def _reply(self, status: int, body: bytes, content_type="application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            # The bot may give up a long poll while stopping.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def _dispatch(self, body: bytes) -> None:
            file_prefix = f"/file/bot{fake.token}/"
            api_prefix = f"/bot{fake.token}/"
            path = unquote(self.path.split("?", 1)[0])
            if path.startswith(file_prefix):
                content = fake.download(path[len(file_prefix) :])
                if content is None:
                    self._reply(404, b"not found", "text/plain")
                else:
                    self._reply(200, content, "application/octet-stream")
                return
            if not path.startswith(api_prefix):
                self._reply(
                    401, json.dumps({"ok": False, "error_code": 401, "description": "Unauthorized"}).encode()
                )
                return
            query = self.path.split("?", 1)[1] if "?" in self.path else ""
            params = {**dict(parse_qsl(query)), **_parse_params(self, body)}
            status, payload = fake.handle(path[len(api_prefix) :], params)
            self._reply(status, json.dumps(payload).encode())

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            self._dispatch(self.rfile.read(length))

        def do_GET(self):
            self._dispatch(b"")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
