"""The local analyzer's comment, written from its breakdown in the active language.

The stored comment is English (`local_analyze` writes it under English): it travels to OneF in
`ai_comment` and integrators read English. HR reads the same analysis in their own language:
`analysis_comment` writes it again from the stored breakdown, in the language of the request.
"""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

BACKEND = "local"
LANGUAGE_NAMES = {
    "English": pgettext_lazy("language name", "English"),
    "German": pgettext_lazy("language name", "German"),
    "French": pgettext_lazy("language name", "French"),
    "Spanish": pgettext_lazy("language name", "Spanish"),
    "Italian": pgettext_lazy("language name", "Italian"),
    "Portuguese": pgettext_lazy("language name", "Portuguese"),
    "Dutch": pgettext_lazy("language name", "Dutch"),
    "Polish": pgettext_lazy("language name", "Polish"),
    "Russian": pgettext_lazy("language name", "Russian"),
    "Ukrainian": pgettext_lazy("language name", "Ukrainian"),
    "Turkish": pgettext_lazy("language name", "Turkish"),
    "Arabic": pgettext_lazy("language name", "Arabic"),
    "Chinese": pgettext_lazy("language name", "Chinese"),
    "Japanese": pgettext_lazy("language name", "Japanese"),
}


def _language_have(have: str) -> str:
    fixed = {
        "": _("not mentioned"),
        "(level not stated)": _("(level not stated)"),
        "the CV is written in English": _("the CV is written in English"),
        "native": pgettext("language level", "native"),
        "any level": pgettext("language level", "any level"),
    }
    return str(fixed.get(have, have))


def _label(item: dict) -> str:
    evidence = item["evidence"]
    if item["kind"] in ("skill", "keyword") and evidence and evidence.lower() != item["criterion"].lower():
        return _('%(criterion)s (as "%(evidence)s")') % {"criterion": item["criterion"], "evidence": evidence}
    return item["criterion"]


def _skills_part(items: list[dict]) -> list[str]:
    skills = [item for item in items if item["kind"] in ("skill", "keyword")]
    required = [item for item in skills if item["required"] != "nice to have"]
    matched = [_label(item) for item in required if item["score"]]
    missing = [item["criterion"] for item in required if not item["score"]]
    nice = [_label(item) for item in skills if item["required"] == "nice to have" and item["score"]]
    parts = []
    if required:
        parts.append(
            _("Matched %(matched)d of %(required)d required skills: %(skills)s.")
            % {"matched": len(matched), "required": len(required), "skills": ", ".join(matched) or _("none")}
        )
        if missing:
            parts.append(_("Missing: %(skills)s.") % {"skills": ", ".join(missing)})
    if nice:
        parts.append(_("Also has: %(skills)s.") % {"skills": ", ".join(nice)})
    return parts


def _other_part(item: dict) -> str | None:
    if item["kind"] == "experience":
        years = item.get("have")
        have = (
            _("about %(years)s years") % {"years": f"{years:g}"}
            if years is not None
            else _("not stated in the CV")
        )
        return _("Experience: %(have)s (%(required)s years required).") % {
            "have": have,
            "required": item["required"],
        }
    if item["kind"] == "seniority":
        have = item.get("have") or _("unknown")
        return _("Seniority: %(have)s (%(required)s wanted).") % {"have": have, "required": item["required"]}
    if item["kind"] == "language":
        have = _language_have(item["evidence"].removeprefix(f"{item['criterion']} "))
        language = str(LANGUAGE_NAMES.get(item["criterion"], item["criterion"]))
        required = _language_have(item["required"])
        return _("%(language)s: %(have)s (%(required)s wanted).") % {
            "language": language,
            "have": have,
            "required": required,
        }
    return None


def local_comment(*, vacancy_name: str, rating: int, items: list[dict]) -> str:
    """The comment in the active language, from the analyzer's breakdown items."""
    parts = [_('%(rating)s/100 for "%(vacancy)s".') % {"rating": rating, "vacancy": vacancy_name}]
    parts += _skills_part(items)
    parts += [part for part in map(_other_part, items) if part]
    if any(item.get("raw_score", item["score"]) != item["score"] for item in items):
        parts.append(_("Experience, seniority and languages count only as far as the required skills match."))
    return " ".join(parts)


def english_local_comment(*, vacancy_name: str, rating: int, items: list[dict]) -> str:
    with translation.override("en"):
        return local_comment(vacancy_name=vacancy_name, rating=rating, items=items)


def analysis_comment(analysis) -> str:
    """What HR reads: a local analysis's comment in the active language, else the stored comment.

    Analyses stored before the breakdown carried what the CV has ("have") are shown as stored.
    """
    application = getattr(analysis, "application", None)
    items = analysis.breakdown or []
    if (
        analysis.backend != BACKEND
        or analysis.rating is None
        or application is None
        or not items
        or any(item.get("kind") in ("experience", "seniority") and "have" not in item for item in items)
    ):
        return analysis.comment
    try:
        return local_comment(vacancy_name=application.vacancy.name, rating=analysis.rating, items=items)
    except (KeyError, TypeError, ValueError):
        return analysis.comment  # a breakdown of another shape: the stored text is right
