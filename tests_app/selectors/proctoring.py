"""What the proctoring events of an attempt add up to: one tally, read by the API and by the reviewer.

The one rule for "time away": the page learns how long the candidate was away only when they come
back, so the duration sits on the return events (`AWAY_DURATION_EVENT_KINDS`: tab shown, focus
regained) and time away is their sum. The API's per-kind summary and the reviewer's risk hint both
come from `proctor_tally`, so they cannot disagree.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from tests_app.models import AWAY_DURATION_EVENT_KINDS, Attempt, ProctorEvent, ProctorEventKind


@dataclass(frozen=True)
class ProctorTally:
    by_kind: dict[str, int]  # every kind, zero when none happened
    time_away_ms: int

    @property
    def events_total(self) -> int:
        return sum(self.by_kind.values())


def proctor_tally(rows: Iterable[tuple[str, int, int | None]]) -> ProctorTally:
    """Add up (kind, number of events, their summed duration in ms) rows into one tally."""
    by_kind = dict.fromkeys(ProctorEventKind.values, 0)
    time_away_ms = 0
    for kind, number, duration_ms in rows:
        by_kind[kind] += number
        if kind in AWAY_DURATION_EVENT_KINDS:
            time_away_ms += duration_ms or 0
    return ProctorTally(by_kind, time_away_ms)


def proctoring_summary(*, attempt: Attempt) -> dict:
    """The API's proctoring block: counts per kind and the total time away, in one query."""
    rows = (
        ProctorEvent.objects.filter(attempt=attempt)
        .values_list("kind")
        .annotate(events=Count("id"), duration=Coalesce(Sum("duration_ms"), 0))
        .order_by()
    )
    tally = proctor_tally(rows)
    return {"events_total": tally.events_total, "by_kind": tally.by_kind, "time_away_ms": tally.time_away_ms}


RISK_NONE, RISK_SOME, RISK_MAJOR = "none", "some", "major"
RISK_LABELS = {
    RISK_NONE: pgettext_lazy("proctoring risk", "none"),
    RISK_SOME: pgettext_lazy("proctoring risk", "some"),
    RISK_MAJOR: pgettext_lazy("proctoring risk", "major"),
}
# Thresholds for the reviewer's hint; never used to reject anybody automatically.
MAJOR_AWAY_SECONDS = 60
MAJOR_HIDDEN_COUNT = 5
MAJOR_PASTE_COUNT = 3
MAJOR_DEVICE_MOVES = 2


@dataclass(frozen=True)
class RiskSummary:
    """The reviewer's hint. Reloads are counted apart and do not raise it: a reload is not leaving."""

    level: str
    hidden_count: int
    away_seconds: int  # tab hidden, focus lost or page closed: the same total as the API's time_away_ms
    focus_lost_count: int
    paste_count: int
    reload_count: int = 0
    device_moves: int = 0

    @property
    def label(self) -> str:
        """The level in the reader's language (`level` stays the code, for CSS and the API)."""
        return str(RISK_LABELS[self.level])

    def _counts(self) -> list[tuple[int, str | None]]:
        """(count, text) in reading order; None stands for the time away, worded by the caller."""
        hidden, focus, pastes, moves = (
            self.hidden_count,
            self.focus_lost_count,
            self.paste_count,
            self.device_moves,
        )
        return [
            (
                hidden,
                ngettext("left the page %(n)d time", "left the page %(n)d times", hidden) % {"n": hidden},
            ),
            (focus, ngettext("lost focus %(n)d time", "lost focus %(n)d times", focus) % {"n": focus}),
            (self.away_seconds, None),
            (pastes, ngettext("pasted %(n)d time", "pasted %(n)d times", pastes) % {"n": pastes}),
            (
                moves,
                ngettext("moved to another device %(n)d time", "moved to another device %(n)d times", moves)
                % {"n": moves},
            ),
        ]

    @property
    def reasons(self) -> list[str]:
        """Every count, zero or not, in the reader's language."""
        away = _("away %(seconds)d s in total") % {"seconds": self.away_seconds}
        reloads = self.reload_count
        reloaded = ngettext("reloaded %(n)d time", "reloaded %(n)d times", reloads) % {"n": reloads}
        return [text or away for _count, text in self._counts()] + [reloaded]

    @property
    def explanation(self) -> str:
        """The hint in one sentence: what was counted, and what the level rests on."""
        away = _("was away %(seconds)d s in total") % {"seconds": self.away_seconds}
        counted = [text or away for count, text in self._counts() if count]
        reloads = self.reload_count
        reloaded = (
            ngettext(
                "; reloaded %(n)d time (not counted as leaving)",
                "; reloaded %(n)d times (not counted as leaving)",
                reloads,
            )
            % {"n": reloads}
            if reloads
            else ""
        )
        values = {"level": self.label, "counted": ", ".join(counted), "reloads": reloaded}
        if not counted:
            return _("Risk %(level)s: the candidate stayed on the page%(reloads)s.") % values
        return _("Risk %(level)s: the candidate %(counted)s%(reloads)s.") % values


def proctor_risk(events: Iterable[ProctorEvent]) -> RiskSummary:
    """Summarise loaded proctoring events as none/some/major (a hint for the reviewer)."""
    tally = proctor_tally((event.kind, 1, event.duration_ms) for event in events)
    hidden = tally.by_kind[ProctorEventKind.TAB_HIDDEN]
    focus_lost = tally.by_kind[ProctorEventKind.FOCUS_LOST]
    pastes = tally.by_kind[ProctorEventKind.PASTE]
    moves = tally.by_kind[ProctorEventKind.DEVICE_MOVED]
    away_seconds = tally.time_away_ms // 1000
    if (
        away_seconds >= MAJOR_AWAY_SECONDS
        or hidden >= MAJOR_HIDDEN_COUNT
        or pastes >= MAJOR_PASTE_COUNT
        or moves >= MAJOR_DEVICE_MOVES
    ):
        level = RISK_MAJOR
    elif hidden or focus_lost or pastes or moves:
        level = RISK_SOME
    else:
        level = RISK_NONE
    reloads = tally.by_kind[ProctorEventKind.PAGE_OPENED]
    return RiskSummary(level, hidden, away_seconds, focus_lost, pastes, reloads, moves)
