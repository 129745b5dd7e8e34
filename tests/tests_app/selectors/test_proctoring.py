"""What proctoring events add up to (selectors.proctoring): one tally behind the API's summary and
the reviewer's risk hint, so both count time away the same way."""

import pytest
from django.utils import timezone, translation

from tests.factories import AttemptFactory, ProctorEventFactory
from tests_app.models import AWAY_DURATION_EVENT_KINDS, ProctorEvent, ProctorEventKind
from tests_app.selectors import proctor_risk, proctor_tally, proctoring_summary


def _events(*kinds_and_durations) -> list[ProctorEvent]:
    return [ProctorEvent(kind=k, duration_ms=d, occurred_at=timezone.now()) for k, d in kinds_and_durations]


AWAY_TWICE = [
    ("tab_hidden", None),
    ("tab_shown", 20_000),
    ("focus_lost", None),
    ("focus_gained", 45_000),
    ("paste", None),
]


# --- the one rule ------------------------------------------------------------------------------


def test_time_away_is_the_duration_on_the_return_events_tab_shown_and_focus_regained():
    assert {
        ProctorEventKind.TAB_SHOWN,
        ProctorEventKind.FOCUS_GAINED,
        ProctorEventKind.PAGE_OPENED,
    } == AWAY_DURATION_EVENT_KINDS
    tally = proctor_tally([("tab_hidden", 2, 999), ("tab_shown", 2, 3_000), ("focus_gained", 1, 500)])
    assert tally.time_away_ms == 3_500  # a duration on a leaving event is not time away
    assert tally.by_kind == {
        "tab_hidden": 2,
        "tab_shown": 2,
        "focus_lost": 0,
        "focus_gained": 1,
        "paste": 0,
        "page_closed": 0,
        "page_opened": 0,
        "device_moved": 0,
    }
    assert tally.events_total == 5


@pytest.mark.django_db
def test_the_api_summary_and_the_risk_hint_count_the_same_time_away():
    attempt = AttemptFactory(status="in_progress", started_at=timezone.now())
    for kind, duration in AWAY_TWICE:
        ProctorEventFactory(attempt=attempt, kind=kind, duration_ms=duration)
    summary = proctoring_summary(attempt=attempt)
    risk = proctor_risk(list(attempt.proctor_events.all()))
    assert summary["time_away_ms"] == 65_000
    assert risk.away_seconds == summary["time_away_ms"] // 1000 == 65
    assert summary["by_kind"] == {
        "tab_hidden": 1,
        "tab_shown": 1,
        "focus_lost": 1,
        "focus_gained": 1,
        "paste": 1,
        "page_closed": 0,
        "page_opened": 0,
        "device_moved": 0,
    }
    assert summary["events_total"] == 5
    assert (risk.hidden_count, risk.focus_lost_count, risk.paste_count) == (1, 1, 1)


@pytest.mark.django_db
def test_the_summary_of_an_attempt_without_events_is_all_zeros():
    summary = proctoring_summary(attempt=AttemptFactory())
    assert summary == {
        "events_total": 0,
        "by_kind": dict.fromkeys(ProctorEventKind.values, 0),
        "time_away_ms": 0,
    }


# --- the reviewer's hint -------------------------------------------------------------------------


def test_no_events_is_no_risk():
    assert proctor_risk([]).level == "none"


def test_a_short_absence_is_some_risk():
    summary = proctor_risk(_events(("tab_hidden", None), ("tab_shown", 5_000)))
    assert (summary.level, summary.hidden_count, summary.away_seconds) == ("some", 1, 5)


def test_a_single_paste_or_focus_loss_is_some_risk():
    assert proctor_risk(_events(("paste", None))).level == "some"
    assert proctor_risk(_events(("focus_lost", None), ("focus_gained", 300))).level == "some"


def test_a_long_absence_is_major():
    assert proctor_risk(_events(("tab_hidden", None), ("tab_shown", 61_000))).level == "major"


def test_a_long_loss_of_focus_is_major_like_a_long_hidden_tab():
    risk = proctor_risk(_events(("focus_lost", None), ("focus_gained", 61_000)))
    assert (risk.level, risk.away_seconds) == ("major", 61)


def test_leaving_often_is_major():
    assert proctor_risk(_events(*[("tab_hidden", None), ("tab_shown", 1_000)] * 5)).level == "major"


def test_pasting_often_is_major():
    assert proctor_risk(_events(*[("paste", None)] * 3)).level == "major"


def test_the_reasons_name_every_count():
    risk = proctor_risk(_events(*AWAY_TWICE))
    assert risk.reasons == [
        "left the page 1 time",
        "lost focus 1 time",
        "away 65 s in total",
        "pasted 1 time",
        "moved to another device 0 times",
        "reloaded 0 times",
    ]


def test_reloads_are_counted_apart_and_do_not_raise_the_hint():
    risk = proctor_risk(
        _events(("page_closed", None), ("page_opened", 800), ("page_closed", None), ("page_opened", 700))
    )
    assert (risk.level, risk.reload_count, risk.hidden_count) == ("none", 2, 0)
    assert risk.explanation == (
        "Risk none: the candidate was away 1 s in total; reloaded 2 times (not counted as leaving)."
    )


def test_device_moves_are_counted_and_explained_in_one_sentence():
    risk = proctor_risk(
        _events(("device_moved", None), ("tab_hidden", None), ("tab_shown", 12_000), ("paste", None))
    )
    assert (risk.level, risk.device_moves) == ("some", 1)
    assert risk.explanation == (
        "Risk some: the candidate left the page 1 time, was away 12 s in total, pasted 1 time, "
        "moved to another device 1 time."
    )
    twice = proctor_risk(_events(("device_moved", None), ("device_moved", None)))
    assert twice.level == "major"


def test_the_risk_reads_in_russian():
    risk = proctor_risk(_events(*AWAY_TWICE))
    with translation.override("ru"):
        assert (risk.level, risk.label) == ("major", "высокий")
        assert risk.reasons == [
            "покидал страницу 1 раз",
            "терял фокус 1 раз",
            "отсутствовал всего 65 с",
            "вставлял текст 1 раз",
            "переходил на другое устройство 0 раз",
            "перезагружал страницу 0 раз",
        ]
