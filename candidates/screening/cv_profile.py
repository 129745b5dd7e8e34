"""What a CV shows: skills, years of experience, seniority, languages, with the evidence for each."""

import datetime as dt
import re
from dataclasses import dataclass

from candidates.screening import vocabulary as vocab
from candidates.screening.vacancy_profile import YEARS, languages_in, titles_in

MONTH_WORD = r"[A-Za-z\u0400-\u04ff]{3,9}\.?\s+"  # "Jan ", "September ", "сентября "
NOW = r"present|now|current|today|date|настоящее\s+время|наст\.\s*вр(?:емя|\.)|н\.\s*в\.?|сейчас|текущий\s+момент"
# "2019 - present", "Jan 2015 - Present", "09.2019 - 12.2021", "2019 — настоящее время", "09.2019 по н.в."
DATE_RANGE = re.compile(
    rf"(?:\b\d{{1,2}}[./]|\b{MONTH_WORD})?((?:19|20)\d{{2}})(?:\s*\u0433\.|\s*года?)?\s*"
    rf"(?:-|\u2013|\u2014|to|till|until|по|до)\s*(?:по\s+)?(?:\d{{1,2}}[./]|{MONTH_WORD})?((?:19|20)\d{{2}}|{NOW})(?!\w)",
    re.IGNORECASE,
)
# "3 years 6 months", "2 года и 6 месяцев": months right after the stated years.
MONTHS_AFTER = re.compile(
    r"\s*,?\s*(?:and\s+|и\s+)?(\d{1,2})\s*(?:months?|месяц(?:\u0430|ев)?|мес\.?)(?!\w)", re.I
)
# "7 years of experience", "опыт работы 7 лет": the CV's own total, said next to the figure.
EXPERIENCE_WORD = re.compile(r"experience|опыт", re.IGNORECASE)
# "30 лет", "30 years old" said of the person, not of the experience.
AGE = re.compile(r"(?:возраст|мне|мужчина|женщина|родил(?:ся|ась))\W{0,3}$|^\s*old\b", re.IGNORECASE)
EDUCATION = re.compile(
    r"universit|college|school|bachelor|master|b\.?sc|m\.?sc|ph\.?d|degree|diploma|studies|student|course"
    r"|университет|институт|академи|образовани|бакалавр|магистр|аспирант|диплом|студент|курс|факультет|колледж|школ",
    re.IGNORECASE,
)
SECTION_HEADING = re.compile(r"^\W*([A-Za-z\u0400-\u04ff &]{3,40}?)\W*$")
EDUCATION_HEADINGS = (
    "education",
    "studies",
    "courses",
    "certifications",
    "training",
    "образование",
    "обучение",
    "курсы",
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
    stated = [item for m in YEARS.finditer(text) if (item := _stated_years(text, m)) and item[0] <= 45]
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
    # The CV's own statement of its total experience wins over the dated periods, which may hold
    # studies, gaps or side projects the parser cannot tell apart ("2016-2026" for a CV that says 7).
    total = [item for m in YEARS.finditer(text) if (item := _stated_total(text, m))]
    if total:
        return max(total)
    best_stated = max(stated) if stated else None
    if best_stated and best_stated[0] >= from_ranges:
        return best_stated[0], best_stated[1]
    if from_ranges:
        return float(from_ranges), f"jobs listed over {from_ranges} years"
    return None, ""


def _stated_years(text: str, match: re.Match) -> tuple[float, str] | None:
    if AGE.search(text[max(0, match.start() - 12) : match.start()]) or AGE.search(
        text[match.end() : match.end() + 5]
    ):
        return None
    years = float(match.group(1).replace(",", "."))
    months = MONTHS_AFTER.match(text, match.end())
    if months:
        return years + round(int(months.group(1)) / 12, 1), text[match.start() : months.end()]
    return years, match.group(0)


def _stated_total(text: str, match: re.Match) -> tuple[float, str] | None:
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    line_end = len(text) if line_end == -1 else line_end
    window = text[max(line_start, match.start() - 30) : min(line_end, match.end() + 30)]
    if not EXPERIENCE_WORD.search(window):
        return None
    item = _stated_years(text, match)
    return item if item and item[0] <= 45 else None


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
