"""Data subject requests that span every app: export everything about a person, or erase it.

Each app wipes or reads only its own rows through its own functions; this edge calls them in one
transaction and records the request in the audit trail.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from backoffice import audit
from candidates import selectors as candidate_selectors
from candidates import services as candidate_services
from candidates.models import AIAnalysis, Application, Candidate, Grade
from messaging import selectors as messaging_selectors
from messaging import services as messaging_services
from messaging.models import Message
from tests_app import selectors as test_selectors
from tests_app import services as test_services
from tests_app.models import Attempt


def candidate_export(*, candidate: Candidate) -> dict:
    """Everything stored about one candidate, JSON-serialisable with DjangoJSONEncoder."""
    data = candidate_selectors.candidate_export(candidate=candidate)
    data["attempts"] = test_selectors.attempts_export(candidate=candidate)
    data["audit_log"] = [
        {"time": entry.action_time, "action": entry.get_change_message()}
        for entry in audit.audit_entries(candidate=candidate)
    ]
    data["messages"] = messaging_selectors.messages_export(candidate=candidate)
    return data


def candidate_erase(*, candidate: Candidate, actor: AbstractBaseUser | None = None) -> bool:
    """Anonymise a candidate everywhere; returns False when they already were."""
    removed = candidate_services.ANONYMIZED_TEXT
    with transaction.atomic():
        telegram_id = Candidate.objects.filter(pk=candidate.pk).values_list("telegram_id", flat=True).first()
        if not candidate_services.candidate_anonymize(candidate=candidate, actor=actor):
            return False
        messaging_services.messages_anonymize(candidate=candidate, text=removed)
        if telegram_id is not None:
            messaging_services.bot_chat_erase(telegram_id=telegram_id)
        test_services.answers_anonymize(candidate=candidate, text=removed)
        audit.audit_record(
            user=actor, candidate=candidate, message="Anonymised the candidate's personal data"
        )
        audit.audit_entries_anonymize(candidate=candidate, related=_related_rows(candidate))
    return True


def _related_rows(candidate: Candidate) -> list[tuple[type, list]]:
    return [
        (Application, list(candidate.applications.values_list("pk", flat=True))),
        (Grade, list(candidate.grades.values_list("pk", flat=True))),
        (AIAnalysis, list(candidate.ai_analyses.values_list("pk", flat=True))),
        (Attempt, list(Attempt.objects.filter(candidate=candidate).values_list("pk", flat=True))),
        (Message, list(Message.objects.filter(candidate=candidate).values_list("pk", flat=True))),
    ]
