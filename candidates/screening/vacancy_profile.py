"""What a vacancy asks for, read from its name, requirements and description.

Skills (with alternatives: "Django or FastAPI"), nice-to-haves, other keywords, minimum years,
seniority and languages. Cached per vacancy text: the bulk analysis reads one vacancy many times.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from candidates.screening import vocabulary as vocab

NICE_MARKER = re.compile(
    r"nice[\s-]to[\s-]have|\bplus\b|\bbonus\b|preferred|desirable|advantage|optional|would be great"
    r"|плюсом|желательн|приветствуется|преимуществ",
    re.IGNORECASE,
)
REQUIRED_HEADER = re.compile(
    r"^\W*(must|required|requirements|you have|we expect|требования|обязательно|мы ожидаем)\b.*:\s*$",
    re.IGNORECASE,
)
# "5+ years", "at least 3 years", "от 3 лет", "не менее 2 года", "1,5 года"; not the "19" of "2019 года".
YEARS = re.compile(
    r"(?:(?:at least|minimum(?: of)?|min\.?|over|more than|от|не менее|более|свыше)\s+)?(?<!\d)(\d{1,2}(?:[.,]5)?)"
    r"\s*\+?\s*(?:(?:-|\u2013|to)\s*\d{1,2}\s*\+?\s*)?(?:years?|yrs?|лет|года?)\b",
    re.IGNORECASE,
)
KEYWORD_CHUNK = re.compile(r"[,;•·|\n]|\s+and\s+|\s+or\s+|\s+и\s+|\s+или\s+")
ROLE_NOUNS = (
    r"(?:developer|engineer|programmer|analyst|scientist|designer|architect|administrator|manager|"
    rf"consultant|specialist|tester|devops|sre|qa|{'|'.join(vocab.ru.ROLE_NOUNS)})"
)
TITLE = re.compile(
    rf"({vocab.seniority_regex().pattern})\s+(?:[\w.+#/-]+\s+){{0,3}}?(?:[\w.+#/]+-)?{ROLE_NOUNS}\b"
    rf"|\b{ROLE_NOUNS}\s+(team lead|tech lead|lead)\b|\b(team lead|tech lead|head of|тимлид|техлид|руководитель)\b",
    re.IGNORECASE,
)


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
            for language, level in languages_in(line).items():
                profile.languages[language] = max(level or 0, profile.languages.get(language, 0))
    for line in (vacancy.description or "").splitlines():
        if NICE_MARKER.search(line):
            continue
        for skill in _skills_in(line):
            nice.setdefault((skill,), None)
        for language, level in languages_in(line).items():
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
        if len(skills) >= 2 and re.search(r"\b(?:or|или)\b", chunk, re.IGNORECASE):
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


def languages_in(line: str) -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    if not vocab.names_a_language(line):
        return found
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
        # Nearest word wins, so "English C1, German A2" gives each language its own level; a level
        # before the name counts only within its item ("русский — родной, английский — B2").
        if match.end() <= start and re.search(r"[,;]", line[match.end() : start]):
            continue
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
    levels = [level for level, _ in titles_in(text)]
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
            or languages_in(chunk)
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


def titles_in(text: str) -> list[tuple[int, str]]:
    titles = []
    for match in TITLE.finditer(text):
        word = next(group for group in match.groups() if group)
        level = vocab.SENIORITY_LEVELS.get(word.lower())
        if level is not None:
            titles.append((level, match.group(0)))
    return titles
