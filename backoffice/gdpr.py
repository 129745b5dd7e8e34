"""Data subject requests that span every app: export everything about a person, or erase it.

Each app wipes or reads only its own rows through its own functions; this edge calls them in one
transaction and records the request in the candidate's history (the one audit trail).
"""

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import translation

from candidates import selectors as candidate_selectors
from candidates import services as candidate_services
from candidates.models import AIAnalysis, Application, Candidate, Grade, HistoryKind
from messaging import selectors as messaging_selectors
from messaging import services as messaging_services
from messaging.models import Message
from tests_app import selectors as test_selectors
from tests_app import services as test_services
from tests_app.models import Attempt


def candidate_export(*, candidate: Candidate, actor: AbstractBaseUser | None = None) -> dict:
    """Everything stored about one candidate, JSON-serialisable with DjangoJSONEncoder. The history
    records that `actor` exported it, in the same transaction: an export that fails is not recorded."""
    with transaction.atomic():
        data = candidate_selectors.candidate_export(candidate=candidate)
        data["attempts"] = test_selectors.attempts_export(candidate=candidate)
        data["messages"] = messaging_selectors.messages_export(candidate=candidate)
        data["admin_log"] = _admin_log(candidate)
        candidate_services.history_record(candidate=candidate, kind=HistoryKind.DATA_EXPORTED, actor=actor)
    return data


def _admin_log(candidate: Candidate) -> list[dict]:
    """Django's admin log about the candidate: form saves ("Changed Phone."), and the entries of the
    audit log kept from before the history held everything (candidates migration 0011)."""
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Candidate), object_id=str(candidate.pk)
    ).order_by("-action_time", "-id")
    return [{"time": entry.action_time, "action": entry.get_change_message()} for entry in entries]


def candidate_erase(
    *, candidate: Candidate, actor: AbstractBaseUser | None = None, actor_label: str = ""
) -> bool:
    """Anonymise a candidate everywhere; returns False when they already were.

    A merged person is one person in several records: erasing any of them erases them all (the
    kept record and every stub merged into it), so nothing of the person stays in a stub."""
    with transaction.atomic():
        family = candidate_selectors.candidate_family(candidate=candidate)
        family = [candidate if member.pk == candidate.pk else member for member in family]
        erased = [_erase_one(member, actor, actor_label) for member in family]
    return any(erased)


def _erase_one(candidate: Candidate, actor: AbstractBaseUser | None, actor_label: str) -> bool:
    removed = candidate_services.ANONYMIZED_TEXT
    with transaction.atomic():
        telegram_id = Candidate.objects.filter(pk=candidate.pk).values_list("telegram_id", flat=True).first()
        if not candidate_services.candidate_anonymize(
            candidate=candidate, actor=actor, actor_label=actor_label
        ):
            return False
        messaging_services.messages_anonymize(candidate=candidate, text=removed)
        if telegram_id is not None:
            messaging_services.bot_chat_erase(telegram_id=telegram_id)
        test_services.answers_anonymize(candidate=candidate, text=removed)
        admin_log_anonymize(candidate=candidate, related=_related_rows(candidate))
    return True


def _related_rows(candidate: Candidate) -> list[tuple[type, list]]:
    return [
        (Application, list(candidate.applications.values_list("pk", flat=True))),
        (Grade, list(candidate.grades.values_list("pk", flat=True))),
        (AIAnalysis, list(candidate.ai_analyses.values_list("pk", flat=True))),
        (Attempt, list(Attempt.objects.filter(candidate=candidate).values_list("pk", flat=True))),
        (Message, list(Message.objects.filter(candidate=candidate).values_list("pk", flat=True))),
    ]


def admin_log_anonymize(*, candidate: Candidate, related: list[tuple[type, list]]) -> None:
    """Django's admin log (the rows ModelAdmin writes on a form save, "Changed Phone.") names the
    object in `object_repr`: the candidate's and their related rows' entries lose the name."""
    _rename_entries(Candidate, [candidate.pk], candidate_services.ANONYMIZED_NAME)
    for model, pks in related:
        with translation.override("en"):  # stored: the same words whoever erased the candidate
            name = f"{model._meta.verbose_name} of an anonymised candidate"
        _rename_entries(model, pks, name)


def _rename_entries(model: type, pks: list, name: str) -> None:
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=[str(pk) for pk in pks]
    ).update(object_repr=name)
