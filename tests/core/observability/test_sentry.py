import sentry_sdk
from django.conf import settings

from core.observability.sentry import _redact_event, sentry_init


def test_without_a_dsn_sentry_is_not_initialised():
    assert settings.SENTRY_ENABLED is (bool(settings.SENTRY_DSN))
    assert sentry_init(dsn="", environment="test") is False
    if not settings.SENTRY_DSN:
        assert not sentry_sdk.get_client().is_active()


def test_with_a_dsn_the_client_has_django_celery_and_no_pii():
    try:
        assert sentry_init(dsn="http://public@127.0.0.1:9/1", environment="test") is True
        client = sentry_sdk.get_client()
        assert client.is_active()
        assert client.options["send_default_pii"] is False
        assert client.options["environment"] == "test"
        assert {"django", "celery"} <= set(client.integrations)
    finally:
        sentry_sdk.get_global_scope().set_client(None)


def test_events_are_redacted_before_sending():
    event = {
        "exception": {"values": [{"value": "POST /bot7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw-/x"}]},
        "logentry": {"message": "key onef_" + "k" * 43},
    }

    cleaned = _redact_event(event, {})

    assert "AAHdq" not in cleaned["exception"]["values"][0]["value"]
    assert "kkkk" not in cleaned["logentry"]["message"]
