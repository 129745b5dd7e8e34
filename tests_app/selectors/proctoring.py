"""What the proctoring events of an attempt add up to: the API's summary and the reviewer's risk hint."""

from dataclasses import dataclass

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from tests_app.models import AWAY_DURATION_EVENT_KINDS, Attempt, ProctorEvent, ProctorEventKind


def proctoring_summary(*, attempt: Attempt) -> dict:
    """Counts of proctoring events per kind and the total time away (tab hidden or focus lost), in one query."""
    counts = {kind: 0 for kind in ProctorEventKind.values}
    hidden_ms = 0
    rows = (
        ProctorEvent.objects.filter(attempt=attempt)
        .values("kind")
        .annotate(events=Count("id"), duration=Coalesce(Sum("duration_ms"), 0))
        .order_by()
    )
    for row in rows:
        counts[row["kind"]] = row["events"]
        if row["kind"] in AWAY_DURATION_EVENT_KINDS:
            hidden_ms += row["duration"]
    return {"events_total": sum(counts.values()), "by_kind": counts, "time_away_ms": hidden_ms}


RISK_NONE, RISK_SOME, RISK_MAJOR = "none", "some", "major"
# Thresholds for the reviewer's hint; never used to reject anybody automatically.
MAJOR_HIDDEN_SECONDS = 60
MAJOR_HIDDEN_COUNT = 5
MAJOR_PASTE_COUNT = 3


@dataclass(frozen=True)
class RiskSummary:
    level: str
    hidden_count: int
    hidden_seconds: int
    focus_lost_count: int
    paste_count: int

    @property
    def reasons(self) -> list[str]:
        return [
            f"left the page {self.hidden_count} time(s), {self.hidden_seconds} s in total",
            f"lost focus {self.focus_lost_count} time(s)",
            f"pasted {self.paste_count} time(s)",
        ]


def proctor_risk(events: list[ProctorEvent]) -> RiskSummary:
    """Summarise proctoring events as none/some/major (a hint for the reviewer)."""
    kinds = [e.kind for e in events]
    hidden_count = kinds.count(ProctorEventKind.TAB_HIDDEN)
    hidden_ms = sum(e.duration_ms or 0 for e in events if e.kind == ProctorEventKind.TAB_SHOWN)
    focus_lost = kinds.count(ProctorEventKind.FOCUS_LOST)
    pastes = kinds.count(ProctorEventKind.PASTE)
    hidden_seconds = hidden_ms // 1000
    if (
        hidden_seconds >= MAJOR_HIDDEN_SECONDS
        or hidden_count >= MAJOR_HIDDEN_COUNT
        or pastes >= MAJOR_PASTE_COUNT
    ):
        level = RISK_MAJOR
    elif hidden_count or focus_lost or pastes:
        level = RISK_SOME
    else:
        level = RISK_NONE
    return RiskSummary(level, hidden_count, hidden_seconds, focus_lost, pastes)
