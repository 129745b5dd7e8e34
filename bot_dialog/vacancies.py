"""Browsing: the published vacancies page by page, one vacancy, and the candidate's applications."""

import math

from django.db.models import QuerySet
from django.utils import formats

from bot_dialog import texts
from bot_dialog.common import menu, text
from bot_dialog.types import Button, Reply
from candidates import selectors as candidate_selectors
from candidates.models import Candidate, Vacancy
from messaging import selectors
from messaging.services import TELEGRAM_MAX_TEXT

PAGE_SIZE = 5


def published_vacancies() -> QuerySet[Vacancy]:
    return candidate_selectors.vacancies_published().order_by("name", "id")


def vacancy_page(*, page: int, edit: bool = False) -> Reply:
    vacancies = published_vacancies()
    total = vacancies.count()
    if total == 0:
        return Reply(text(texts.NO_VACANCIES), edit=edit)
    pages = math.ceil(total / PAGE_SIZE)
    page = min(max(page, 0), pages - 1)
    rows = [
        (Button(vacancy.name[:60], f"vac:{vacancy.id}:{page}"),)
        for vacancy in vacancies[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    ]
    navigation = []
    if page > 0:
        navigation.append(Button(text(texts.BUTTON_PREVIOUS), f"vacs:{page - 1}"))
    if page < pages - 1:
        navigation.append(Button(text(texts.BUTTON_NEXT), f"vacs:{page + 1}"))
    if navigation:
        rows.append(tuple(navigation))
    return Reply(texts.VACANCY_LIST.format(page=page + 1, pages=pages), buttons=tuple(rows), edit=edit)


def vacancy_details(*, vacancy_id: int, page: int) -> Reply:
    vacancy = published_vacancies().filter(pk=vacancy_id).first()
    back = Button(text(texts.BUTTON_BACK), f"vacs:{page}")
    if vacancy is None:
        return Reply(text(texts.VACANCY_GONE), buttons=((back,),))
    details = texts.VACANCY_DETAILS.format(
        name=vacancy.name, description=vacancy.description or "-", requirements=vacancy.requirements or "-"
    )
    if len(details) > TELEGRAM_MAX_TEXT:
        details = details[: TELEGRAM_MAX_TEXT - 1] + "…"
    return Reply(
        details, buttons=((Button(text(texts.BUTTON_APPLY), f"apply:{vacancy.id}"),), (back,)), edit=True
    )


def applications_reply(candidate: Candidate | None) -> Reply:
    if candidate is None:
        return Reply(text(texts.NOT_REGISTERED))
    applications = list(selectors.candidate_applications(candidate=candidate))
    if not applications:
        return menu(text(texts.NO_APPLICATIONS))
    withdrawn = candidate_selectors.applications_withdrawn_ids(candidate=candidate)
    lines = [text(texts.APPLICATIONS_HEADER)]
    lines += [
        texts.APPLICATION_LINE.format(
            vacancy=application.vacancy.name,
            date=formats.date_format(application.applied_at, "DATE_FORMAT"),
            # Each application's own stage: a fresh application is not "test completed" elsewhere.
            status=text(
                texts.STATUS_WITHDRAWN
                if application.id in withdrawn
                else texts.STATUS_WORDS.get(application.status, application.get_status_display())
            ),
        )
        for application in applications
    ]
    rows = []
    for application in applications:
        if not application.is_closed:
            name = application.vacancy.name[:30]
            rows.append((Button(texts.BUTTON_NEW_CV.format(vacancy=name), f"newcv:{application.id}"),))
            rows.append((Button(texts.BUTTON_WITHDRAW.format(vacancy=name), f"wd:{application.id}"),))
    rows.append((Button(text(texts.BUTTON_EDIT_DETAILS), "edit"),))
    return Reply("\n".join(lines)[:TELEGRAM_MAX_TEXT], buttons=tuple(rows))
