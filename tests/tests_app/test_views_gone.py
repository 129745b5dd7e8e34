"""An attempt deleted while its page is open (HR deletes the candidate): every endpoint answers 404.

The races are reproduced deterministically, at the two places a deletion can land:
- between the view's lookup and the service: the lookup is wrapped so the candidate is deleted
  right after it; the service's locked re-read finds nothing (both databases);
- under the service's write: on PostgreSQL a second connection deletes the attempt right after the
  service read it, with the row lock bypassed, so the write itself fails (an update touching no row,
  the foreign key of an insert at commit) and must still end as a 404, never a 500.
"""

import datetime as dt
import json
from collections.abc import Callable

import pytest
from django.db import connection, connections
from django.utils import timezone

from tests.factories import AttemptFactory
from tests_app import selectors, services
from tests_app.models import Answer, Attempt, ProctorEvent

JSON_ENDPOINTS = {
    "answer": lambda sample_test: {"question_id": sample_test.open.id, "text": "An answer"},
    "heartbeat": lambda sample_test: {},
    "events": lambda sample_test: {"events": [{"kind": "tab_hidden"}, {"kind": "paste"}]},
    "submit": lambda sample_test: {},
}
GONE = {"status": "gone", "remaining_seconds": 0, "finished": True, "error": "Unknown test link."}


def _post(client, attempt, name, body):
    return client.post(f"/t/{attempt.token}/{name}", json.dumps(body), content_type="application/json")


def _started(sample_test, **kwargs) -> Attempt:
    return services.attempt_start(attempt=AttemptFactory(test=sample_test.test), **kwargs)


def _past_its_deadline(sample_test) -> Attempt:
    """Past its deadline, still open: the page has the escape window to deliver what it kept."""
    attempt = _started(sample_test, now=timezone.now() - dt.timedelta(minutes=31))
    Attempt.objects.filter(pk=attempt.pk).update(last_heartbeat_at=attempt.deadline - dt.timedelta(seconds=5))
    return Attempt.objects.get(pk=attempt.pk)


def _overdue(sample_test) -> Attempt:
    """Silent for an hour: the escape rule closes it at the next request (a write)."""
    return _started(sample_test, now=timezone.now() - dt.timedelta(hours=1))


# --- deleted between the view's lookup and the service ---------------------------------------------


@pytest.fixture
def deleted_after_lookup(monkeypatch) -> None:
    """The view finds the attempt; HR deletes the candidate before the service runs."""
    lookup = selectors.attempt_get_by_token

    def lookup_then_delete(*, token: str) -> Attempt | None:
        attempt = lookup(token=token)
        if attempt is not None:
            attempt.candidate.delete()
        return attempt

    monkeypatch.setattr(selectors, "attempt_get_by_token", lookup_then_delete)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(JSON_ENDPOINTS))
def test_json_endpoints_answer_404_when_the_attempt_is_deleted_after_the_lookup(
    client, sample_test, deleted_after_lookup, name
):
    attempt = _started(sample_test)
    response = _post(client, attempt, name, JSON_ENDPOINTS[name](sample_test))
    assert response.status_code == 404
    assert response.json() == GONE
    assert not Attempt.objects.exists()
    assert not Answer.objects.exists() and not ProctorEvent.objects.exists()


@pytest.mark.django_db
def test_start_answers_404_when_the_attempt_is_deleted_after_the_lookup(
    client, sample_test, deleted_after_lookup
):
    attempt = AttemptFactory(test=sample_test.test)
    response = client.post(f"/t/{attempt.token}/start")
    assert response.status_code == 404
    assert b"This test link is not valid" in response.content


@pytest.mark.django_db
def test_the_page_answers_404_when_the_attempt_is_deleted_before_it_is_closed(
    client, sample_test, deleted_after_lookup
):
    attempt = _overdue(sample_test)  # the page closes it as escaped: a write
    response = client.get(f"/t/{attempt.token}/")
    assert response.status_code == 404
    assert b"This test link is not valid" in response.content


@pytest.mark.django_db
def test_the_page_reads_its_attempt_once(client, sample_test, deleted_after_lookup):
    """A page that writes nothing shows the attempt as its lookup found it; its calls then get 404."""
    attempt = _started(sample_test)
    response = client.get(f"/t/{attempt.token}/")
    assert response.status_code == 200
    assert b'id="test-config"' in response.content
    assert _post(client, attempt, "heartbeat", {}).status_code == 404


# --- deleted under the service's write (PostgreSQL: a second connection) --------------------------


def _delete_elsewhere(attempt_pk) -> None:
    """Delete the attempt (and its rows) on another connection, committed at once."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            for sql in [
                "DELETE FROM tests_app_answer_selected_choices WHERE answer_id IN "
                "(SELECT id FROM tests_app_answer WHERE attempt_id = %s)",
                "DELETE FROM tests_app_answer WHERE attempt_id = %s",
                "DELETE FROM tests_app_proctorevent WHERE attempt_id = %s",
                "DELETE FROM tests_app_attempt WHERE id = %s",
            ]:
                cursor.execute(sql, [attempt_pk])
    finally:
        other.close()


@pytest.fixture
def second_connection():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite takes its write lock at BEGIN, so no second connection gets in")


@pytest.fixture
def vanish_after_the_read(monkeypatch, second_connection) -> Callable[[], None]:
    """Once armed, the services read the attempt (the lock bypassed, as a database without row locks
    would) and another connection deletes it at once: the service's own write is the first to notice."""

    def read_then_delete_elsewhere(attempt):
        row = Attempt.objects.select_related("test", "candidate").get(pk=attempt.pk)
        _delete_elsewhere(row.pk)
        return row

    def arm() -> None:
        for module in [services.attempts, services.answers, services.proctoring, services.closing]:
            monkeypatch.setattr(module, "attempt_locked", read_then_delete_elsewhere)

    return arm


PREPARE = {
    **dict.fromkeys(JSON_ENDPOINTS, _started),
    "start": lambda sample_test: AttemptFactory(test=sample_test.test),
    "page": _overdue,  # the page closes it as escaped: a write
}


def _request(client, name: str, attempt: Attempt, sample_test):
    if name == "start":
        return client.post(f"/t/{attempt.token}/start")
    if name == "page":
        return client.get(f"/t/{attempt.token}/")
    return _post(client, attempt, name, JSON_ENDPOINTS[name](sample_test))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", sorted(PREPARE))
def test_every_endpoint_answers_404_when_the_attempt_vanishes_under_its_write(
    client, sample_test, vanish_after_the_read, name
):
    attempt = PREPARE[name](sample_test)
    vanish_after_the_read()
    response = _request(client, name, attempt, sample_test)
    assert response.status_code == 404
    if name in JSON_ENDPOINTS:
        assert response.json() == GONE
    else:
        assert b"This test link is not valid" in response.content
    assert not Attempt.objects.exists()
    assert not Answer.objects.exists() and not ProctorEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_events_whose_insert_fails_on_the_vanished_attempt_answer_404(
    client, sample_test, vanish_after_the_read
):
    """The case of the CI log: the events' foreign key failed at commit, and the page got a 500.

    Past its deadline an attempt still takes events but no heartbeat, so nothing updates the attempt
    row first: the insert is the write that meets the deletion, at commit.
    """
    attempt = _past_its_deadline(sample_test)
    vanish_after_the_read()
    response = _post(client, attempt, "events", JSON_ENDPOINTS["events"](sample_test))
    assert response.status_code == 404
    assert response.json() == GONE
    assert not ProctorEvent.objects.exists()
    assert not Attempt.objects.exists()
