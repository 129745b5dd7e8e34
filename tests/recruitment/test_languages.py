"""The language settings and the translation catalogues: every string marked for translation has a
Russian translation, and the committed catalogues hold every string the code marks."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from telegram_bot import texts

PROJECT_DIR = Path(__file__).resolve().parents[2]
LOCALE_DIR = PROJECT_DIR / "locale"
DOMAINS = sorted({po.name for po in LOCALE_DIR.glob("*/LC_MESSAGES/*.po")})
PLACEHOLDER = re.compile(r"\{\w*\}|%\(\w+\)[sd]|%[sd]")
SOURCE_DIRS = (
    "automation",
    "backoffice",
    "careers",
    "booking",
    "job_boards",
    "candidates",
    "core",
    "hr_notifications",
    "interviews",
    "messaging",
    "onef_api",
    "operations",
    "recruitment",
    "telegram_bot",
    "tests_app",
    "webhooks",
)


def _entries(language: str, domain: str) -> list[polib.POEntry]:
    return [
        entry
        for entry in polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / domain))
        if not entry.obsolete
    ]


def _translations(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_string_has_a_russian_translation(domain):
    untranslated = [
        entry.msgid
        for entry in _entries("ru", domain)
        if "fuzzy" in entry.flags or not all(text.strip() for text in _translations(entry))
    ]

    assert untranslated == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_russian_translations_keep_every_placeholder(domain):
    broken = [
        entry.msgid
        for entry in _entries("ru", domain)
        for text in _translations(entry)
        if sorted(set(PLACEHOLDER.findall(text))) != sorted(set(PLACEHOLDER.findall(entry.msgid)))
    ]

    assert broken == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs Debian's gettext (xgettext)")
def test_the_catalogues_hold_every_string_the_code_marks(tmp_path):
    """makemessages over a copy of the code finds nothing that the committed catalogues lack."""
    for name in (*SOURCE_DIRS, "manage.py"):
        source = PROJECT_DIR / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    (tmp_path / "locale").mkdir()
    command = [sys.executable, "manage.py", "makemessages", "-l", "ru", "--no-location", "-v", "0"]
    subprocess.run(command, cwd=tmp_path, check=True, capture_output=True, timeout=120)
    if (PROJECT_DIR / "locale/ru/LC_MESSAGES/djangojs.po").exists():
        subprocess.run(
            [*command, "-d", "djangojs"], cwd=tmp_path, check=True, capture_output=True, timeout=120
        )

    for domain in ("django.po", "djangojs.po"):
        extracted = tmp_path / "locale/ru/LC_MESSAGES" / domain
        if extracted.exists():
            committed = {entry.msgid for entry in _entries("ru", domain)}
            missing = sorted({entry.msgid for entry in polib.pofile(str(extracted))} - committed)
            assert missing == [], f"run makemessages and translate: {domain}"


def test_languages_are_russian_and_english():
    assert [code for code, _name in settings.LANGUAGES] == ["ru", "en"]


def test_the_compiled_catalogue_translates_the_bot_into_russian():
    with translation.override("ru"):
        assert str(texts.MENU_VACANCIES) == "Вакансии"
    with translation.override("en"):
        assert str(texts.MENU_VACANCIES) == "Vacancies"
