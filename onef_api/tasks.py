"""Celery tasks of the OneF API: thin wrappers around its services."""

from celery import shared_task

from onef_api import services


@shared_task(ignore_result=True)
def purge_idempotency_keys() -> int:
    return services.idempotency_keys_purge()
