import pytest

from core.languages import language_from_telegram, language_or_default


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("ru", "ru"),
        ("uk", "ru"),
        ("be", "ru"),
        ("kk", "ru"),
        ("ru-RU", "ru"),
        ("en", "en"),
        ("de", "en"),
        ("pt-br", "en"),
    ],
)
def test_telegram_language_codes_map_to_russian_or_english(code, language):
    assert language_from_telegram(code) == language


def test_an_unknown_language_falls_back_to_the_default(settings):
    settings.LANGUAGE_CODE = "ru"

    assert language_from_telegram(None) == "ru"
    assert language_or_default("") == "ru"
    assert language_or_default("de") == "ru"
    assert language_or_default("en") == "en"
