"""The life of an attempt: invitation, start, heartbeat, submit, and the closing of overdue ones."""

import datetime as dt
import random

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from candidates import services as candidate_services
from candidates.models import Candidate, HistoryKind
from core.languages import language_or_default
from messaging.selectors import candidate_reach
from messaging.services import message_send
from tests_app.models import Attempt, AttemptStatus, Test
from tests_app.services.closing import attempt_close_if_due, attempt_close_locked
from tests_app.services.scoring import attempt_grade, attempt_result_fields
from tests_app.services.transitions import (
    AttemptClosed,
    AttemptGone,
    InvalidTransition,
    attempt_locked,
    attempt_require_open,
    attempt_transaction,
    attempt_transition,
)

S = AttemptStatus
MAX_INVITATION_HOURS = 720
MAX_EXTRA_MINUTES = 240
# Sent in the candidate's language (the time is UTC: Telegram does not tell the reader's zone).
INVITATION = _(
    'You are invited to the test "{title}" ({minutes} minutes). Open it before {expires} UTC: {url}'
)


def attempt_invite(
    *,
    candidate: Candidate,
    test: Test,
    expires_in_hours: int = 48,
    extra_minutes: int = 0,
    notify: bool = True,
    actor: AbstractBaseUser | None = None,
    actor_label: str = "",
) -> Attempt:
    """Create the pending attempt (the invitation) and move the candidate to `test_assigned`."""
    if not test.is_active:
        raise ValidationError({"test_id": "This test is not active and cannot be assigned."})
    if not 1 <= expires_in_hours <= MAX_INVITATION_HOURS:
        raise ValidationError({"expires_in_hours": f"Must be between 1 and {MAX_INVITATION_HOURS} hours."})
    if not 0 <= extra_minutes <= MAX_EXTRA_MINUTES:
        raise ValidationError({"extra_minutes": f"Must be between 0 and {MAX_EXTRA_MINUTES} minutes."})
    with transaction.atomic():
        attempt = Attempt.objects.create(
            candidate=candidate,
            test=test,
            expires_at=timezone.now() + dt.timedelta(hours=expires_in_hours),
            extra_minutes=extra_minutes,
        )
        candidate_services.history_record(
            candidate=candidate,
            kind=HistoryKind.INVITED,
            to_value=str(test.pk)[:40],
            actor=actor,
            actor_label=actor_label,
            details={"attempt_id": str(attempt.pk), "test": test.title, "extra_minutes": extra_minutes},
        )
        candidate_services.candidate_mark_test_assigned(candidate=candidate)
        if notify and candidate_reach(candidate=candidate) is not None:
            _send_invitation(attempt, actor_label=actor_label or candidate_services.AUTOMATIC_RULE)
    return attempt


OPEN_IN_TELEGRAM = _("Take the test in Telegram")
OPEN_IN_BROWSER = _("Open in a browser")


def _invitation_buttons(url: str) -> list[list[dict]]:
    """A Mini App button (the test inside Telegram) and a normal link for other devices; Telegram
    takes only https addresses for both, so a plain-http installation sends the link in the text only."""
    if not url.startswith("https://"):
        return []
    return [
        [{"text": str(OPEN_IN_TELEGRAM), "web_app": f"{url}?via=telegram"}],
        [{"text": str(OPEN_IN_BROWSER), "url": url}],
    ]


def _send_invitation(attempt: Attempt, *, actor_label: str) -> None:
    test = attempt.test
    with translation.override(language_or_default(attempt.candidate.language)):
        text = INVITATION.format(
            title=test.title,
            minutes=attempt.total_minutes,
            expires=f"{attempt.expires_at:%Y-%m-%d %H:%M}",
            url=attempt.test_url,
        )
        buttons = _invitation_buttons(attempt.test_url)
    message_send(candidate=attempt.candidate, text=text, actor_label=actor_label, buttons=buttons)


def attempt_start(
    *, attempt: Attempt, now: dt.datetime | None = None, device_key: str = "", device_label: str = ""
) -> Attempt:
    """Open a pending attempt with a server-side deadline; an expired invitation is `AttemptClosed`.

    The deadline is the test's duration plus the invitation's extra minutes. The browser that starts
    the attempt holds it (`device_key`, the hash of its cookie; see `attempt_device_move`).
    """
    now = now or timezone.now()
    with attempt_transaction(attempt):
        attempt = attempt_locked(attempt)
        if attempt.status == S.PENDING and attempt.expires_at <= now:
            raise AttemptClosed("This invitation has expired.", attempt=attempt)
        question_ids = list(attempt.test.questions.values_list("id", flat=True))
        if attempt.test.shuffle_questions:
            random.shuffle(question_ids)
        attempt_transition(
            attempt=attempt,
            to_status=S.IN_PROGRESS,
            fields={
                "started_at": now,
                "deadline": now + dt.timedelta(minutes=attempt.total_minutes),
                "last_heartbeat_at": now,
                "question_order": question_ids,
                "device_key": device_key,
                "device_label": device_label[:100],
            },
        )
    return attempt


def attempt_heartbeat(*, attempt: Attempt, now: dt.datetime | None = None) -> Attempt:
    """Record that the page is still open; returns the fresh attempt.

    Only an attempt in progress before its deadline is kept alive (past it, the page is about to
    submit and the attempt stays as it is). A finished attempt, or one the escape rule closes, is
    `AttemptClosed`, a pending one `InvalidTransition`, a deleted one `AttemptGone`.
    """
    now = now or timezone.now()
    attempt = attempt_close_if_due(attempt=attempt, now=now)
    with attempt_transaction(attempt):
        attempt = attempt_locked(attempt)
        attempt_require_open(attempt, action="heartbeats")
        attempt_touch(attempt, now)
    return attempt


def attempt_touch(attempt: Attempt, now: dt.datetime) -> None:
    """Keep a locked attempt alive: a heartbeat, if it is in progress before its deadline."""
    if attempt.status != S.IN_PROGRESS or not attempt.deadline or now > attempt.deadline:
        return
    if not Attempt.objects.filter(pk=attempt.pk).update(last_heartbeat_at=now, updated_at=now):
        raise AttemptGone("This test link is no longer valid.")
    attempt.last_heartbeat_at = now


def attempt_submit(*, attempt: Attempt, now: dt.datetime | None = None) -> Attempt:
    """Submit and grade. A second submit changes nothing; a submit after the deadline is a timeout.

    An attempt the escape rule says is over is closed as the rule says (and `AttemptClosed`).
    """
    now = now or timezone.now()
    if not attempt.is_finished:
        attempt = attempt_close_if_due(attempt=attempt, now=now)
    with attempt_transaction(attempt):
        attempt = attempt_locked(attempt)
        if attempt.status != S.IN_PROGRESS:
            if attempt.is_finished:
                return attempt
            raise InvalidTransition("This attempt has not been started.", attempt=attempt)
        if attempt.deadline and now > attempt.deadline:
            return attempt_close_locked(attempt, to_status=S.TIMEOUT)
        status, fields = attempt_result_fields(attempt, attempt_grade(attempt))
        attempt_transition(attempt=attempt, to_status=status, fields={**fields, "submitted_at": now})
    return attempt
