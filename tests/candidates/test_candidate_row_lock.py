"""Changes that lock a candidate row let other transactions' foreign-key checks through.

Found by the load test (bench/load_system.py): an API message to a candidate and a status change of
the same candidate at once ended in PostgreSQL's "deadlock detected" and a 500. The message's
transaction wrote the candidate's channel row, then at its commit checked its foreign keys, which
takes a KEY SHARE lock on the candidate; the other transaction (a rule moving the application and
sending a message) held the candidate FOR UPDATE (which refuses KEY SHARE) and waited for the
channel row. The services now lock candidates FOR NO KEY
UPDATE: changes of one candidate still wait for each other, foreign-key checks do not."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from candidates.models import Candidate
from candidates.services import candidate_status_change
from messaging.services import message_send
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across connections"),
]


def _in_thread(target, results: dict, name: str) -> threading.Thread:
    def run():
        try:
            results[name] = target()
        except Exception as error:
            results[name] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_message_and_a_status_change_to_one_candidate_at_once_both_commit():
    candidate = CandidateFactory(status="reviewing", telegram_id=5_200_000_001)
    ApplicationFactory(candidate=candidate, status="reviewing")
    written, commit = threading.Event(), threading.Event()
    results: dict = {}

    def send_and_hold_the_commit():
        with transaction.atomic():
            message = message_send(candidate=Candidate.objects.get(pk=candidate.pk), text="Hello")
            written.set()
            commit.wait(10)
        return message

    sender = _in_thread(send_and_hold_the_commit, results, "message")
    assert written.wait(10)

    def move_and_tell():  # as a rule that moves the application and sends a message, in one transaction
        with transaction.atomic():
            moved = candidate_status_change(
                candidate=Candidate.objects.get(pk=candidate.pk), status="interview"
            )
            message_send(candidate=Candidate.objects.get(pk=candidate.pk), text="Choose a time")
        return moved

    changer = _in_thread(move_and_tell, results, "status")
    time.sleep(0.5)  # the change now holds the candidate row
    commit.set()
    sender.join(20)
    changer.join(20)

    assert not sender.is_alive() and not changer.is_alive()
    assert not isinstance(results["message"], Exception), results["message"]
    assert results["status"] is True, results["status"]
    assert Candidate.objects.get(pk=candidate.pk).status == "interview"
