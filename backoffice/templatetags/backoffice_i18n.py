"""Template filters that show stored English values in the reader's language."""

from django import template

from backoffice.audit import audit_text as _audit_text
from candidates.models import CandidateStatus

register = template.Library()


@register.filter
def audit_text(message: str) -> str:
    return _audit_text(str(message))


@register.filter
def status_label(value: str) -> str:
    """A candidate status code as its label ("test_assigned" -> "Test Assigned"); anything else as is."""
    return str(CandidateStatus(value).label) if value in CandidateStatus.values else value
