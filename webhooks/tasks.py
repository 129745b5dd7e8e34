"""Celery tasks of the outbox: thin wrappers that take ids and call the services."""

import datetime as dt

from celery import shared_task
from django.conf import settings

from webhooks import services


@shared_task(acks_late=True, ignore_result=True)
def deliver(delivery_id: int, lease: str | None = None) -> None:
    services.delivery_attempt(
        delivery_id=delivery_id,
        lease=dt.datetime.fromisoformat(lease) if lease else None,
        batch=settings.WEBHOOK_BATCH_SIZE,
    )


@shared_task(acks_late=True, ignore_result=True)
def deliver_batch(delivery_ids: list[int], lease: str | None = None) -> None:
    services.deliveries_attempt(
        delivery_ids=delivery_ids,
        lease=dt.datetime.fromisoformat(lease) if lease else None,
        batch=settings.WEBHOOK_BATCH_SIZE,
    )


@shared_task(ignore_result=True)
def sweep_due_deliveries() -> int:
    return services.deliveries_sweep()


@shared_task(ignore_result=True)
def purge_delivered_payloads() -> int:
    return services.deliveries_purge()
