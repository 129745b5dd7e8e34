"""The data-processing policy a candidate accepts before anything about them is stored."""

from django.conf import settings
from django.utils.translation import gettext as _


def policy_text() -> str:
    """DATA_POLICY_TEXT, or the built-in sentence in the active language."""
    return settings.DATA_POLICY_TEXT or _(
        "We store the details you give us (name, contacts, date of birth, CV and messages) to consider "
        "you for our vacancies, and keep them until you ask us to delete them. Only our recruiters and "
        "the HR system they use can see them."
    )


def policy_version() -> str:
    return settings.DATA_POLICY_VERSION
