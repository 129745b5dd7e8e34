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
# Thresholds for the reviewer's hint; never used to reject anybody automatically.
MAJOR_AWAY_SECONDS = 60
MAJOR_HIDDEN_COUNT = 5
MAJOR_PASTE_COUNT = 3
MAJOR_DEVICE_MOVES = 2


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


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
    def reasons(self) -> list[str]:
        return [
            f"left the page {self.hidden_count} time(s)",
            f"lost focus {self.focus_lost_count} time(s)",
            f"away {self.away_seconds} s in total",
            f"pasted {self.paste_count} time(s)",
            f"reloaded {self.reload_count} time(s)",
            f"moved to another device {self.device_moves} time(s)",
        ]

    @property
    def explanation(self) -> str:
        """The hint in one sentence: what was counted, and what the level rests on."""
        counted = [
            f"left the page {_times(self.hidden_count)}" if self.hidden_count else "",
            f"lost focus {_times(self.focus_lost_count)}" if self.focus_lost_count else "",
            f"was away {self.away_seconds} s in total" if self.away_seconds else "",
            f"pasted {_times(self.paste_count)}" if self.paste_count else "",
            f"moved to another device {_times(self.device_moves)}" if self.device_moves else "",
        ]
        counted = [part for part in counted if part]
        reloads = (
            f"; reloaded {_times(self.reload_count)} (not counted as leaving)" if self.reload_count else ""
        )
        if not counted:
            return f"Risk {self.level}: the candidate stayed on the page{reloads}."
        return f"Risk {self.level}: the candidate {', '.join(counted)}{reloads}."


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
