"""Telling HR about a problem with hh.ru: on the set-up page (the stored last error) and as an HR
notification (kind `job_board`, for the user who connected, the vacancy's owner and superusers)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from candidates.models import Vacancy
from hr_notifications.models import NotificationKind
from hr_notifications.services import hr_notify
from job_boards.selectors import hh_connection


def hh_alert(*, text_for, vacancy: Vacancy | None = None, url: str = "") -> None:
    """`text_for()` builds the text: it is called in the installation's language."""
    users = list(get_user_model().objects.filter(is_superuser=True, is_active=True))
    connection = hh_connection()
    users += [u for u in (connection.connected_by, vacancy.owner if vacancy else None) if u is not None]
    with translation.override(settings.LANGUAGE_CODE):
        text = str(text_for())
    hr_notify(users=users, kind=NotificationKind.JOB_BOARD, text=text, url=url or reverse("admin:hh-setup"))
