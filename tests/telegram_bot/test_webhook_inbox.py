"""messaging.inbox: a chat's stored updates are handled by one worker at a time, oldest first, and
none is left behind: not by a worker that died, a task that got lost, or one that found the chat busy
just as its holder finished. A recording handler stands in for the bot (its source is registered
like the bot's); tests/telegram_bot/test_webhook_workers.py does it with the bot on real workers."""

import datetime as dt

import pytest
from django.db import DatabaseError
from django.utils import timezone

from messaging import inbox, services
from messaging.inbox import Drained, InboxSource
from messaging.models import InboxLease, TelegramUpdate
from messaging.tasks import process_inbox_chat, sweep_inbox
from messaging.telegram_inbox import TELEGRAM_ROWS

pytestmark = pytest.mark.django_db

CHANNEL = "recorded"


def _store(update_id: int, chat_id: int = 1) -> None:
    payload = {"update_id": update_id, "message": {"message_id": update_id, "chat": {"id": chat_id}}}
    services.telegram_updates_store(payloads=[payload])


class Recorder:
    """Handles an update by recording it and marking it handled, unless told to fail or to run
    something while it "handles" (another task arriving meanwhile)."""

    def __init__(self) -> None:
        self.handled: list[int] = []
        self.active = True
        self.leave_pending: set[int] = set()
        self.raise_on: set[int] = set()
        self.during: dict[int, callable] = {}

    def __call__(self, payload: dict) -> None:
        update_id = payload["update_id"]
        if update_id in self.raise_on:
            self.raise_on.discard(update_id)
            raise DatabaseError("the database went away")
        if update_id in self.during:
            self.during.pop(update_id)()
        self.handled.append(update_id)
        if update_id not in self.leave_pending:
            services.telegram_update_mark_handled(update_id=update_id)


@pytest.fixture
def recorder(monkeypatch) -> Recorder:
    handler = Recorder()
    source = InboxSource(channel=CHANNEL, rows=TELEGRAM_ROWS, handle=handler, active=lambda: handler.active)
    monkeypatch.setitem(inbox._sources, CHANNEL, source)
    return handler


def _drain(chat_id: int = 1, **budget) -> Drained:
    return inbox.inbox_chat_drain(channel=CHANNEL, chat_id=chat_id, **budget)


def test_a_chat_s_updates_are_handled_in_update_order_whatever_order_they_were_stored_in(recorder):
    for update_id in (12, 10, 11):
        _store(update_id, chat_id=1)
    _store(13, chat_id=2)

    assert _drain(chat_id=1) is Drained.EMPTY

    assert recorder.handled == [10, 11, 12]  # chat 2's update is its own chat's business
    assert list(TelegramUpdate.objects.filter(handled_at=None).values_list("update_id", flat=True)) == [13]
    assert not InboxLease.objects.exists()


def test_a_chat_another_worker_holds_is_left_to_it(recorder):
    _store(10)
    holder = inbox.inbox_lease_take(channel=CHANNEL, chat_id=1)

    assert _drain() is Drained.BUSY
    assert recorder.handled == []
    assert InboxLease.objects.get().owner == holder


def test_the_chat_of_a_worker_that_stopped_renewing_is_taken_over(recorder, settings):
    _store(10)
    inbox.inbox_lease_take(channel=CHANNEL, chat_id=1)
    InboxLease.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    assert _drain() is Drained.EMPTY
    assert recorder.handled == [10]


def test_an_update_committed_as_the_holder_finishes_is_handled_by_the_holder(recorder):
    """The race of the brief: the holder is on its last update when a new one is stored and its
    task finds the chat busy. The holder looks again after letting go, and handles it."""
    _store(10)

    def meanwhile() -> None:
        _store(11)
        assert _drain() is Drained.BUSY  # the new update's own task gives up on the busy chat

    recorder.during[10] = meanwhile

    assert _drain() is Drained.EMPTY
    assert recorder.handled == [10, 11]
    assert not TelegramUpdate.objects.filter(handled_at=None).exists()


def test_an_update_left_pending_stops_the_chat_and_the_later_ones_wait(recorder):
    for update_id in (10, 11):
        _store(update_id)
    recorder.leave_pending.add(10)

    assert _drain() is Drained.STALLED

    assert recorder.handled == [10]  # 11 did not overtake it
    assert TelegramUpdate.objects.filter(handled_at=None).count() == 2
    assert not InboxLease.objects.exists()


def test_a_handler_that_raises_leaves_its_update_pending_and_gives_the_chat_back(recorder):
    _store(10)
    recorder.raise_on.add(10)

    with pytest.raises(DatabaseError):
        _drain()

    assert TelegramUpdate.objects.get().handled_at is None
    assert not InboxLease.objects.exists()


def test_the_task_tries_again_after_a_failure_and_handles_the_update_then(recorder, eager_celery):
    _store(10)
    _store(11)
    recorder.raise_on.add(10)

    result = process_inbox_chat.apply(args=[CHANNEL, 1])

    assert result.get() == "empty"  # the retry's outcome
    assert recorder.handled == [10, 11]


def test_a_long_backlog_is_handed_on_to_a_new_task_in_shares(recorder, eager_celery):
    for update_id in range(10, 15):
        _store(update_id)

    assert _drain(max_updates=2) is Drained.MORE
    assert recorder.handled == [10, 11]

    process_inbox_chat.apply(args=[CHANNEL, 1])  # its share, then a new task (in place here) for the rest
    assert recorder.handled == [10, 11, 12, 13, 14]


def test_in_polling_mode_the_workers_leave_the_inbox_to_the_poller(recorder):
    _store(10)
    recorder.active = False

    assert _drain() is Drained.INACTIVE
    assert recorder.handled == []


def _age(seconds: float) -> None:
    TelegramUpdate.objects.update(updated_at=timezone.now() - dt.timedelta(seconds=seconds))


def test_the_sweep_hands_chats_whose_task_got_lost_to_a_worker(recorder, eager_celery):
    _store(10, chat_id=1)
    _store(20, chat_id=2)
    _age(60)
    _store(30, chat_id=3)  # just stored: its own task is on its way

    assert sweep_inbox.apply().get() == 2

    assert sorted(recorder.handled) == [10, 20]


def test_the_sweep_leaves_a_held_chat_and_queues_each_lost_chat_once(recorder):
    _store(10, chat_id=1)
    _store(20, chat_id=2)
    _age(60)
    inbox.inbox_lease_take(channel=CHANNEL, chat_id=1)

    assert inbox.inbox_sweep(older_than=dt.timedelta(seconds=30)) == 1  # chat 2 (its task is queued)
    assert inbox.inbox_sweep(older_than=dt.timedelta(seconds=30)) == 0  # touched: not again at once


def test_the_sweep_does_nothing_in_polling_mode(recorder):
    _store(10)
    _age(60)
    recorder.active = False

    assert inbox.inbox_sweep(older_than=dt.timedelta(seconds=30)) == 0
