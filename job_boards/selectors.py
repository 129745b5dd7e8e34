"""Reads of the hh.ru integration."""

import datetime as dt

from django.db.models import Q, QuerySet

from candidates.models import Application, Candidate, Vacancy
from job_boards.models import (
    ActionState,
    HHAction,
    HHConnection,
    HHNotification,
    HHResponse,
    HHVacancy,
    LinkState,
)


def hh_connection() -> HHConnection:
    """The one connection row (created disconnected on first read)."""
    connection, _created = HHConnection.objects.get_or_create(pk=1)
    return connection


def hh_links_to_poll(*, imported_before: dt.datetime | None = None) -> QuerySet[HHVacancy]:
    """Linked vacancies; with `imported_before`, those not imported since (or never)."""
    links = HHVacancy.objects.filter(state=LinkState.LINKED).exclude(hh_vacancy_id="")
    if imported_before is not None:
        links = links.filter(Q(last_imported_at__isnull=True) | Q(last_imported_at__lt=imported_before))
    return links.order_by("last_imported_at", "id")


def hh_link_of(*, vacancy: Vacancy) -> HHVacancy | None:
    return HHVacancy.objects.filter(vacancy=vacancy).first()


def hh_link_by_hh_id(*, hh_vacancy_id: str) -> HHVacancy | None:
    return HHVacancy.objects.filter(hh_vacancy_id=str(hh_vacancy_id)).select_related("vacancy").first()


def hh_response_of(*, application: Application) -> HHResponse | None:
    return HHResponse.objects.filter(application=application).first()


def hh_actions_failed() -> QuerySet[HHAction]:
    return (
        HHAction.objects.filter(state=ActionState.FAILED)
        .select_related("response__application__candidate", "response__application__vacancy")
        .order_by("-updated_at")
    )


def hh_links() -> QuerySet[HHVacancy]:
    return HHVacancy.objects.select_related("vacancy").order_by("vacancy__name")


def hh_responses_of(*, candidate: Candidate) -> list[HHResponse]:
    """The candidate's hh.ru responses with their actions (for the candidate page), in two queries."""
    return list(
        HHResponse.objects.filter(application__candidate=candidate)
        .select_related("application__vacancy")
        .prefetch_related("actions")
        .order_by("-created_at")
    )


def hh_notifications_pending(
    *, received_before: dt.datetime, received_after: dt.datetime
) -> QuerySet[HHNotification]:
    """Notifications whose processing failed (hh.ru busy, the connection down), oldest first."""
    return HHNotification.objects.filter(
        processed_at__isnull=True, created_at__lt=received_before, created_at__gt=received_after
    ).order_by("created_at", "id")
