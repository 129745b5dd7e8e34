"""The local analyzer reads Russian and mixed-language CVs and vacancies (vocabulary_ru and the
Russian patterns of cv_profile and vacancy_profile)."""

import datetime as dt

import pytest

from candidates.models import Vacancy
from candidates.screening.cv_profile import cv_profile
from candidates.screening.vacancy_profile import vacancy_profile
from candidates.screening.vocabulary import skills_found

TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("written", "skill"),
    [
        ("Писал на Питоне и Пайтон-скрипты", "Python"),
        ("Старший Python-разработчик", "Python"),
        ("Джанго, Постгрес", "Django"),
        ("оптимизация запросов Постгрес", "PostgreSQL"),
        ("Докер и Кубернетес", "Kubernetes"),
        ("опыт в машинном обучении: машинное обучение", "Machine learning"),
        ("юнит-тесты и автотесты", "Testing"),
        ("Java-разработчик", "Java"),
    ],
)
def test_skills_written_in_cyrillic_or_joined_to_a_russian_word_are_found(written, skill):
    assert skill in skills_found(written)


def test_russian_words_are_not_taken_for_skills():
    assert skills_found("Работал с клиентами, вёл переговоры, готовил презентации") == {}


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Опыт работы 5 лет", 5.0),
        ("Опыт работы: 3 года 6 месяцев", 3.5),
        ("Коммерческий опыт 1,5 года", 1.5),
        ("2019 — настоящее время: разработчик", 7.0),
        ("Сентябрь 2018 – по н.в. разработчик", 8.0),
        ("с 2016 г. по 2020 г. инженер", 4.0),
        ("03.2015 - 12.2017 программист\n2018 — наст. время ведущий разработчик", 10.0),
    ],
)
def test_years_of_experience_are_read_from_russian_wording_and_dates(text, years):
    assert cv_profile(text, today=TODAY).years == years


def test_age_and_education_do_not_count_as_experience():
    text = "Мужчина, 34 года\nОбразование\n2010 — 2015: МГУ, бакалавр\nОпыт работы\n2024 — н.в.: аналитик"

    assert cv_profile(text, today=TODAY).years == 2.0


def test_russian_titles_and_language_levels_are_read():
    profile = cv_profile("Ведущий инженер\nЯзыки: русский — родной, английский — B2", today=TODAY)

    assert profile.seniority == 4
    assert profile.languages == {"Russian": 7, "English": 4}
    assert profile.written_in_english is False


def test_a_russian_vacancy_gives_its_skills_years_seniority_and_nice_to_haves():
    profile = vacancy_profile(
        Vacancy(
            name="Старший Python-разработчик",
            description="",
            requirements="Требования:\nPython, Джанго или FastAPI\nОпыт от 3 лет\nАнглийский B2\n"
            "Будет плюсом: Кубернетес",
        )
    )

    assert profile.required_skills == [("Python",), ("Django", "FastAPI")]
    assert profile.nice_skills == [("Kubernetes",)]
    assert (profile.min_years, profile.seniority, profile.languages) == (3.0, 3, {"English": 4})
