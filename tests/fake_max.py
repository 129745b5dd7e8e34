"""A fake MAX Bot API server, written from MAX's documentation (dev.max.ru/docs-api and its OpenAPI
schema): a real HTTP server on 127.0.0.1 that the bot's client talks to. Tests push updates into it
(what a MAX user does) and read what the bot sent.

Implemented: GET /me, GET /updates (long polling: `marker` confirms what was handed out before it;
`timeout` waits for a first update), POST /messages (?chat_id= or ?user_id=), PUT /messages
(?message_id=), POST /answers (?callback_id=), POST /subscriptions, POST /uploads (?type=file) and the
multipart upload to the URL it gives, and GET /files/<name> for the files users send. Every API call
needs the token in `Authorization`; a wrong one gets 401 {"code": "verify.token", ...} as MAX answers.
"""

import contextlib
import email.policy
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

TOKEN = "max-test-token"
BOT = {"user_id": 900001, "first_name": "Recruitment", "username": "recruitment_max_bot", "is_bot": True}


@dataclass
class Call:
    verb: str
    path: str
    params: dict
    body: dict
    at: float = field(default_factory=time.monotonic)

    @property
    def text(self) -> str:
        return (self.body.get("message") or self.body).get("text") or ""

    def buttons(self) -> list[dict]:
        attachments = (self.body.get("message") or self.body).get("attachments") or []
        return [
            button
            for attachment in attachments
            if attachment.get("type") == "inline_keyboard"
            for row in attachment["payload"]["buttons"]
            for button in row
        ]

    def callback_payloads(self) -> list[str]:
        return [button["payload"] for button in self.buttons() if button["type"] == "callback"]


@dataclass
class FakeMax:
    base_url: str = ""
    updates: list[tuple[int, dict]] = field(default_factory=list)
    committed: int = 0  # every update below this marker was confirmed
    calls: list[Call] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    uploads: dict[str, bytes] = field(default_factory=dict)
    blocked: set[int] = field(default_factory=set)  # dialogs whose user stopped the bot: 403
    lock: threading.Condition = field(default_factory=threading.Condition)
    _seq: itertools.count = field(default_factory=lambda: itertools.count(1))
    _mid: itertools.count = field(default_factory=lambda: itertools.count(1))

    # --- What a MAX user does ---------------------------------------------------------------------

    def push(self, update: dict) -> dict:
        update.setdefault("timestamp", int(time.time() * 1000))
        with self.lock:
            self.updates.append((next(self._seq), update))
            self.lock.notify_all()
        return update

    def user(self, user_id: int, name: str = "Анна Смирнова") -> dict:
        first, _, last = name.partition(" ")
        return {
            "user_id": user_id,
            "first_name": first,
            "last_name": last or None,
            "is_bot": False,
            "name": name,
        }

    def start(self, user_id: int, *, locale: str = "ru", payload: str | None = None) -> dict:
        return self.push(
            {"update_type": "bot_started", "chat_id": user_id + 1, "user": self.user(user_id),
             "user_id": user_id, "payload": payload, "user_locale": locale}
        )  # fmt: skip

    def message(
        self, user_id: int, text: str | None = None, *, attachments: list | None = None, locale="ru"
    ) -> dict:
        body = {"mid": f"mid.user{next(self._mid)}", "seq": next(self._mid), "text": text}
        if attachments:
            body["attachments"] = attachments
        message = {
            "sender": self.user(user_id),
            "recipient": {"chat_id": user_id + 1, "chat_type": "dialog", "user_id": BOT["user_id"]},
            "timestamp": int(time.time() * 1000),
            "body": body,
        }
        return self.push({"update_type": "message_created", "message": message, "user_locale": locale})

    def contact(
        self, user_id: int, phone: str, *, of_user: int | None = None, name: str = "Анна Смирнова"
    ) -> dict:
        vcf = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nTEL;TYPE=cell:{phone}\r\nEND:VCARD\r\n"
        info = self.user(of_user if of_user is not None else user_id, name)
        return self.message(
            user_id, attachments=[{"type": "contact", "payload": {"vcf_info": vcf, "max_info": info}}]
        )

    def file(self, user_id: int, name: str, content: bytes) -> dict:
        self.files[name] = content
        attachment = {
            "type": "file",
            "payload": {"url": f"{self.base_url}/files/{name}", "token": f"tok-{name}"},
            "filename": name,
            "size": len(content),
        }
        return self.message(user_id, attachments=[attachment])

    def tap(self, user_id: int, payload: str, *, locale: str = "ru") -> dict:
        callback_id = f"cb-{next(self._mid)}"
        message = {
            "recipient": {"chat_id": user_id + 1, "chat_type": "dialog", "user_id": user_id},
            "sender": BOT,
            "timestamp": int(time.time() * 1000),
            "body": {"mid": "mid.bot-message", "seq": 1, "text": "..."},
        }
        callback = {"timestamp": int(time.time() * 1000), "callback_id": callback_id, "payload": payload,
                    "user": self.user(user_id)}  # fmt: skip
        return self.push(
            {
                "update_type": "message_callback",
                "callback": callback,
                "message": message,
                "user_locale": locale,
            }
        )

    # --- What the bot did --------------------------------------------------------------------------

    def sent(self, chat_id: int | None = None, user_id: int | None = None) -> list[Call]:
        """The messages the bot sent (POST /messages), to one chat or user when given."""
        with self.lock:
            calls = [call for call in self.calls if call.verb == "POST" and call.path == "/messages"]
        if chat_id is not None:
            calls = [call for call in calls if call.params.get("chat_id") == str(chat_id)]
        if user_id is not None:
            calls = [call for call in calls if call.params.get("user_id") == str(user_id)]
        return calls

    def answers(self) -> list[Call]:
        with self.lock:
            return [call for call in self.calls if call.path == "/answers"]

    def pending(self) -> int:
        with self.lock:
            return sum(1 for seq, _ in self.updates if seq >= self.committed)

    # --- The API ----------------------------------------------------------------------------------

    def handle(self, verb: str, path: str, params: dict, body: dict) -> tuple[int, dict]:
        with self.lock:
            self.calls.append(Call(verb, path, params, body))
        if path == "/me":
            return 200, BOT
        if path == "/updates":
            return self._updates(params)
        if path == "/messages" and verb == "POST":
            if not (params.get("chat_id") or params.get("user_id")):
                return 400, {"code": "proto.payload", "message": "chat_id or user_id is required"}
            if int(params.get("chat_id") or 0) in self.blocked:
                return 403, {"code": "chat.denied", "message": "dialog.suspended"}
            mid = f"mid.bot{next(self._mid)}"
            recipient = {"chat_id": int(params.get("chat_id") or 0), "chat_type": "dialog"}
            return 200, {
                "message": {
                    "sender": BOT,
                    "recipient": recipient,
                    "body": {"mid": mid, "text": body.get("text")},
                }
            }
        if path in ("/messages", "/answers", "/subscriptions") and verb in ("PUT", "POST"):
            return 200, {"success": True}
        if path == "/uploads" and verb == "POST":
            return 200, {"url": f"{self.base_url}/upload/{next(self._mid)}"}
        return 404, {"code": "not.found", "message": f"{verb} {path}"}

    def _updates(self, params: dict) -> tuple[int, dict]:
        marker = int(params["marker"]) if params.get("marker") else None
        timeout = min(float(params.get("timeout", 30)), 5.0)
        limit = int(params.get("limit", 100))
        with self.lock:
            if marker is not None:
                self.committed = max(self.committed, marker)
            start = self.committed
            self.lock.wait_for(lambda: any(seq >= start for seq, _ in self.updates), timeout=timeout)
            batch = [(seq, update) for seq, update in self.updates if seq >= start][:limit]
        next_marker = batch[-1][0] + 1 if batch else start
        return 200, {"updates": [update for _, update in batch], "marker": next_marker}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeMax

    def log_message(self, *args) -> None:
        pass

    def _reply(self, status: int, body: dict | bytes) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header(
            "Content-Type", "application/octet-stream" if isinstance(body, bytes) else "application/json"
        )
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _serve(self, verb: str) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if parts.path.startswith("/files/"):
            content = self.fake.files.get(parts.path.removeprefix("/files/"))
            return (
                self._reply(200, content) if content is not None else self._reply(404, {"code": "not.found"})
            )
        if parts.path.startswith("/upload/"):
            return self._upload(parts.path, raw)
        if self.headers.get("Authorization") != TOKEN:
            return self._reply(401, {"code": "verify.token", "message": "Invalid access_token"})
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            return self._reply(400, {"code": "proto.payload", "message": "Invalid JSON"})
        self._reply(*self.fake.handle(verb, parts.path, dict(parse_qsl(parts.query)), body))

    def _upload(self, path: str, raw: bytes) -> None:
        head = f"Content-Type: {self.headers.get('Content-Type')}\r\n\r\n".encode()
        message = BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
        part = next(
            (p for p in message.iter_parts() if p.get_param("name", header="content-disposition") == "data"),
            None,
        )
        if part is None:
            return self._reply(400, {"code": "upload.error", "message": "No data part"})
        token = f"file-token-{path.rsplit('/', 1)[-1]}"
        self.fake.uploads[token] = part.get_payload(decode=True)
        self._reply(200, {"token": token})

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")


@contextlib.contextmanager
def running_fake_max():
    fake = FakeMax()
    handler = type("Handler", (_Handler,), {"fake": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        with fake.lock:
            fake.lock.notify_all()
        server.shutdown()
        server.server_close()
