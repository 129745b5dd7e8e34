"""The whole system under mixed load (bench/load_system.py runs it; not part of the tests).

Headless, bounded by the runner (`--run-time`, `--users`), local addresses only. The plan file
(LOAD_PLAN, JSON, written by the runner's seeding) holds the API keys, the candidates' attempt
tokens with their questions, the HR login and the Telegram webhook secret. Four kinds of users:

- OneF integrators: one user per API key (5), each at 10 requests/s: reads (detail, a page of the
  list, the dashboard, unread counts) and writes (a message to a candidate, a status change);
- candidates taking a test (200 by default): the page, start, then a request every 4-8 s: the
  heartbeat (the page sends one every TEST_HEARTBEAT_SECONDS, 10), answers, proctoring events, now
  and then a reload; about 0.17 requests/s per candidate;
- HR managers: the admin's dashboard, candidate list and a vacancy board;
- Telegram: a burst of updates POSTed to /telegram/webhook/ as Telegram would (the bot answers
  through the fake Bot API), from many chats at once: each of the 4 posters sends one update from
  each of its 50 chats as fast as the webhook answers, then pauses BURST_PAUSE_SECONDS, and again
  (about 8 updates/s on average, bursts of 200 at up to 25/s). Telegram lets a bot answer a chat
  once a second, so one chat writing several times a second would only measure that limit's queue.
  Every update_id sent is written to TELEGRAM_SENT for the runner to check that each was handled.

Names of requests group them per endpoint in the statistics (ids and tokens left out).
"""

import itertools
import json
import os
import random
import time
from pathlib import Path

from locust import HttpUser, between, constant_throughput, events, task

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text()) if os.environ.get("LOAD_PLAN") else {}
_keys = itertools.count()
_candidates = itertools.count(int(os.environ.get("LOAD_FIRST_ATTEMPT", "0")))
_chats = itertools.count()
_update_ids = itertools.count(1)
_sent: list[int] = []
CHATS_PER_POSTER = 50
BURST_PAUSE_SECONDS = 15.0


class OnefIntegrator(HttpUser):
    """One API key at 10 requests per second (INTEGRATION_RPS): reads, and a write now and then."""

    fixed_count = 5
    wait_time = constant_throughput(10)

    def on_start(self) -> None:
        keys = PLAN["api_keys"]
        self.headers = {"Authorization": f"Bearer {keys[next(_keys) % len(keys)]}"}
        self.ids = PLAN["candidate_ids"]

    def get(self, path: str, name: str) -> None:
        self.client.get(path, headers=self.headers, name=name)

    @task(4)
    def detail(self) -> None:
        self.get(f"/api/onef/candidates/{random.choice(self.ids)}", "API GET /candidates/{id}")

    @task(2)
    def page(self) -> None:
        self.get(f"/api/onef/candidates?page={random.randint(1, 5)}&limit=50", "API GET /candidates?page")

    @task(1)
    def dashboard(self) -> None:
        self.get("/api/onef/dashboard", "API GET /dashboard")

    @task(1)
    def unread(self) -> None:
        self.get("/api/onef/messages/unread", "API GET /messages/unread")

    @task(1)
    def status(self) -> None:
        body = {"status": random.choice(["reviewing", "interview", "new"])}
        path = f"/api/onef/candidates/{random.choice(self.ids)}/status"
        self.client.post(path, json=body, headers=self.headers, name="API POST /candidates/{id}/status")

    @task(1)
    def message(self) -> None:
        body = {"candidate_id": random.choice(self.ids), "text": f"load test {time.time():.3f}"}
        self.client.post("/api/onef/messages", json=body, headers=self.headers, name="API POST /messages")


class Candidate(HttpUser):
    """A candidate with the test page open: starts the attempt, then answers, beats and reports."""

    weight = 100
    wait_time = between(4, 8)

    def on_start(self) -> None:
        plan = PLAN["attempts"][next(_candidates) % len(PLAN["attempts"])]
        self.base = f"/t/{plan['token']}"
        self.questions = plan["questions"]
        self.origin = {"Origin": self.host}
        self.client.get(f"{self.base}/", name="test page GET /t/{token}/")
        self.client.post(
            f"{self.base}/start", headers=self.origin, name="test page POST start", allow_redirects=False
        )

    def post(self, what: str, body: dict) -> None:
        with self.client.post(
            f"{self.base}/{what}",
            json=body,
            headers=self.origin,
            name=f"test page POST {what}",
            catch_response=True,
        ) as response:
            if response.status_code == 410:  # the attempt is over (time out): an answer, not an error
                response.success()

    @task(6)
    def answer(self) -> None:
        question = random.choice(self.questions)
        body = {"question_id": question["id"], "choice_ids": question["choices"][:1], "text": ""}
        self.post("answer", body)

    @task(6)
    def heartbeat(self) -> None:
        self.post("heartbeat", {})

    @task(2)
    def events(self) -> None:
        self.post(
            "events", {"events": [{"kind": "tab_hidden", "ago_ms": 900}, {"kind": "tab_shown", "ago_ms": 10}]}
        )

    @task(1)
    def reload(self) -> None:
        self.client.get(f"{self.base}/", name="test page GET /t/{token}/")


class HRManager(HttpUser):
    """An HR manager in the admin, signed in with a session."""

    fixed_count = 2
    wait_time = between(2, 5)

    def on_start(self) -> None:
        self.client.get("/admin/login/", name="HR GET /admin/login/")
        token = self.client.cookies.get("csrftoken", "")
        credentials = {"username": PLAN["hr"]["username"], "password": PLAN["hr"]["password"]}
        self.client.post(
            "/admin/login/?next=/admin/",
            data={**credentials, "csrfmiddlewaretoken": token, "next": "/admin/"},
            headers={"Referer": f"{self.host}/admin/login/"},
            name="HR POST /admin/login/",
        )

    @task(2)
    def dashboard(self) -> None:
        self.client.get("/admin/", name="HR GET /admin/")

    @task(2)
    def candidates(self) -> None:
        self.client.get("/admin/candidates/candidate/", name="HR GET candidate list")

    @task(1)
    def board(self) -> None:
        self.client.get(f"/admin/candidates/vacancy/{PLAN['vacancy_id']}/board/", name="HR GET board")


class TelegramBurst(HttpUser):
    """Telegram posting bursts of updates of many chats, each as fast as the webhook answers."""

    fixed_count = 4

    def wait_time(self) -> float:
        if self.message_id % CHATS_PER_POSTER == 0:  # one message from each chat: the burst is over
            return BURST_PAUSE_SECONDS
        return random.uniform(0.05, 0.2)

    def on_start(self) -> None:
        first = PLAN["telegram"]["first_chat"] + next(_chats) * CHATS_PER_POSTER
        self.chats = itertools.cycle(range(first, first + CHATS_PER_POSTER))
        self.headers = {"X-Telegram-Bot-Api-Secret-Token": PLAN["telegram"]["secret"]}
        self.message_id = 0

    @task
    def message(self) -> None:
        update_id = PLAN["telegram"]["first_update"] + next(_update_ids)
        self.message_id += 1
        chat = next(self.chats)
        user = {"id": chat, "is_bot": False, "first_name": "Load", "language_code": "en"}
        message = {
            "message_id": self.message_id,
            "date": int(time.time()),
            "chat": {"id": chat, "type": "private", "first_name": "Load"},
            "from": user,
            "text": f"hello {update_id}",
        }
        response = self.client.post(
            "/telegram/webhook/",
            json={"update_id": update_id, "message": message},
            headers=self.headers,
            name="Telegram POST /telegram/webhook/",
        )
        if response.status_code == 200:
            _sent.append(update_id)


@events.quitting.add_listener
def _write_sent(environment, **kwargs) -> None:
    if os.environ.get("TELEGRAM_SENT"):
        with open(os.environ["TELEGRAM_SENT"], "w") as out:
            json.dump(_sent, out)
