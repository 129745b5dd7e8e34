"""Handing deliveries to the broker. A broker outage is logged, never raised: the rows are committed,
so the sweeper queues them once the broker is back.

Deliveries written together go out together: everything one transaction emits is queued, once it
commits, as one task per `WEBHOOK_BATCH_SIZE` deliveries (`enqueue_on_commit`), not one task each;
a task's fixed cost (broker fetch and ack, tracing, connection checks) is then paid once per batch.
"""

import datetime as dt
import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

# The deliveries the current transaction has emitted so far, kept on its (thread-local) connection.
PENDING_ATTRIBUTE = "webhook_deliveries_to_queue"


def enqueue(delivery_id: int, *, lease: dt.datetime | None = None, countdown: float | None = None) -> None:
    from webhooks.tasks import deliver  # the task calls these services: a genuine cycle

    args = [delivery_id, lease.isoformat() if lease else None]
    try:
        deliver.apply_async(args, countdown=countdown)
    except Exception:
        logger.warning(
            "Could not queue webhook delivery %s; the sweeper will retry", delivery_id, exc_info=True
        )


def enqueue_batches(delivery_ids: list[int], *, lease: dt.datetime | None = None) -> None:
    """One task per WEBHOOK_BATCH_SIZE deliveries, in the order given."""
    from webhooks.tasks import deliver_batch

    size = settings.WEBHOOK_BATCH_SIZE
    for start in range(0, len(delivery_ids), size):
        chunk = delivery_ids[start : start + size]
        try:
            deliver_batch.apply_async([chunk, lease.isoformat() if lease else None])
        except Exception:
            logger.warning(
                "Could not queue webhook deliveries %s; the sweeper will retry",
                ", ".join(map(str, chunk)),
                exc_info=True,
            )


def enqueue_on_commit(delivery_ids: list[int]) -> None:
    """Queue these deliveries once the current transaction commits, together with every other
    delivery it emits; at once outside a transaction. A rollback queues nothing.

    Every call registers an on-commit callback (so a rolled-back savepoint cannot take the queueing
    of the rest with it); the first one to run queues all the transaction's deliveries, the others
    find nothing left. An id from a rolled-back savepoint may ride along: its row does not exist,
    so the task's claim skips it.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        enqueue_batches(delivery_ids)
        return
    pending: list[int] | None = getattr(connection, PENDING_ATTRIBUTE, None)
    if pending is None or not connection.run_on_commit:
        # Nothing of this transaction is waiting for the commit yet: what is left is a rolled-back one's.
        pending = []
        setattr(connection, PENDING_ATTRIBUTE, pending)
    pending.extend(delivery_ids)
    transaction.on_commit(partial(_enqueue_pending, connection), robust=True)


def _enqueue_pending(connection: Any) -> None:
    pending: list[int] = getattr(connection, PENDING_ATTRIBUTE, None) or []
    setattr(connection, PENDING_ATTRIBUTE, [])
    if pending:
        enqueue_batches(pending)
