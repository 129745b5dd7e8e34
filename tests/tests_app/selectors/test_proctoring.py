"""The reviewer's risk hint from proctoring events (selectors.proctoring)."""

from django.utils import timezone

from tests_app.models import ProctorEvent
from tests_app.selectors import proctor_risk


def _events(*kinds_and_durations) -> list[ProctorEvent]:
    return [ProctorEvent(kind=k, duration_ms=d, occurred_at=timezone.now()) for k, d in kinds_and_durations]


def test_no_events_is_no_risk():
    assert proctor_risk([]).level == "none"


def test_a_short_absence_is_some_risk():
    summary = proctor_risk(_events(("tab_hidden", None), ("tab_shown", 5_000)))
    assert (summary.level, summary.hidden_count, summary.hidden_seconds) == ("some", 1, 5)


def test_a_single_paste_or_focus_loss_is_some_risk():
    assert proctor_risk(_events(("paste", None))).level == "some"
    assert proctor_risk(_events(("focus_lost", None), ("focus_gained", 300))).level == "some"


def test_a_long_absence_is_major():
    assert proctor_risk(_events(("tab_hidden", None), ("tab_shown", 61_000))).level == "major"


def test_leaving_often_is_major():
    assert proctor_risk(_events(*[("tab_hidden", None), ("tab_shown", 1_000)] * 5)).level == "major"


def test_pasting_often_is_major():
    assert proctor_risk(_events(*[("paste", None)] * 3)).level == "major"
