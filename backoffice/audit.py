"""The HR audit trail: who changed which status, shared which grade, sent which message, and when.

It is Django's admin LogEntry, written against the candidate, so the admin's own history and the
candidate page show the same trail. Entries never copy message texts or contact details: they
must stay harmless once a candidate is anonymised.
"""

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from candidates import services as candidates_services
from candidates.models import Candidate


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
        _rename_entries(model, pks, f"{model._meta.verbose_name} of an anonymised candidate")


def _rename_entries(model: type, pks: list, name: str) -> None:
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=[str(pk) for pk in pks]
    ).update(object_repr=name)
