"""The local analyzer's comment: stored in English (OneF reads it), written again from the breakdown
in the reader's language for HR."""

import datetime as dt

import pytest
from django.utils import translation

from candidates.models import Vacancy
from candidates.screening.comment import analysis_comment
from candidates.screening.local import local_analyze
from tests.factories import AIAnalysisFactory, ApplicationFactory, VacancyFactory

TODAY = dt.date(2026, 11, 25)
REQUIREMENTS = "Python, PostgreSQL, Kubernetes. 3+ years of experience. Senior. English B2."
CV = "Senior Python and Postgres developer, 2019 - present. English C1."


def _result(vacancy_name: str = "Backend Developer"):
    vacancy = Vacancy(name=vacancy_name, requirements=REQUIREMENTS)
    return local_analyze(cv_text=CV, vacancy=vacancy, today=TODAY)


def test_the_stored_comment_is_english_whatever_language_is_active():
    english = _result().comment
    with translation.override("ru"):
        assert _result().comment == english
    assert english.startswith("Backend Developer") is False and 'for "Backend Developer".' in english
    assert "Matched 2 of 3 required skills" in english


@pytest.mark.django_db
def test_hr_reads_a_local_analysis_in_russian():
    vacancy = VacancyFactory(name="Бэкенд-разработчик", requirements=REQUIREMENTS)
    application = ApplicationFactory(vacancy=vacancy)
    result = local_analyze(cv_text=CV, vacancy=vacancy, today=TODAY)
    analysis = AIAnalysisFactory(
        candidate=application.candidate,
        application=application,
        rating=result.rating,
        comment=result.comment,
        breakdown=result.breakdown,
    )

    with translation.override("ru"):
        russian = analysis_comment(analysis)
    with translation.override("en"):
        english = analysis_comment(analysis)

    assert english == result.comment
    assert russian.startswith(f"{result.rating}/100 для «Бэкенд-разработчик».")
    assert "Совпало 2 из 3 обязательных навыков: Python, PostgreSQL (как «Postgres»)." in russian
    assert "Не хватает: Kubernetes." in russian
    assert "Опыт: около 7 г. (требуется 3+ г.)." in russian
    assert "английский: C1 (нужен B2)." in russian


@pytest.mark.django_db
def test_other_analyses_are_shown_as_stored():
    openai = AIAnalysisFactory(backend="openai", comment="Strong fit.", breakdown=[])
    failed = AIAnalysisFactory(backend="local", rating=None, comment="No rating: no CV.")
    old = AIAnalysisFactory(
        comment="42/100 for an old rule set.",
        breakdown=[
            {"kind": "experience", "criterion": "Years", "score": 1, "required": "3+", "evidence": ""}
        ],
        application=ApplicationFactory(),
    )

    with translation.override("ru"):
        assert [analysis_comment(a) for a in (openai, failed, old)] == [
            "Strong fit.",
            "No rating: no CV.",
            "42/100 for an old rule set.",
        ]
