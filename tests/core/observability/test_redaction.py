import logging

import pytest

from core.observability.redaction import MASK, redact

TELEGRAM_TOKEN = "7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw-"
API_KEY = "onef_" + "k" * 43


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (f"POST https://api.telegram.org/bot{TELEGRAM_TOKEN}/sendMessage", TELEGRAM_TOKEN),
        ("GET /file/botANY-SHAPE-token/documents/cv.pdf", "ANY-SHAPE-token"),
        (f"token is {TELEGRAM_TOKEN}", TELEGRAM_TOKEN),
        (f"Authorization: Bearer {API_KEY}", API_KEY),
        ("{'Authorization': 'Bearer opaque-value-123'}", "opaque-value-123"),
        ("{'X-API-Key': 'another-opaque-value'}", "another-opaque-value"),
        ("HTTP_X_API_KEY=raw-header-value", "raw-header-value"),
        (f"key {API_KEY} rejected", API_KEY),
        ("secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw= set", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw="),
        ("webhook-signature: v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=", "K5oZfzN95Z9UVu1Es"),
        ("redis://:hunter2pass@redis:6379/0", "hunter2pass"),
        ("postgres://app:s3cr3t@db:5432/recruitment", "s3cr3t"),
    ],
)
def test_each_kind_of_secret_is_masked(text, secret):
    cleaned = redact(text)

    assert secret not in cleaned
    assert MASK in cleaned


def test_configured_secrets_are_masked_whatever_their_shape(settings):
    settings.ONEF_WEBHOOK_SECRET = "plain-words-secret"
    settings.AI_API_KEY = "sk-local-ai-key"

    cleaned = redact("sent with plain-words-secret and sk-local-ai-key")

    assert cleaned == f"sent with {MASK} and {MASK}"


def test_ordinary_text_and_module_names_are_left_alone():
    text = "onef_api.views GET /api/onef/candidates 200 key prefix onef_Ab12 shown"

    assert redact(text) == text


def test_the_filter_masks_arguments_tracebacks_and_extras(plain_logs):
    logger = logging.getLogger("urllib3.connectionpool")
    try:
        raise ConnectionError(f"Max retries exceeded with url: /bot{TELEGRAM_TOKEN}/sendMessage")
    except ConnectionError:
        logger.exception("failed %s", API_KEY, extra={"url": f"https://x/bot{TELEGRAM_TOKEN}/getMe"})

    assert TELEGRAM_TOKEN not in plain_logs.text
    assert API_KEY not in plain_logs.text
    assert "Traceback" in plain_logs.text and f"/bot{MASK}/sendMessage" in plain_logs.text
