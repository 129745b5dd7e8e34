"""Long polling (GET /updates): store each batch before the next request's `marker` confirms it,
then handle the stored updates one at a time, in the order MAX handed them out.

A poller stopped at any point loses nothing: what it stored and did not handle is handled first when
it starts again (`max_updates_pending`), and an update handed out twice is stored once. Run one poller
per token (MAX hands each update to one long-polling request).
"""

import logging
import threading
import time

from django.db import close_old_connections

from max_bot import selectors, services
from max_bot.handling import handle_update
from max_bot.models import MaxUpdate
from messaging.max_api import MaxClient

logger = logging.getLogger(__name__)
BACKOFF_MAX_SECONDS = 30
PURGE_EVERY_SECONDS = 3600


class TokenRejected(RuntimeError):
    pass


def handle_pending(client: MaxClient, ids: list[int] | None = None) -> int:
    """Handle the given stored updates (default: every pending one), oldest first."""
    rows = (
        selectors.max_updates_pending()
        if ids is None
        else list(MaxUpdate.objects.filter(id__in=ids, handled_at=None).order_by("id"))
    )
    for row in rows:
        handle_update(update_id=row.id, payload=row.payload, client=client)
    return len(rows)


def poll_once(client: MaxClient, marker: int | None, *, timeout: int) -> tuple[bool, int | None]:
    """One GET /updates: (ok, the next marker). The batch is stored, then handled."""
    answer = client.updates(marker=marker, timeout=timeout)
    if answer.status_code == 401:
        raise TokenRejected(answer.error)
    if not answer.ok or not isinstance(answer.body, dict):
        return False, marker
    updates = [update for update in answer.body.get("updates") or [] if isinstance(update, dict)]
    fresh = services.max_updates_store(payloads=updates)
    handle_pending(client, fresh)
    next_marker = answer.body.get("marker")
    return True, next_marker if isinstance(next_marker, int) else marker


def poll(client: MaxClient, stop: threading.Event, *, timeout: int = 30) -> None:
    """Until `stop` is set. Unreachable MAX or database: back off and try again, never lose."""
    resumed = handle_pending(client)
    if resumed:
        logger.info("Handled %d MAX updates a previous poller stored", resumed)
    marker, delay, purged_at = None, 1.0, 0.0
    while not stop.is_set():
        close_old_connections()  # a poller lives for weeks: drop connections the database closed
        if time.monotonic() - purged_at > PURGE_EVERY_SECONDS:
            services.max_updates_purge()
            purged_at = time.monotonic()
        try:
            ok, marker = poll_once(client, marker, timeout=timeout)
        except TokenRejected:
            raise
        except Exception as error:
            logger.warning("Polling MAX failed (%s)", type(error).__name__, exc_info=True)
            ok = False
        if ok:
            delay = 1.0
            continue
        logger.warning("Polling MAX failed; retrying in %.0f s", delay)
        stop.wait(delay)
        delay = min(delay * 2, BACKOFF_MAX_SECONDS)
