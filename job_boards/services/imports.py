"""Responses in: every collection of a linked vacancy, page by page (at most 50 a page), each response
imported once (by hh's response id, and by resume for the vacancy) as an application with source
`hh`. The resume's PDF becomes the CV through the candidates' services, which start its screening;
one person stays one candidate (`candidate_register`: the same phone or email)."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from candidates.models import Application, ApplicationSource, Candidate
from candidates.phones import InvalidPhone, phone_to_e164
from candidates.services import Person as Registrant
from candidates.services import application_create, candidate_attach_cv, candidate_register
from job_boards.hh.client import HHClient, HHError, HHNotFound
from job_boards.models import HHResponse, HHVacancy, LinkState
from job_boards.services.connection import hh_client
from job_boards.services.vacancies import hh_link_error, hh_vacancy_mark_removed

logger = logging.getLogger(__name__)

PER_PAGE = 50  # hh.ru's maximum
MAX_PAGES = 200  # a guard against a collection that never ends
HH_ACTOR = "hh.ru"


@dataclass
class ImportResult:
    seen: int = 0
    created: int = 0
    skipped: int = 0
    problem: str = ""  # the last response that could not be imported, shown on the set-up page


@dataclass
class Person:
    name: str
    surname: str
    email: str
    phone: str


def _pages(client: HHClient, url: str):
    for page in range(MAX_PAGES):
        answer = client.get(url, page=page, per_page=PER_PAGE)
        yield from answer.get("items") or []
        if page + 1 >= int(answer.get("pages") or 1):
            return


def hh_vacancy_import(*, link: HHVacancy, client: HHClient | None = None) -> ImportResult:
    """Import every response of the linked vacancy; a 404 marks the vacancy removed (HR told)."""
    client, result = client or hh_client(), ImportResult()
    try:
        collections = client.get("/negotiations", vacancy_id=link.hh_vacancy_id).get("collections") or []
        for collection in collections:
            for item in _pages(client, collection["url"]):
                result.seen += 1
                created = _import_item(link, item, client, result)
                result.created += int(created)
                result.skipped += int(not created)
    except HHNotFound:
        hh_vacancy_mark_removed(link=link)
        return result
    except HHError as error:
        hh_link_error(link=link, error=error)
        raise
    HHVacancy.objects.filter(pk=link.pk).update(
        last_imported_at=timezone.now(), last_error=result.problem[:500]
    )
    return result


def _import_item(link: HHVacancy, item: dict, client: HHClient, result: "ImportResult") -> bool:
    """One response; a resume gone (404) or refused data skips it (noted on the link), not the vacancy."""
    try:
        return hh_response_import(link=link, item=item, client=client)
    except HHNotFound:
        return False  # the candidate hid or deleted the resume meanwhile
    except ValidationError as error:
        result.problem = f"hh.ru response {item.get('id')}: {'; '.join(error.messages)}"
        logger.warning("hh.ru response %s not imported: %s", item.get("id"), error.messages)
        return False


def _known(link: HHVacancy, item: dict) -> bool:
    resume_id = (item.get("resume") or {}).get("id", "")
    return HHResponse.objects.filter(hh_id=str(item["id"])).exists() or (
        bool(resume_id) and HHResponse.objects.filter(link=link, resume_id=resume_id).exists()
    )


def _phone(contacts: list) -> str:
    for contact in contacts:
        if (contact.get("type") or {}).get("id") in ("cell", "home", "work"):
            value = contact.get("value") or {}
            raw = value.get("formatted") or "".join(value.get(k, "") for k in ("country", "city", "number"))
            try:
                return phone_to_e164(raw if raw.startswith("+") else f"+{raw}")
            except InvalidPhone:
                continue
    return ""


def _person(resume: dict) -> Person:
    contacts = resume.get("contact") or []
    email = next((c.get("value", "") for c in contacts if (c.get("type") or {}).get("id") == "email"), "")
    return Person(
        name=(resume.get("first_name") or "").strip()[:150] or "hh.ru",
        surname=(resume.get("last_name") or "").strip()[:150],
        email=email if isinstance(email, str) else "",
        phone=_phone(contacts),
    )


def hh_response_import(*, link: HHVacancy, item: dict, client: HHClient) -> bool:
    """Import one response (a collection item or GET /negotiations/{id}). False when it was known,
    or cannot be imported (no resume: the candidate hid it)."""
    short = item.get("resume")
    if not short or _known(link, item):
        return False
    resume = client.get(short["url"])  # by hh's URL, so the view is counted properly
    person = _person(resume)
    pdf_url = ((resume.get("download") or short.get("download") or {}).get("pdf") or {}).get("url")
    content = client.request("GET", pdf_url).content if pdf_url else b""
    applied_at = parse_datetime(item.get("created_at") or "") or timezone.now()
    try:
        with transaction.atomic():
            application = _apply(link, person, content, f"hh-{short['id']}.pdf", applied_at)
            test = item.get("test_result") or {}
            HHResponse.objects.create(
                hh_id=str(item["id"]),
                resume_id=str(short["id"]),
                link=link,
                application=application,
                url=item.get("url", "")[:500],
                resume_url=(short.get("alternate_url") or "")[:500],
                test_score=test.get("score"),
                test_mark=(test.get("mark") or "")[:20],
                test_url=(test.get("url") or "")[:500],
            )
    except IntegrityError:
        return False  # imported meanwhile by the webhook's task or the poll
    return True


def _apply(
    link: HHVacancy, person: Person, content: bytes, filename: str, applied_at: dt.datetime
) -> Application:
    candidate = candidate_register(
        person=Registrant(name=person.name, surname=person.surname, email=person.email, phone=person.phone),
        via=ApplicationSource.HH,
        match_on=("phone", "email"),
    ).candidate
    candidate = Candidate.objects.select_for_update(no_key=True).get(pk=candidate.pk)
    existing = Application.objects.filter(candidate=candidate, vacancy=link.vacancy).first()
    if existing is not None:
        return existing  # the same person applied through another channel: one application
    if content:
        try:
            candidate_attach_cv(candidate=candidate, content=content, filename=filename)
        except ValidationError as error:
            logger.warning("hh.ru resume of %s not stored as the CV: %s", candidate.pk, error.messages)
    return application_create(
        candidate=candidate,
        vacancy=link.vacancy,
        source=ApplicationSource.HH,
        applied_at=applied_at,
        actor_label=HH_ACTOR,
    )


def hh_negotiation_import(*, link: HHVacancy, negotiation_id: str, client: HHClient | None = None) -> bool:
    """One response named by a webhook: GET /negotiations/{id}, then import it."""
    client = client or hh_client()
    if link.state != LinkState.LINKED:
        return False
    if HHResponse.objects.filter(hh_id=str(negotiation_id)).exists():
        return False
    item = client.get(f"/negotiations/{negotiation_id}")
    return hh_response_import(link=link, item=item, client=client)
