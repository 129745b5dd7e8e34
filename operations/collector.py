"""Gauges computed from the database at scrape time: right with any number of processes.

Each family is one grouped, indexed query (delivery status index, attempt status index); the
Celery queue lengths are one Redis LLEN per queue (skipped with the embedded file broker).
"""

import time

import redis
from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from messaging.models import DeliveryStatus as MessageStatus
from messaging.models import Message, MessageDirection, TelegramUpdate
from tests_app.models import Attempt, AttemptStatus
from webhooks.models import Delivery, DeliveryStatus

CELERY_QUEUES = ("celery",)


def _webhook_families() -> list[GaugeMetricFamily]:
    deliveries = GaugeMetricFamily(
        "webhook_deliveries",
        "Webhook deliveries not delivered, per endpoint and state.",
        labels=["endpoint", "state"],
    )
    oldest = GaugeMetricFamily(
        "webhook_oldest_pending_age_seconds",
        "Age of the oldest delivery still to send, per endpoint.",
        labels=["endpoint"],
    )
    rows = (
        Delivery.objects.filter(
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.DELIVERING, DeliveryStatus.FAILED]
        )
        .values("endpoint__name", "status")
        .annotate(
            total=Count("id"), retrying=Count("id", filter=Q(attempt_count__gt=0)), first=Min("created_at")
        )
        .order_by()
    )
    counts: dict[tuple[str, str], int] = {}
    firsts: dict[str, float] = {}
    now = timezone.now()
    for row in rows:
        name = row["endpoint__name"]
        if row["status"] == DeliveryStatus.FAILED:
            counts[(name, "failed")] = counts.get((name, "failed"), 0) + row["total"]
            continue
        counts[(name, "pending")] = counts.get((name, "pending"), 0) + row["total"] - row["retrying"]
        counts[(name, "retrying")] = counts.get((name, "retrying"), 0) + row["retrying"]
        age = (now - row["first"]).total_seconds()
        firsts[name] = max(firsts.get(name, 0.0), age)
    for name in sorted({n for n, _ in counts}):
        for state in ("pending", "retrying", "failed"):
            deliveries.add_metric([name, state], counts.get((name, state), 0))
        oldest.add_metric([name], round(firsts.get(name, 0.0), 3))
    return [deliveries, oldest]


def _message_family() -> GaugeMetricFamily:
    family = GaugeMetricFamily(
        "telegram_outbound_messages", "Outbound Telegram messages not sent, per state.", labels=["state"]
    )
    rows = dict(
        Message.objects.filter(
            direction=MessageDirection.OUTBOUND,
            delivery_status__in=[MessageStatus.QUEUED, MessageStatus.FAILED],
        )
        .values_list("delivery_status")
        .annotate(total=Count("id"))
        .order_by()
    )
    for state in (MessageStatus.QUEUED, MessageStatus.FAILED):
        family.add_metric([state.value], rows.get(state.value, 0))
    return family


def _attempt_family() -> GaugeMetricFamily:
    count = Attempt.objects.filter(status=AttemptStatus.IN_PROGRESS).count()
    return GaugeMetricFamily("test_attempts_in_progress", "Test attempts in progress.", value=count)


def _telegram_update_families() -> list[GaugeMetricFamily]:
    """The bot's inbox (messaging.TelegramUpdate): what waits to be handled and for how long, and how
    long ago an update was last stored (by the poller, or by the webhook in webhook mode)."""
    inbox = TelegramUpdate.objects.aggregate(
        waiting=Count("id", filter=Q(handled_at=None)),
        handled=Count("id", filter=~Q(handled_at=None)),
        last=Max("created_at"),
        oldest_waiting=Min("created_at", filter=Q(handled_at=None)),
    )
    updates = GaugeMetricFamily(
        "telegram_updates", "Telegram updates in the bot's inbox, per state.", labels=["state"]
    )
    updates.add_metric(["waiting"], inbox["waiting"])
    updates.add_metric(["handled"], inbox["handled"])
    now = timezone.now()
    oldest = inbox["oldest_waiting"]
    families = [
        updates,
        # The health of both modes: in webhook mode nothing polls, but a stuck worker shows here.
        GaugeMetricFamily(
            "telegram_inbox_oldest_waiting_age_seconds",
            "Age of the oldest Telegram update stored and not handled yet (0 when none waits).",
            value=round((now - oldest).total_seconds(), 3) if oldest else 0.0,
        ),
        GaugeMetricFamily(
            "telegram_webhook_mode",
            "1 when Telegram posts updates to the webhook (TELEGRAM_MODE=webhook), 0 when the bot polls.",
            value=int(settings.TELEGRAM_MODE == "webhook"),
        ),
    ]
    if inbox["last"] is not None:
        age = (now - inbox["last"]).total_seconds()
        families.append(
            GaugeMetricFamily(
                "telegram_last_update_age_seconds",
                "Seconds since the bot last stored an update from Telegram.",
                value=round(age, 3),
            )
        )
    return families


def _queue_family() -> GaugeMetricFamily | None:
    if not settings.CELERY_BROKER_URL.startswith(("redis", "rediss", "unix")):
        return None  # the embedded file-system broker has no queue to measure
    family = GaugeMetricFamily(
        "celery_queue_length", "Tasks waiting in the broker, per queue.", labels=["queue"]
    )
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        for queue in CELERY_QUEUES:
            family.add_metric([queue], client.llen(queue))
    except redis.RedisError:
        return None  # /readyz reports the broker down; an absent series shows it here
    finally:
        client.close()
    return family


class DatabaseCollector(Collector):
    def collect(self):
        started = time.perf_counter()
        yield from _webhook_families()
        yield _message_family()
        yield _attempt_family()
        yield from _telegram_update_families()
        queues = _queue_family()
        if queues is not None:
            yield queues
        yield GaugeMetricFamily(
            "telegram_bot_configured",
            "1 when TELEGRAM_BOT_TOKEN is set.",
            value=int(bool(settings.TELEGRAM_BOT_TOKEN)),
        )
        yield GaugeMetricFamily(
            "metrics_scrape_duration_seconds",
            "Time to compute these gauges.",
            value=time.perf_counter() - started,
        )
