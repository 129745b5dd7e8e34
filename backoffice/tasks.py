"""Periodic work of the back-office: the retention rule (thin; backoffice/retention.py decides)."""

from celery import shared_task

from backoffice.retention import candidates_retention_anonymize


@shared_task(ignore_result=True)
def anonymize_retained_candidates() -> int:
    return candidates_retention_anonymize()
