"""The languages people are spoken to in, and how a language is told from Telegram or a browser."""

from django.conf import settings
from django.db import models

# Telegram's language_code of users who get Russian: Russian, Ukrainian, Belarusian, Kazakh.
RUSSIAN_READERS = frozenset({"ru", "uk", "be", "kk"})


class Language(models.TextChoices):
    # Each language is named in itself, so a reader finds their own in a switcher.
    RU = "ru", "Русский"
    EN = "en", "English"


def language_from_telegram(code: str | None) -> str:
    """ru/uk/be/kk (any region: "ru-RU") -> Russian, any other -> English, none -> DEFAULT_LANGUAGE."""
    if not code:
        return settings.LANGUAGE_CODE
    return Language.RU if code.split("-")[0].lower() in RUSSIAN_READERS else Language.EN


def language_or_default(language: str | None) -> str:
    """A stored language when it is one we speak, else DEFAULT_LANGUAGE."""
    return language if language in Language.values else settings.LANGUAGE_CODE
