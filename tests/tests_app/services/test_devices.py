"""One device at a time: the move to another browser, recorded for the reviewer; the device names."""

import pytest

from tests.factories import AttemptFactory
from tests_app import services
from tests_app.devices import device_label
from tests_app.models import Attempt, AttemptStatus, ProctorEvent

pytestmark = pytest.mark.django_db


def _held(sample_test) -> Attempt:
    return services.attempt_start(
        attempt=AttemptFactory(test=sample_test.test), device_key="a" * 64, device_label="Chrome on Android"
    )


def test_the_browser_that_starts_holds_the_attempt(sample_test):
    attempt = _held(sample_test)
    assert (attempt.device_key, attempt.device_label) == ("a" * 64, "Chrome on Android")


def test_a_move_gives_the_attempt_to_the_new_browser_and_is_recorded(sample_test):
    attempt = _held(sample_test)
    moved = services.attempt_device_move(attempt=attempt, device_key="b" * 64, device_label="Safari on iOS")
    assert (moved.device_key, moved.device_label) == ("b" * 64, "Safari on iOS")
    assert Attempt.objects.get(pk=attempt.pk).device_key == "b" * 64
    event = ProctorEvent.objects.get(attempt=attempt)
    assert (event.kind, event.details) == (
        "device_moved",
        {"from": "Chrome on Android", "to": "Safari on iOS"},
    )
    assert moved.status == AttemptStatus.IN_PROGRESS


def test_moving_to_the_browser_that_holds_it_records_nothing(sample_test):
    attempt = _held(sample_test)
    services.attempt_device_move(attempt=attempt, device_key="a" * 64, device_label="Chrome on Android")
    assert not ProctorEvent.objects.exists()


def test_a_finished_attempt_cannot_be_moved(sample_test):
    attempt = services.attempt_submit(attempt=_held(sample_test))
    with pytest.raises(services.AttemptClosed):
        services.attempt_device_move(attempt=attempt, device_key="b" * 64, device_label="Safari on iOS")
    assert Attempt.objects.get(pk=attempt.pk).device_key == "a" * 64


def test_a_pending_attempt_cannot_be_moved(sample_test):
    with pytest.raises(services.InvalidTransition):
        services.attempt_device_move(
            attempt=AttemptFactory(test=sample_test.test), device_key="b" * 64, device_label="x"
        )


@pytest.mark.parametrize(
    ("user_agent", "label"),
    [
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
            "Safari on iOS",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
            "Edge on Windows",
        ),
        ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox on Linux"),
        (
            "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
            "SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
            "Samsung Internet on Android",
        ),
        ("curl/8.5.0", "unknown browser"),
        ("", "unknown browser"),
    ],
)
def test_a_device_is_named_by_its_browser_family_not_its_full_user_agent(user_agent, label):
    assert device_label(user_agent) == label
