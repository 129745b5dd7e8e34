"""Handing a delivery to the broker. A broker outage is logged, never raised: the row is committed,
so the sweeper queues it once the broker is back."""

import datetime as dt
import logging

logger = logging.getLogger(__name__)


def enqueue(delivery_id: int, *, lease: dt.datetime | None = None, countdown: float | None = None) -> None:
    from webhooks.tasks import deliver  # the task calls these services: a genuine cycle

    args = [delivery_id, lease.isoformat() if lease else None]
    try:
        deliver.apply_async(args, countdown=countdown)
    except Exception:
        logger.warning(
            "Could not queue webhook delivery %s; the sweeper will retry", delivery_id, exc_info=True
        )
