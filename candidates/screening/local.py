"""The offline analyzer: requirements derived from the vacancy, looked for in the CV, explained.

Deterministic and free of I/O. The rating is the weighted share of the vacancy's criteria the CV
meets; each criterion's score and evidence goes into the breakdown, and the comment says in plain
words what matched and what is missing, so HR can check it against the CV.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from candidates.screening import vocabulary as vocab
from candidates.screening.result import AnalysisResult, comment_bound

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

NICE_MARKER = re.compile(
    r"nice[\s-]to[\s-]have|\bplus\b|\bbonus\b|preferred|desirable|advantage|optional|would be great",
    re.IGNORECASE,
)
REQUIRED_HEADER = re.compile(r"^\W*(must|required|requirements|you have|we expect)\b.*:\s*$", re.IGNORECASE)
YEARS = re.compile(
    r"(?:(?:at least|minimum(?: of)?|min\.?|over|more than)\s+)?(\d{1,2}(?:[.,]5)?)\s*\+?\s*"
    r"(?:(?:-|\u2013|to)\s*\d{1,2}\s*\+?\s*)?(?:years?|yrs?)\b",
    re.IGNORECASE,
)
DATE_RANGE = re.compile(
    r"(?:\b\d{1,2}[./]|\b[A-Za-z]{3,9}\.?\s+)?((?:19|20)\d{2})\s*(?:-|\u2013|\u2014|to|till|until)\s*"
    r"(?:\d{1,2}[./]|[A-Za-z]{3,9}\.?\s+)?((?:19|20)\d{2}|present|now|current|today|date)\b",
    re.IGNORECASE,
)
EDUCATION = re.compile(
    r"universit|college|school|bachelor|master|b\.?sc|m\.?sc|ph\.?d|degree|diploma|studies|student|course",
    re.IGNORECASE,
)
SECTION_HEADING = re.compile(r"^\W*([A-Za-z &]{3,40}?)\W*$")
EDUCATION_HEADINGS = ("education", "studies", "courses", "certifications", "training")
ROLE_NOUNS = (
    r"(?:developer|engineer|programmer|analyst|scientist|designer|architect|administrator|manager|"
    r"consultant|specialist|tester|devops|sre|qa)"
)
TITLE = re.compile(
    rf"({vocab.seniority_regex().pattern})\s+(?:[\w.+#/-]+\s+){{0,3}}?{ROLE_NOUNS}\b"
    rf"|\b{ROLE_NOUNS}\s+(team lead|tech lead|lead)\b|\b(team lead|tech lead|head of)\b",
    re.IGNORECASE,
)
KEYWORD_CHUNK = re.compile(r"[,;•·|\n]|\s+and\s+|\s+or\s+")


class VacancyLike(Protocol):
    name: str
    description: str
    requirements: str


@dataclass(frozen=True)
class _VacancyText:
    name: str
    description: str
    requirements: str


@dataclass
class VacancyProfile:
    # Each entry is a group of alternatives ("Django or FastAPI"); most groups hold one skill.
    required_skills: list[tuple[str, ...]] = field(default_factory=list)
    nice_skills: list[tuple[str, ...]] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    min_years: float | None = None
    seniority: int | None = None
    languages: dict[str, int] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (
            self.required_skills
            or self.nice_skills
            or self.keywords
            or self.min_years
            or self.seniority is not None
            or self.languages
        )


@dataclass
class CVProfile:
    skills: dict[str, str]
    years: float | None
    years_evidence: str
    seniority: int | None
    seniority_evidence: str
    languages: dict[str, int | None]
    written_in_english: bool
    text: str


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
        comment=comment_bound(_comment(vacancy.name, rating, cv, breakdown)),
        breakdown=breakdown,
        model=MODEL,
    )


# --- the vacancy --------------------------------------------------------------------------------


def vacancy_profile(vacancy: VacancyLike) -> VacancyProfile:
    """The criteria of a vacancy; cached (so shared: read it, never change it), as a bulk analysis
    compares many CVs with one vacancy."""
    return _vacancy_profile(vacancy.name or "", vacancy.requirements or "", vacancy.description or "")


@lru_cache(maxsize=256)
def _vacancy_profile(name: str, requirements: str, description: str) -> VacancyProfile:
    vacancy = _VacancyText(name, description, requirements)
    profile = VacancyProfile()
    required: dict[tuple[str, ...], None] = dict.fromkeys((skill,) for skill in _skills_in(vacancy.name))
    nice: dict[tuple[str, ...], None] = {}
    sticky_nice = False
    for line in (vacancy.requirements or "").splitlines():
        if REQUIRED_HEADER.match(line):
            sticky_nice = False
            continue
        is_nice = sticky_nice or bool(NICE_MARKER.search(line))
        if NICE_MARKER.search(line) and (line.rstrip().endswith(":") or len(line.split()) <= 4):
            sticky_nice = True
        for group in _skill_groups(line):
            (nice if is_nice else required)[group] = None
        if not is_nice:
            profile.keywords.extend(_unknown_keywords(line))
            for language, level in _languages_in(line).items():
                profile.languages[language] = max(level or 0, profile.languages.get(language, 0))
    for line in (vacancy.description or "").splitlines():
        if NICE_MARKER.search(line):
            continue
        for skill in _skills_in(line):
            nice.setdefault((skill,), None)
        for language, level in _languages_in(line).items():
            profile.languages.setdefault(language, level or 0)
    required_skills = {skill for group in required for skill in group}
    profile.required_skills = _without_repeats(list(required))
    profile.nice_skills = [
        group for group in _without_repeats(list(nice)) if not set(group) & required_skills
    ]
    years = [
        float(m.group(1).replace(",", "."))
        for m in YEARS.finditer(f"{vacancy.requirements}\n{vacancy.description}")
    ]
    profile.min_years = max(years) if years else None
    profile.seniority = _vacancy_seniority(vacancy)
    return profile


def _skill_groups(line: str) -> list[tuple[str, ...]]:
    groups = []
    for chunk in re.split(r"[,;]", line):
        skills = _skills_in(chunk)
        if len(skills) >= 2 and re.search(r"\bor\b", chunk, re.IGNORECASE):
            groups.append(tuple(skills))
        else:
            groups.extend((skill,) for skill in skills)
    return groups


def _without_repeats(groups: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """A skill asked for on its own makes any group of alternatives naming it redundant."""
    singles = {group[0] for group in groups if len(group) == 1}
    return [group for group in groups if len(group) == 1 or not set(group) & singles]


def _skills_in(text: str) -> list[str]:
    return list(vocab.skills_found(text or ""))


def _languages_in(line: str) -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    for language, pattern in vocab.language_regexes().items():
        for match in pattern.finditer(line):
            level = _level_near(line, match.start(), match.end())
            previous = found.get(language)
            found[language] = level if previous is None else max(previous, level or 0)
    return found


def _level_near(line: str, start: int, end: int, window: int = 30) -> int | None:
    """The language level written next to a language name ("English (C1)", "fluent German")."""
    best: tuple[int, int] | None = None
    for match in vocab.level_regex().finditer(line, max(0, start - window), min(len(line), end + window)):
        # Nearest word wins, so "English C1, German A2" gives each language its own level.
        distance = match.start() - end if match.start() >= end else start - match.end()
        if best is None or distance < best[0]:
            best = (distance, vocab.LANGUAGE_LEVELS[match.group(0).lower()])
    return best[1] if best else None


def _vacancy_seniority(vacancy: VacancyLike) -> int | None:
    levels = [
        vocab.SENIORITY_LEVELS[m.group(0).lower()] for m in vocab.seniority_regex().finditer(vacancy.name)
    ]
    if levels:
        return max(levels)
    text = f"{vacancy.requirements}\n{vacancy.description}"
    levels = [level for level, _ in _titles(text)]
    return max(levels) if levels else None


def _unknown_keywords(line: str) -> list[str]:
    """Proper names in the requirements the vocabulary does not know ("SAP", "Salesforce")."""
    keywords = []
    for chunk in KEYWORD_CHUNK.split(line):
        chunk = chunk.strip(" -*.:()")
        words = chunk.split()
        if not 1 <= len(words) <= 3 or not all(word[:1].isupper() for word in words):
            continue
        if (
            _skills_in(chunk)
            or _languages_in(chunk)
            or YEARS.search(chunk)
            or vocab.seniority_regex().search(chunk)
            or vocab.level_regex().search(chunk)
        ):
            continue
        if len(words) == 1 and words[0].lower() in vocab.ENGLISH_STOPWORDS | {"experience", "knowledge"}:
            continue
        keywords.append(chunk)
    return keywords


# --- the CV -------------------------------------------------------------------------------------


def cv_profile(text: str, *, today: dt.date) -> CVProfile:
    skills = vocab.skills_found(text)
    years, years_evidence = _cv_years(text, today=today)
    titles = _titles(text)
    seniority, seniority_evidence = max(titles) if titles else (None, "")
    if years is not None:
        from_years = 1 if years < 2 else 2 if years < 5 else 3
        if seniority is None or from_years > seniority:
            seniority, seniority_evidence = from_years, f"about {years:g} years of experience"
    languages: dict[str, int | None] = {}
    for line in text.splitlines():
        for language, level in _languages_in(line).items():
            previous = languages.get(language)
            languages[language] = level if previous is None else max(previous, level or 0)
    words = re.findall(r"[a-z]+", text.lower())
    english_words = sum(1 for word in words if word in vocab.ENGLISH_STOPWORDS)
    return CVProfile(
        skills=skills,
        years=years,
        years_evidence=years_evidence,
        seniority=seniority,
        seniority_evidence=seniority_evidence,
        languages=languages,
        written_in_english=len(words) >= 30 and english_words / len(words) >= 0.06,
        text=text,
    )


def _titles(text: str) -> list[tuple[int, str]]:
    titles = []
    for match in TITLE.finditer(text):
        word = next(group for group in match.groups() if group)
        level = vocab.SENIORITY_LEVELS.get(word.lower())
        if level is not None:
            titles.append((level, match.group(0)))
    return titles


def _cv_years(text: str, *, today: dt.date) -> tuple[float | None, str]:
    stated = [
        (float(m.group(1).replace(",", ".")), m.group(0))
        for m in YEARS.finditer(text)
        if float(m.group(1).replace(",", ".")) <= 45
    ]
    spans = []
    in_education = False
    for line in text.splitlines():
        heading = SECTION_HEADING.match(line)
        if heading and len(line.split()) <= 4:
            name = heading.group(1).strip().lower()
            in_education = any(word in name for word in EDUCATION_HEADINGS)
        if in_education or EDUCATION.search(line):
            continue
        for match in DATE_RANGE.finditer(line):
            start = int(match.group(1))
            end = today.year if not match.group(2).isdigit() else int(match.group(2))
            if start <= end <= today.year:
                spans.append((start, end))
    from_ranges = _merged_length(spans)
    best_stated = max(stated) if stated else None
    if best_stated and best_stated[0] >= from_ranges:
        return best_stated[0], best_stated[1]
    if from_ranges:
        return float(from_ranges), f"jobs listed over {from_ranges} years"
    return None, ""


def _merged_length(spans: list[tuple[int, int]]) -> int:
    total, current_start, current_end = 0, None, None
    for start, end in sorted(spans):
        if current_end is None or start > current_end:
            if current_end is not None:
                total += max(1, current_end - current_start)
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += max(1, current_end - current_start)
    return total


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


def _comment(name: str, rating: int, cv: CVProfile, items: list[dict]) -> str:
    def label(item: dict) -> str:
        evidence = item["evidence"]
        if (
            item["kind"] in ("skill", "keyword")
            and evidence
            and evidence.lower() != item["criterion"].lower()
        ):
            return f'{item["criterion"]} (as "{evidence}")'
        return item["criterion"]

    skills = [item for item in items if item["kind"] in ("skill", "keyword")]
    required = [item for item in skills if item["required"] != "nice to have"]
    matched = [label(item) for item in required if item["score"]]
    missing = [item["criterion"] for item in required if not item["score"]]
    nice_matched = [label(item) for item in skills if item["required"] == "nice to have" and item["score"]]
    parts = [f'{rating}/100 for "{name}".']
    if required:
        parts.append(
            f"Matched {len(matched)} of {len(required)} required skills: {', '.join(matched) or 'none'}."
        )
        if missing:
            parts.append(f"Missing: {', '.join(missing)}.")
    if nice_matched:
        parts.append(f"Also has: {', '.join(nice_matched)}.")
    for item in items:
        if item["kind"] == "experience":
            have = f"about {cv.years:g} years" if cv.years is not None else "not stated in the CV"
            parts.append(f"Experience: {have} ({item['required']} years required).")
        elif item["kind"] == "seniority":
            have = vocab.SENIORITY_NAMES[cv.seniority] if cv.seniority is not None else "unknown"
            parts.append(f"Seniority: {have} ({item['required']} wanted).")
        elif item["kind"] == "language":
            have = item["evidence"].removeprefix(f"{item['criterion']} ") or "not mentioned"
            parts.append(f"{item['criterion']}: {have} ({item['required']} wanted).")
    if any(item.get("raw_score", item["score"]) != item["score"] for item in items):
        parts.append("Experience, seniority and languages count only as far as the required skills match.")
    return " ".join(parts)
