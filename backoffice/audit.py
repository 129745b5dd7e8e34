"""The HR audit trail: who changed which status, shared which grade, sent which message, and when.

It is Django's admin LogEntry, written against the candidate, so the admin's own history and the
candidate page show the same trail. Entries never copy message texts or contact details: they
must stay harmless once a candidate is anonymised.

Entries are stored in English (they are data, read by every HR user); `audit_text` shows the ones
this module knows in the reader's language.
"""

import re

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from candidates import services as candidates_services
from candidates.models import Candidate, CandidateStatus


def audit_record(*, user: AbstractBaseUser | None, candidate: Candidate, message: str) -> LogEntry | None:
    """Record one HR action on a candidate. Actions without a signed-in user (API, bot) are not HR's."""
    if user is None or user.pk is None:
        return None
    return LogEntry.objects.log_actions(
        user_id=user.pk, queryset=[candidate], action_flag=CHANGE, change_message=message, single_object=True
    )


def audit_entries(*, candidate: Candidate) -> QuerySet[LogEntry]:
    return (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Candidate), object_id=str(candidate.pk)
        )
        .select_related("user")
        .order_by("-action_time", "-id")
    )


def audit_entries_anonymize(*, candidate: Candidate, related: list[tuple[type, list]]) -> None:
    """The admin history names the candidate in every entry about them or their related rows."""
    _rename_entries(Candidate, [candidate.pk], candidates_services.ANONYMIZED_NAME)
    for model, pks in related:
        with translation.override("en"):  # stored: the same words whoever erased the candidate
            name = f"{model._meta.verbose_name} of an anonymised candidate"
        _rename_entries(model, pks, name)


def _rename_entries(model: type, pks: list, name: str) -> None:
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=[str(pk) for pk in pks]
    ).update(object_repr=name)


def status_label(value: str) -> str:
    """A candidate status code as its label ("test_assigned" -> "Test Assigned"); anything else as is."""
    return str(CandidateStatus(value).label) if value in CandidateStatus.values else value


def audit_text(message: str) -> str:
    """A stored (English) entry in the reader's language, when it is one this module writes."""
    fixed = {
        "Sent a Telegram message": _("Sent a Telegram message"),
        "Exported the personal data (JSON)": _("Exported the personal data (JSON)"),
        "Anonymised the candidate's personal data": _("Anonymised the candidate's personal data"),
    }
    if message in fixed:
        return fixed[message]
    if match := re.fullmatch(r"Status: (\w+) → (\w+)", message):
        return _("Status: %(old)s → %(new)s") % {"old": status_label(match[1]), "new": status_label(match[2])}
    if match := re.fullmatch(r"Invited to the test “(.*)”", message, re.S):
        return _("Invited to the test “%(test)s”") % {"test": match[1]}
    if match := re.fullmatch(r"Shared grade (\d+) with OneF", message):
        return _("Shared grade %(value)s with OneF") % {"value": match[1]}
    if match := re.fullmatch(r"Added grade (\d+)", message):
        return _("Added grade %(value)s") % {"value": match[1]}
    return message
