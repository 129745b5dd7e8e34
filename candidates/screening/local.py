"""The offline analyzer: requirements derived from the vacancy, looked for in the CV, explained.

Deterministic and free of I/O. The rating is the weighted share of the vacancy's criteria the CV
meets; each criterion's score and evidence goes into the breakdown, and the comment says in plain
words what matched and what is missing, so HR can check it against the CV.
"""

import datetime as dt
import re

from candidates.screening import vocabulary as vocab
from candidates.screening.comment import english_local_comment
from candidates.screening.cv_profile import CVProfile, cv_profile
from candidates.screening.result import AnalysisResult, comment_bound
from candidates.screening.vacancy_profile import VacancyLike, VacancyProfile, vacancy_profile

BACKEND = "local"
# Stored as the analysis's model: bump it when the rules change, so the history tells them apart.
MODEL = "rules-1"

WEIGHT_REQUIRED_SKILL = 1.0
WEIGHT_NICE_SKILL = 0.4
WEIGHT_KEYWORD = 0.5
WEIGHT_EXPERIENCE = 2.0
WEIGHT_SENIORITY = 1.5
WEIGHT_LANGUAGE = 1.0
# Mentioned without a level: likely usable, but not proven.
SCORE_LANGUAGE_LEVEL_UNSTATED = 0.75
# A CV written in English is evidence of working English, about B2.
LEVEL_FROM_CV_WRITTEN_IN_ENGLISH = 4


def local_analyze(*, cv_text: str, vacancy: VacancyLike, today: dt.date | None = None) -> AnalysisResult:
    profile = vacancy_profile(vacancy)
    if profile.is_empty:
        return AnalysisResult(
            backend=BACKEND,
            rating=None,
            comment=(
                f'The vacancy "{vacancy.name}" lists no requirement the local analyzer recognises '
                "(skills, years of experience, seniority, languages): there is nothing to rate the CV against."
            ),
        )
    cv = cv_profile(cv_text, today=today or dt.date.today())
    breakdown = _relevance_applied(_breakdown(profile, cv))
    total = sum(item["weight"] for item in breakdown)
    rating = round(100 * sum(item["weight"] * item["score"] for item in breakdown) / total)
    return AnalysisResult(
        backend=BACKEND,
        rating=max(0, min(100, rating)),
        comment=comment_bound(
            english_local_comment(vacancy_name=vacancy.name, rating=rating, items=breakdown)
        ),
        breakdown=breakdown,
        model=MODEL,
    )


# --- the vacancy --------------------------------------------------------------------------------


# --- scoring and explanation --------------------------------------------------------------------


def _breakdown(profile: VacancyProfile, cv: CVProfile) -> list[dict]:
    items = []
    for group in profile.required_skills:
        items.append(_skill_item(group, cv, required=True))
    for group in profile.nice_skills:
        items.append(_skill_item(group, cv, required=False))
    for keyword in profile.keywords:
        match = re.search(vocab.token_pattern(keyword), cv.text)
        items.append(
            _item(
                "keyword",
                keyword,
                WEIGHT_KEYWORD,
                1.0 if match else 0.0,
                "required",
                match and match.group(0),
            )
        )
    if profile.min_years:
        score = min(1.0, (cv.years or 0) / profile.min_years)
        items.append(
            _item(
                "experience",
                "Years of experience",
                WEIGHT_EXPERIENCE,
                score,
                f"{profile.min_years:g}+",
                cv.years_evidence,
            )
            | {"have": cv.years}
        )
    if profile.seniority is not None:
        gap = profile.seniority - (cv.seniority if cv.seniority is not None else -9)
        score = 1.0 if gap <= 0 else 0.5 if gap == 1 else 0.0
        items.append(
            _item(
                "seniority",
                "Seniority",
                WEIGHT_SENIORITY,
                score,
                vocab.SENIORITY_NAMES[profile.seniority],
                cv.seniority_evidence,
            )
            | {"have": vocab.SENIORITY_NAMES[cv.seniority] if cv.seniority is not None else None}
        )
    for language, level in profile.languages.items():
        items.append(_language_item(language, level, cv))
    return items


def _relevance_applied(items: list[dict]) -> list[dict]:
    """Years, seniority and languages count only as far as the required skills match.

    Eight years of sales make nobody a fit for a QA automation job: without this, experience and
    English alone would give an unrelated CV a third of the rating.
    """
    skills = [
        item for item in items if item["kind"] in ("skill", "keyword") and item["required"] == "required"
    ]
    if not skills:
        return items
    share = sum(item["weight"] * item["score"] for item in skills) / sum(item["weight"] for item in skills)
    for item in items:
        if item["kind"] in ("experience", "seniority", "language"):
            item["raw_score"] = item["score"]
            item["score"] = round(item["score"] * share, 2)
    return items


def _skill_item(group: tuple[str, ...], cv: CVProfile, *, required: bool) -> dict:
    found = next((cv.skills[skill] for skill in group if skill in cv.skills), None)
    weight = WEIGHT_REQUIRED_SKILL if required else WEIGHT_NICE_SKILL
    need = "required" if required else "nice to have"
    return _item("skill", " or ".join(group), weight, 1.0 if found else 0.0, need, found)


def _language_item(language: str, level: int, cv: CVProfile) -> dict:
    wanted = vocab.LANGUAGE_LEVEL_NAMES.get(level, "any level")
    if language in cv.languages:
        have = cv.languages[language]
        if have is None:
            score = 1.0 if level == 0 else SCORE_LANGUAGE_LEVEL_UNSTATED
            evidence = f"{language} (level not stated)"
        else:
            score = 1.0 if have >= level else max(0.0, 1 - 0.25 * (level - have))
            evidence = f"{language} {vocab.LANGUAGE_LEVEL_NAMES[have]}"
    elif language == "English" and cv.written_in_english:
        have = LEVEL_FROM_CV_WRITTEN_IN_ENGLISH
        score = 1.0 if have >= level else max(0.0, 1 - 0.25 * (level - have))
        evidence = "the CV is written in English"
    else:
        score, evidence = 0.0, ""
    return _item("language", language, WEIGHT_LANGUAGE, score, wanted, evidence)


def _item(
    kind: str, criterion: str, weight: float, score: float, required: str, evidence: str | None
) -> dict:
    return {
        "kind": kind,
        "criterion": criterion,
        "weight": weight,
        "score": round(score, 2),
        "required": required,
        "evidence": (evidence or "")[:120],
    }
