"""What a CV shows: skills, years of experience, seniority, languages, with the evidence for each."""

import datetime as dt
import re
from dataclasses import dataclass

from candidates.screening import vocabulary as vocab
from candidates.screening.vacancy_profile import YEARS, languages_in, titles_in

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


def cv_profile(text: str, *, today: dt.date) -> CVProfile:
    skills = vocab.skills_found(text)
    years, years_evidence = _cv_years(text, today=today)
    titles = titles_in(text)
    seniority, seniority_evidence = max(titles) if titles else (None, "")
    if years is not None:
        from_years = 1 if years < 2 else 2 if years < 5 else 3
        if seniority is None or from_years > seniority:
            seniority, seniority_evidence = from_years, f"about {years:g} years of experience"
    languages: dict[str, int | None] = {}
    for line in text.splitlines():
        for language, level in languages_in(line).items():
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
