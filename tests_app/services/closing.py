"""When an attempt in progress ends without a submit: the escape rule and the timeout, in one place.

The rule (`attempt_due_status`), applied by every request of the page and by the periodic sweep:

- **escaped**: the server heard nothing from the page (no heartbeat, answer or event) for longer than
  `TEST_ESCAPE_AFTER_SECONDS`, and that silence began early enough to pass the limit before the
  deadline. A page that is merely offline, hidden or reloading keeps its attempt: the heartbeat runs
  while the page is hidden, and what the page kept offline is accepted when it arrives.
- **timeout**: the deadline passed and the page has had `TEST_ESCAPE_AFTER_SECONDS` more to deliver
  the answers it kept offline (a page that is online submits by itself at the deadline, which closes
  the attempt as a timeout at once).

A request for an attempt the rule says is over closes it exactly as the sweep would (what was saved
is graded) and is refused as `AttemptClosed`; nothing revives a closed attempt.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from tests_app.models import Attempt, AttemptStatus
from tests_app.services.scoring import attempt_grade
from tests_app.services.transitions import (
    AttemptClosed,
    AttemptGone,
    attempt_locked,
    attempt_transaction,
    attempt_transition,
)

S = AttemptStatus


def escape_window() -> dt.timedelta:
    return dt.timedelta(seconds=settings.TEST_ESCAPE_AFTER_SECONDS)


def attempt_due_status(*, attempt: Attempt, now: dt.datetime) -> str | None:
    """The status an attempt must be closed with at `now` (escaped or timeout), else None."""
    if attempt.status != S.IN_PROGRESS:
        return None
    if attempt.last_heartbeat_at is not None:
        escaped_at = attempt.last_heartbeat_at + escape_window()
        if escaped_at < now and (attempt.deadline is None or escaped_at < attempt.deadline):
            return S.ESCAPED
    if attempt.deadline is not None and now > attempt.deadline + escape_window():
        return S.TIMEOUT
    return None


def attempt_close_locked(attempt: Attempt, *, to_status: str) -> Attempt:
    """Close a locked attempt in progress as timeout or escaped, grading what was saved.

    Runs inside the caller's transaction (never a nested one).
    """
    totals = attempt_grade(attempt)
    attempt_transition(
        attempt=attempt,
        to_status=to_status,
        fields={"score": totals.score, "max_score": totals.max_score, "percentage": totals.percentage},
    )
    return attempt


def _close(attempt: Attempt, to_status: str | None, now: dt.datetime) -> tuple[Attempt, bool]:
    """Lock, then close as `to_status` (or as the rule says when None) if still in progress."""
    with attempt_transaction(attempt):
        attempt = attempt_locked(attempt)
        status = to_status or attempt_due_status(attempt=attempt, now=now)
        if attempt.status != S.IN_PROGRESS or not status:
            return attempt, False
        attempt_close_locked(attempt, to_status=status)
    return attempt, True


def attempt_close_timeout(*, attempt: Attempt, now: dt.datetime | None = None) -> Attempt:
    """Close an attempt whose time is over; what was saved is graded."""
    return _close(attempt, S.TIMEOUT, now or timezone.now())[0]


def attempt_mark_escaped(*, attempt: Attempt, now: dt.datetime | None = None) -> Attempt:
    """Close an attempt whose page went silent; what was saved is graded."""
    return _close(attempt, S.ESCAPED, now or timezone.now())[0]


def attempt_close_if_due(*, attempt: Attempt, now: dt.datetime | None = None) -> Attempt:
    """Apply the rule to an attempt a request is about to use: `AttemptClosed` once it is over.

    The attempt as the request read it decides whether to look closer (no extra query while it is
    alive); the rule is then applied again to the locked row, and the close is committed before the
    refusal is raised. Returns the attempt (fresh when it was looked at closer) when this request did
    not close it: the caller's own checks then refuse what is already over.
    """
    now = now or timezone.now()
    if attempt_due_status(attempt=attempt, now=now) is None:
        return attempt
    attempt, closed_now = _close(attempt, None, now)
    if closed_now:
        raise AttemptClosed("This test is over.", attempt=attempt)
    return attempt


def attempts_close_overdue(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The sweep: close every attempt in progress the rule says is over. Returns how many of each."""
    now = now or timezone.now()
    silent_since = now - escape_window()
    closed = {S.TIMEOUT: 0, S.ESCAPED: 0}
    in_progress = Attempt.objects.filter(status=S.IN_PROGRESS)
    candidates = in_progress.filter(last_heartbeat_at__lt=silent_since) | in_progress.filter(
        deadline__lt=silent_since
    )
    for attempt in candidates.only("pk"):
        try:
            attempt, closed_now = _close(attempt, None, now)
        except AttemptGone:  # deleted since the list was read: nothing left to close
            continue
        if closed_now:
            closed[attempt.status] += 1
    return {str(k): v for k, v in closed.items()}
