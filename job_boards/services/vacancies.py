"""Vacancies on hh.ru: link an existing one by id, publish a draft (publishing: services/publishing.py),
archive, and mark one hh.ru no longer has (404) so it is not polled and HR knows."""

import re

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.models import Vacancy
from job_boards.hh.client import HHError, HHNotFound
from job_boards.models import HHVacancy, LinkState
from job_boards.selectors import hh_connection
from job_boards.services.alerts import hh_alert
from job_boards.services.connection import hh_client
from job_boards.services.publishing import hh_publish_error

HH_ID = re.compile(r"\d{1,20}")


class HHLinkError(HHError):
    pass


def hh_vacancy_link(*, vacancy: Vacancy, hh_vacancy_id: str) -> HHVacancy:
    """Link `vacancy` to an existing hh.ru vacancy (checked with GET /vacancies/{id})."""
    hh_vacancy_id = (hh_vacancy_id or "").strip()
    if not HH_ID.fullmatch(hh_vacancy_id):
        raise HHLinkError(_("An hh.ru vacancy ID is a number, such as 123456789."))
    try:
        hh_client().get(f"/vacancies/{hh_vacancy_id}")
    except HHNotFound:
        raise HHLinkError(
            _("hh.ru has no vacancy %(id)s for this employer.") % {"id": hh_vacancy_id}
        ) from None
    try:
        with transaction.atomic():
            link, _created = HHVacancy.objects.update_or_create(
                vacancy=vacancy,
                defaults={"hh_vacancy_id": hh_vacancy_id, "state": LinkState.LINKED, "last_error": ""},
            )
    except IntegrityError:
        raise HHLinkError(
            _("hh.ru vacancy %(id)s is linked to another vacancy.") % {"id": hh_vacancy_id}
        ) from None
    return link


def hh_vacancy_unlink(*, vacancy: Vacancy) -> None:
    HHVacancy.objects.filter(vacancy=vacancy).delete()


def hh_draft_publish(*, link: HHVacancy) -> HHVacancy:
    """POST /vacancies/drafts/{id}/publish: hh.ru publishes the draft (one vacancy per city: the first is linked)."""
    if link.state != LinkState.DRAFT or not link.hh_draft_id:
        raise HHLinkError(_("This vacancy has no draft on hh.ru."))
    try:
        answer = hh_client().json("POST", f"/vacancies/drafts/{link.hh_draft_id}/publish")
    except HHError as error:  # the draft stays on hh.ru and linked here: HR can fix it there and retry
        raise hh_publish_error(error) from None
    ids = answer.get("vacancy_ids") or []
    if not ids:
        raise HHLinkError(_("hh.ru did not return the new vacancy's ID."))
    link.hh_vacancy_id, link.hh_draft_id, link.state, link.last_error = str(ids[0]), "", LinkState.LINKED, ""
    link.save(update_fields=["hh_vacancy_id", "hh_draft_id", "state", "last_error", "updated_at"])
    return link


def hh_vacancy_archive(*, link: HHVacancy) -> HHVacancy:
    """PUT /employers/{employer_id}/vacancies/archived/{vacancy_id}; responses are no longer polled."""
    employer_id = hh_connection().employer_id
    try:
        hh_client().request("PUT", f"/employers/{employer_id}/vacancies/archived/{link.hh_vacancy_id}")
    except HHNotFound:
        return hh_vacancy_mark_removed(link=link)
    link.state = LinkState.ARCHIVED
    link.save(update_fields=["state", "updated_at"])
    return link


def hh_vacancy_check(*, link: HHVacancy) -> HHVacancy:
    """Read the linked vacancy again (a webhook said it changed): archived on hh.ru stops the import,
    gone (404) marks it removed and tells HR."""
    try:
        vacancy = hh_client().get(f"/vacancies/{link.hh_vacancy_id}")
    except HHNotFound:
        return hh_vacancy_mark_removed(link=link)
    if vacancy.get("archived") and link.state == LinkState.LINKED:
        link.state = LinkState.ARCHIVED
        link.save(update_fields=["state", "updated_at"])
    return link


def hh_vacancy_archived(*, link: HHVacancy) -> HHVacancy:
    """hh.ru says the vacancy was archived there (VACANCY_ARCHIVATION): stop importing it, tell HR once."""
    if link.state != LinkState.LINKED:
        return link
    link.state = LinkState.ARCHIVED
    link.save(update_fields=["state", "updated_at"])
    vacancy = link.vacancy
    hh_alert(
        text_for=lambda: (
            _(
                "hh.ru vacancy %(id)s of “%(vacancy)s” was archived on hh.ru; its responses are no longer imported."
            )
            % {"id": link.hh_vacancy_id, "vacancy": vacancy.name}
        ),
        vacancy=vacancy,
        url=reverse("admin:candidates_vacancy_change", args=[vacancy.pk]),
    )
    return link


def hh_vacancy_mark_removed(*, link: HHVacancy) -> HHVacancy:
    """hh.ru answered 404 for the vacancy: stop polling it and tell HR (once)."""
    if link.state == LinkState.REMOVED:
        return link
    link.state, link.last_error = LinkState.REMOVED, str(_("hh.ru no longer has this vacancy (404)."))
    link.save(update_fields=["state", "last_error", "updated_at"])
    vacancy = link.vacancy
    hh_alert(
        text_for=lambda: (
            _("hh.ru vacancy %(id)s of “%(vacancy)s” is gone; it is no longer imported.")
            % {"id": link.hh_vacancy_id, "vacancy": vacancy.name}
        ),
        vacancy=vacancy,
        url=reverse("admin:candidates_vacancy_change", args=[vacancy.pk]),
    )
    return link


def hh_link_error(*, link: HHVacancy, error: HHError) -> None:
    HHVacancy.objects.filter(pk=link.pk).update(last_error=error.message[:500], updated_at=timezone.now())
