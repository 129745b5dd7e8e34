"""Template filters that show stored English values in the reader's language."""

from django import template

from backoffice.audit import audit_text as _audit_text
from backoffice.audit import status_label

register = template.Library()


@register.filter
def audit_text(message: str) -> str:
    return _audit_text(str(message))


register.filter("status_label", status_label)
