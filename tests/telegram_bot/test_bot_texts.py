import ast

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

from bot_dialog import texts


def _po_msgids() -> set[str]:
    msgids, current, collecting = set(), [], False
    for line in (settings.BASE_DIR / "locale/en/LC_MESSAGES/django.po").read_text().splitlines():
        if line.startswith("msgid "):
            current, collecting = [ast.literal_eval(line[6:])], True
        elif line.startswith('"') and collecting:
            current.append(ast.literal_eval(line))
        elif line.startswith("msgstr") and collecting:
            msgids.add("".join(current))
            collecting = False
    return msgids


def _bot_texts() -> list[Promise]:
    values = [value for value in vars(texts).values() if isinstance(value, Promise)]
    return values + list(texts.STATUS_WORDS.values())


def test_every_bot_text_is_in_the_english_catalogue():
    msgids = _po_msgids()
    missing = [str(text) for text in _bot_texts() if str(text) not in msgids]
    assert missing == []


def test_the_bot_speaks_english_without_any_compiled_catalogue(settings, tmp_path):
    settings.LOCALE_PATHS = [tmp_path]
    with translation.override("en"):
        assert str(texts.APOLOGY).startswith("Sorry, something went wrong")
