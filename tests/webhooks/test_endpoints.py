"""webhooks.services.endpoints: which endpoints receive an event; the default one follows the settings."""

import pytest

from candidates import services as candidate_services
from tests.factories import CandidateFactory, EndpointFactory
from webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db


def _change() -> None:
    candidate_services.candidate_status_change(candidate=CandidateFactory(), status="interview")


def test_the_default_endpoint_follows_the_settings(settings):
    settings.ONEF_WEBHOOK_URL = "http://127.0.0.1:9/a"
    settings.ONEF_WEBHOOK_SECRET = "whsec_c2VjcmV0"
    _change()
    endpoint = Endpoint.objects.get(is_default=True)
    assert (endpoint.url, endpoint.secret, endpoint.is_enabled) == (
        "http://127.0.0.1:9/a",
        "whsec_c2VjcmV0",
        True,
    )

    settings.ONEF_WEBHOOK_URL = "http://127.0.0.1:9/b"
    _change()
    endpoint.refresh_from_db()
    assert endpoint.url == "http://127.0.0.1:9/b"
    assert Endpoint.objects.count() == 1

    settings.ONEF_WEBHOOK_URL = ""
    _change()
    endpoint.refresh_from_db()
    assert not endpoint.is_enabled
    assert Delivery.objects.count() == 2

    settings.ONEF_WEBHOOK_URL = "http://127.0.0.1:9/b"
    _change()
    endpoint.refresh_from_db()
    assert endpoint.is_enabled
    assert Delivery.objects.count() == 3


def test_a_default_endpoint_disabled_by_hr_stays_disabled(settings):
    settings.ONEF_WEBHOOK_URL = "http://127.0.0.1:9/a"
    _change()
    Endpoint.objects.filter(is_default=True).update(is_enabled=False, disabled_reason="Paused by HR")
    _change()
    assert Delivery.objects.count() == 1


def test_an_endpoint_event_filter_is_respected(httpserver, settings):
    settings.ONEF_WEBHOOK_URL = ""
    EndpointFactory(url=httpserver.url_for("/a"), event_types=["grade_shared"])
    accepting = EndpointFactory(url=httpserver.url_for("/b"), event_types=["candidate_status_changed"])

    _change()

    assert Delivery.objects.get().endpoint == accepting
