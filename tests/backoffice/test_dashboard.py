"""The dashboard on the admin index: counters, funnel, applications per day, lists that need action."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice import selectors as admin_selectors
from onef_api.selectors import dashboard_stats
from tests.factories import (
    ApplicationFactory,
    AttemptFactory,
    CandidateFactory,
    DeliveryFactory,
    MessageFactory,
    VacancyFactory,
)

pytestmark = pytest.mark.django_db


def counter(body: str, name: str) -> int:
    return int(re.search(rf'data-counter="{name}">(\d+)<', body).group(1))


def test_counters_are_those_of_get_dashboard(hr_client):
    VacancyFactory.create_batch(2)
    VacancyFactory(is_published=False)
    ApplicationFactory.create_batch(3)
    AttemptFactory()
    body = hr_client.get(reverse("admin:index")).content.decode()
    stats = dashboard_stats()
    for name in ["candidates_total", "candidates_new_today", "active_vacancies", "test_attempts_pending"]:
        assert counter(body, name) == stats[name], name
    assert counter(body, "active_vacancies") == 5  # 2 + the 3 vacancies of the applications


def test_funnel_has_conversion_rates_between_stages():
    counts = {"registered": 10, "applied": 8, "test_started": 4, "test_completed": 2, "hired": 0}
    stages = admin_selectors.funnel(counts)
    assert [s.count for s in stages] == [10, 8, 4, 2, 0]
    assert [s.conversion for s in stages] == [None, 80.0, 50.0, 50.0, 0.0]
    assert [s.share_of_total for s in stages] == [100.0, 80.0, 40.0, 20.0, 0.0]


def test_funnel_of_an_empty_database_has_no_division_by_zero():
    empty = dict.fromkeys(["registered", "applied", "test_started", "test_completed", "hired"], 0)
    assert [s.conversion for s in admin_selectors.funnel(empty)] == [None, 0.0, 0.0, 0.0, 0.0]


def test_funnel_is_rendered_as_inline_svg_with_the_rates(hr_client):
    for _ in range(4):
        CandidateFactory()
    ApplicationFactory()
    body = hr_client.get(reverse("admin:index")).content.decode()
    funnel = body[body.index('id="hr-funnel"') :]
    assert "<svg" in funnel
    assert "→ 20%" in funnel  # 1 of 5 registered applied
    assert "<script" not in body[body.index('id="hr-dashboard"') : body.index('id="hr-unread"')]


def test_applications_per_day_counts_30_days_with_zeros_in_one_query(django_assert_num_queries):
    today = timezone.now().date()
    now = timezone.now()
    ApplicationFactory.create_batch(2, applied_at=now)
    ApplicationFactory(applied_at=now - dt.timedelta(days=3))
    ApplicationFactory(applied_at=now - dt.timedelta(days=45))  # outside the window
    with django_assert_num_queries(1):
        per_day = admin_selectors.applications_per_day(today=today)
    assert len(per_day) == 30
    assert per_day[-1] == (today, 2)
    assert dict(per_day)[today - dt.timedelta(days=3)] == 1
    assert sum(count for _, count in per_day) == 3


def test_lists_that_need_action_link_to_their_pages(hr_client):
    unread = MessageFactory(candidate=CandidateFactory(name="Unread")).candidate
    read = CandidateFactory(name="Readall")
    MessageFactory(candidate=read, is_read=True)
    attempt = AttemptFactory(status="needs_review", started_at=timezone.now())
    failed = DeliveryFactory(status="failed", last_status_code=503)
    DeliveryFactory(status="delivered")
    body = hr_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:candidates_candidate_card", args=[unread.pk]) in body
    assert reverse("admin:candidates_candidate_card", args=[read.pk]) not in body
    assert reverse("admin:tests_app_attempt_change", args=[attempt.pk]) in body
    assert reverse("admin:webhooks_delivery_change", args=[failed.pk]) in body
    assert "HTTP 503" in body


def test_dashboard_says_when_the_telegram_bot_is_not_configured(hr_client, settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    assert b"The Telegram bot is not configured" in hr_client.get(reverse("admin:index")).content
    settings.TELEGRAM_BOT_TOKEN = "123:abc"
    assert b"The Telegram bot is not configured" not in hr_client.get(reverse("admin:index")).content


def test_dashboard_query_count_does_not_grow_with_the_data(hr_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            hr_client.get(reverse("admin:index"))
        return len(queries)

    MessageFactory()
    AttemptFactory(status="needs_review", started_at=timezone.now())
    DeliveryFactory(status="failed")
    few = count()
    for _ in range(8):
        MessageFactory()
        AttemptFactory(status="needs_review", started_at=timezone.now())
        DeliveryFactory(status="failed")
        ApplicationFactory()
    assert count() == few
