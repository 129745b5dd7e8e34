"""A fake hh.ru API written from its public documentation (docs/hh.md): a real HTTP server on 127.0.0.1
serving both hosts (the OAuth pages and the API) that the real client talks to. Tests add vacancies
and responses, script failures (an expired token, a paid method, a busy server, a removed vacancy)
and read what our side sent (the actions, the subscriptions)."""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlparse

from tests.fake_hh_chats import ChatRoutes
from tests.fake_hh_vacancies import VacancyRoutes

CLIENT_ID, CLIENT_SECRET = "fake-client-id", "fake-client-secret"
ME = {"id": "777", "first_name": "Ирина", "last_name": "Петрова", "is_employer": True,
      "employer": {"id": "4242", "name": "ООО Ромашка"}}  # fmt: skip
MAX_PER_PAGE = 50


def _error(kind: str, value: str = "") -> dict:
    return {"errors": [{"type": kind, **({"value": value} if value else {})}]}


@dataclass
class FakeHH(VacancyRoutes, ChatRoutes):
    base_url: str = ""
    employer_id: str = ME["employer"]["id"]
    user_id: str = ME["id"]
    publish_refusal: str = ""  # a 403 `vacancies` value to answer POST /vacancies with (quota_exceeded...)
    pdf: bytes = b"%PDF-1.4 fake"
    valid_tokens: set[str] = field(default_factory=set)
    expired_tokens: set[str] = field(default_factory=set)
    revoked_tokens: set[str] = field(default_factory=set)  # the employer revoked the application
    refresh_tokens: dict[str, str] = field(default_factory=dict)  # refresh -> the access it replaces
    refresh_fails: bool = False
    paid_paths: set[str] = field(default_factory=set)  # path prefixes that answer 403 api_access_payment
    busy: int = 0  # the next N API requests answer 429
    removed_vacancies: set[str] = field(default_factory=set)
    hidden_resumes: set[str] = field(default_factory=set)  # listed in responses, 404 when read
    vacancies: dict[str, dict] = field(default_factory=dict)
    drafts: dict[str, dict] = field(default_factory=dict)
    chats: dict[str, list[dict]] = field(default_factory=dict)  # chat id -> its messages, oldest first
    negotiations: dict[str, dict] = field(default_factory=dict)  # id -> item (with "collection")
    resumes: dict[str, dict] = field(default_factory=dict)
    subscriptions: dict[str, dict] = field(default_factory=dict)
    actions: list[dict] = field(default_factory=list)  # PUT actions received
    requests: list[tuple[str, str]] = field(default_factory=list)
    _counter: int = 1000
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # --- what the tests do -----------------------------------------------------------------------

    def next_id(self) -> str:
        with self._lock:
            self._counter += 1
            return str(self._counter)

    def issue_tokens(self) -> dict:
        access, refresh = f"access-{self.next_id()}", f"refresh-{self.next_id()}"
        self.valid_tokens.add(access)
        self.refresh_tokens[refresh] = access
        return {
            "access_token": access,
            "token_type": "bearer",
            "expires_in": 1209600,
            "refresh_token": refresh,
        }

    def expire_all_tokens(self) -> None:
        self.expired_tokens |= self.valid_tokens
        self.valid_tokens.clear()

    def add_vacancy(self, name: str = "Python developer") -> str:
        vacancy_id = self.next_id()
        self.vacancies[vacancy_id] = {"id": vacancy_id, "name": name, "archived": False}
        return vacancy_id

    def add_response(self, vacancy_id: str, *, email: str = "", phone: str = "", test_score: int | None = None,
                     first_name: str = "Иван", last_name: str = "Иванов", resume: bool = True) -> str:  # fmt: skip
        nid, rid, chat_id = self.next_id(), f"r{self.next_id()}", self.next_id()
        self.chats[chat_id] = []
        self.resumes[rid] = {"id": rid, "first_name": first_name, "last_name": last_name,
                             "email": email or f"{rid}@example.com", "phone": phone}  # fmt: skip
        self.negotiations[nid] = {"id": nid, "vacancy_id": vacancy_id, "collection": "response",
                                  "resume_id": rid if resume else None, "test_score": test_score, "chat_id": chat_id}  # fmt: skip
        return nid

    def actions_for(self, nid: str) -> list[dict]:
        return [a for a in self.actions if a["nid"] == nid]

    # --- documents, as the documentation shows them ----------------------------------------------

    def _item(self, nid: str) -> dict:
        n, base = self.negotiations[nid], self.base_url
        resume = self.resumes.get(n["resume_id"]) if n["resume_id"] else None
        item = {
            "id": nid, "created_at": "2026-12-01T10:00:00+0300", "updated_at": "2026-12-01T10:00:00+0300",
            "state": {"id": n["collection"]}, "employer_state": {"id": n["collection"]},
            "url": f"{base}/negotiations/{nid}", "messages_url": f"{base}/negotiations/{nid}/messages",
            "has_updates": True, "source": "NEGOTIATION", "vacancy": {"id": n["vacancy_id"]},
            "actions": self._actions(nid), "test_result": None, "resume": None,
        }  # fmt: skip
        if n["test_score"] is not None:
            item["test_result"] = {"score": n["test_score"], "mark": "GOOD",
                                   "url": f"{base}/negotiations/{nid}/test/solution"}  # fmt: skip
        if resume is not None:
            item["resume"] = {
                "id": resume["id"], "first_name": resume["first_name"], "last_name": resume["last_name"],
                "url": f"{base}/resumes/{resume['id']}?topic_id={nid}",
                "alternate_url": f"https://hh.ru/resume/{resume['id']}?t={nid}",
                "download": {"pdf": {"url": f"{base}/api_resume_converter/{resume['id']}/cv.pdf?type=pdf"}},
            }  # fmt: skip
        return item

    def _actions(self, nid: str) -> list[dict]:
        def action(action_id: str, state: str) -> dict:
            return {"id": action_id, "name": action_id, "enabled": True, "method": "PUT",
                    "url": f"{self.base_url}/negotiations/{action_id}/{nid}",
                    "resulting_employer_state": {"id": state},
                    "arguments": [{"id": "message", "required": True, "required_arguments": []}]}  # fmt: skip

        return [action("invitation", "invitation"), action("discard_by_employer", "discard")]

    def _resume(self, rid: str) -> dict:
        r = self.resumes[rid]
        contact = [{"type": {"id": "email"}, "value": r["email"]}]
        if r["phone"]:
            contact.append({"type": {"id": "cell"}, "value": {"formatted": r["phone"]}})
        return {"id": rid, "first_name": r["first_name"], "last_name": r["last_name"], "contact": contact,
                "download": {"pdf": {"url": f"{self.base_url}/api_resume_converter/{rid}/cv.pdf?type=pdf"}}}  # fmt: skip

    def _collections(self, vacancy_id: str) -> dict:
        names = ("response", "invitation", "discard")
        return {"collections": [{"id": c, "name": c, "url": f"{self.base_url}/negotiations/{c}?vacancy_id={vacancy_id}",
                                 "counters": {"total": 0, "with_updates": 0}} for c in names],
                "employer_states": [{"id": c, "name": c} for c in names]}  # fmt: skip

    def _page(self, collection: str, params: dict) -> tuple[int, dict]:
        per_page, page = int(params.get("per_page", 20)), int(params.get("page", 0))
        if per_page > MAX_PER_PAGE:
            return 400, _error("bad_argument", "per_page")
        ids = sorted((i for i, n in self.negotiations.items()
                      if n["vacancy_id"] == params.get("vacancy_id") and n["collection"] == collection), key=int)  # fmt: skip
        chunk = ids[page * per_page : (page + 1) * per_page]
        pages = max(1, -(-len(ids) // per_page))
        return 200, {"found": len(ids), "pages": pages, "page": page, "per_page": per_page,
                     "items": [self._item(i) for i in chunk]}  # fmt: skip

    # --- the routes ------------------------------------------------------------------------------

    def handle(self, method: str, path: str, params: dict, body: bytes, headers) -> tuple[int, object]:
        self.requests.append((method, path))
        if not headers.get("User-Agent"):
            return 400, _error("bad_user_agent", "unset")
        if path == "/oauth/token" and method == "POST":
            return self._token(params)
        anonymous = self.anonymous(method, path.strip("/").split("/"), params)  # dictionaries
        if anonymous is not None:
            return anonymous
        auth = headers.get("Authorization", "").removeprefix("Bearer ")
        if auth in self.expired_tokens:
            return 403, _error("oauth", "token_expired")
        if auth in self.revoked_tokens:
            return 403, _error("oauth", "token_revoked")
        if auth not in self.valid_tokens:
            return 403, _error("oauth", "bad_authorization")
        if self.busy > 0:
            self.busy -= 1
            return 429, _error("too_many_requests")
        if any(path.startswith(p) for p in self.paid_paths):
            return 403, _error("api_access_payment", "action_must_be_payed")
        return self._api(method, path, params, body)

    def _token(self, form: dict) -> tuple[int, dict]:
        if form.get("grant_type") == "authorization_code":
            if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
                return 400, {"error": "invalid_client", "error_description": "account not found"}
            if not form.get("code", "").startswith("code-"):
                return 400, {"error": "invalid_grant", "error_description": "code not found"}
            return 200, self.issue_tokens()
        if form.get("grant_type") == "refresh_token":
            refresh = form.get("refresh_token", "")
            if self.refresh_fails or refresh not in self.refresh_tokens:
                return 400, {"error": "invalid_grant", "error_description": "token not found"}
            del self.refresh_tokens[refresh]  # a refresh token works once
            return 200, self.issue_tokens()
        return 400, {"error": "unsupported_grant_type"}

    def _api(self, method: str, path: str, params: dict, body: bytes) -> tuple[int, object]:
        parts = path.strip("/").split("/")
        if (method, path) == ("GET", "/me"):
            return 200, ME
        if (method, path) == ("DELETE", "/oauth/token"):
            return 204, None
        if parts[0] == "negotiations":
            return self._negotiations(method, parts, params)
        if (
            parts[0] == "resumes"
            and method == "GET"
            and parts[1] in self.resumes
            and parts[1] not in self.hidden_resumes
        ):
            return 200, self._resume(parts[1])
        if parts[0] == "api_resume_converter" and parts[1] in self.resumes:
            return 200, self.pdf
        if parts[0] in ("vacancies", "employers"):
            return self.vacancy_route(method, parts, params, body)
        if parts[0] == "webhook":
            return self.webhook_route(method, parts, body)
        if parts[:2] == ["common", "chats"]:
            return self.chat_route(method, parts, params)
        return 404, _error("not_found")

    def _negotiations(self, method: str, parts: list[str], params: dict) -> tuple[int, object]:
        vacancy_id = params.get("vacancy_id", "")
        if len(parts) == 1:
            if vacancy_id in self.removed_vacancies or vacancy_id not in self.vacancies:
                return 404, _error("not_found")
            return 200, self._collections(vacancy_id)
        if len(parts) == 2 and parts[1] in ("response", "invitation", "discard"):
            return self._page(parts[1], params)
        if len(parts) == 2 and parts[1] in self.negotiations:
            return 200, self._item(parts[1])
        if len(parts) == 3 and method == "PUT" and parts[2] in self.negotiations:
            if not params.get("message"):
                return 400, _error("negotiations", "empty_message")
            self.actions.append({"action": parts[1], "nid": parts[2], "message": params["message"]})
            collection = "invitation" if parts[1] == "invitation" else "discard"
            self.negotiations[parts[2]]["collection"] = collection
            return 204, None
        return 404, _error("not_found")


def start_server(fake: FakeHH) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep test output quiet
            pass

        def _reply(self, status: int, payload, location: str = "") -> None:
            data = (
                payload
                if isinstance(payload, bytes)
                else b""
                if payload is None
                else json.dumps(payload).encode()
            )
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Retry-After", "0") if status == 429 else None
            ctype = "application/pdf" if isinstance(payload, bytes) else "application/json"
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _dispatch(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            url = urlparse(self.path)
            params = dict(parse_qsl(url.query))
            if "json" not in self.headers.get("Content-Type", ""):
                params.update(parse_qsl(body.decode(errors="replace")))
            if url.path == "/oauth/authorize" and method == "GET":
                # The employer "allows" at once: back to our redirect URL with a code and the state.
                query = urlencode({"code": f"code-{fake.next_id()}", "state": params.get("state", "")})
                self._reply(302, None, location=f"{params.get('redirect_uri')}?{query}")
                return
            status, payload = fake.handle(method, url.path, params, body, self.headers)
            self._reply(status, payload)

        def do_GET(self):
            self._dispatch("GET")

        def do_POST(self):
            self._dispatch("POST")

        def do_PUT(self):
            self._dispatch("PUT")

        def do_DELETE(self):
            self._dispatch("DELETE")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
