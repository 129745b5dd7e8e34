"""One person, one candidate: every way in (bot, careers page, hh.ru import) registers through
`candidate_register`, which finds the person already on record by the same Telegram id, E.164 phone
or case-folded email before creating anyone, and lists probable duplicates for HR.

Which details may join a record is the caller's choice (`match_on`): a detail someone merely typed
proves nothing, so a way in that cannot verify it must not let the joiner see or change the record.
"""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from django.db import transaction

from candidates.models import Candidate, HistoryKind
from candidates.selectors import candidate_by_identity
from candidates.services.duplicates import duplicates_detect
from candidates.services.history import history_record
from candidates.services.people import candidate_consent_record, candidate_create

MATCH_ALL = ("telegram_id", "phone", "email")
# Fields a verified join may fill when the record has them empty; nothing is ever overwritten.
FILLABLE = ("surname", "email", "phone", "dob", "language", "telegram_id")


@dataclass(frozen=True)
class Person:
    name: str
    surname: str = ""
    email: str = ""
    phone: str = ""  # E.164
    dob: dt.date | None = None
    telegram_id: int | None = None
    language: str = ""


@dataclass(frozen=True)
class Registration:
    candidate: Candidate
    created: bool
    matched_on: str  # "" when created, else "telegram_id", "phone" or "email"


def _match(person: Person, match_on: Collection[str]) -> tuple[Candidate | None, str]:
    for key in MATCH_ALL:
        value = getattr(person, key)
        if key in match_on and value:
            found = candidate_by_identity(**{key: value})
            if (
                found is not None
                and person.telegram_id
                and found.telegram_id not in (None, person.telegram_id)
            ):
                continue  # another Telegram account's record: a new one, listed as a duplicate for HR
            if found is not None:
                return found, key
    return None, ""


def _fill_blanks(candidate: Candidate, person: Person) -> None:
    fields = [f for f in FILLABLE if getattr(person, f) and not getattr(candidate, f)]
    if "telegram_id" in fields and Candidate.objects.filter(telegram_id=person.telegram_id).exists():
        fields.remove("telegram_id")  # another record holds that account: HR merges them
    for field in fields:
        setattr(candidate, field, getattr(person, field))
    if fields:
        candidate.save(update_fields=[*fields, "updated_at"])


def candidate_register(
    *,
    person: Person,
    via: str,
    match_on: Collection[str] = MATCH_ALL,
    fill_blanks: bool = False,
    consent_at: dt.datetime | None = None,
    consent_policy_version: str = "",
) -> Registration:
    """The candidate these details belong to, created when nobody on record matches.

    `via` is the way in (an ApplicationSource), written to the history when the person is
    recognised. `fill_blanks` lets a verified match fill the record's empty fields; a joined record
    is otherwise left exactly as it was (only the consent is recorded again). A new record is
    checked against the others for probable duplicates, which HR decides about.
    """
    with transaction.atomic():
        found, key = _match(person, match_on)
        if found is None:
            candidate = candidate_create(
                name=person.name,
                surname=person.surname,
                email=person.email,
                phone=person.phone,
                dob=person.dob,
                telegram_id=person.telegram_id,
                language=person.language,
                consent_at=consent_at,
                consent_policy_version=consent_policy_version,
            )
            duplicates_detect(candidate=candidate)
            return Registration(candidate, True, "")
        candidate = Candidate.objects.select_for_update(no_key=True).get(pk=found.pk)
        if fill_blanks:
            _fill_blanks(candidate, person)
        if consent_at is not None:
            candidate_consent_record(
                candidate=candidate, consent_at=consent_at, policy_version=consent_policy_version
            )
        history_record(
            candidate=candidate,
            kind=HistoryKind.JOINED_EXISTING,
            to_value=via,
            details={"via": via, "matched_on": key},
        )
        return Registration(candidate, False, key)
