"""Reads of the careers page: the published vacancies, searched and filtered."""

from django.db.models import Q, QuerySet

from candidates.models import Vacancy, VacancySource
from candidates.selectors import vacancies_published


def published_vacancies(*, query: str = "", source: str = "") -> QuerySet[Vacancy]:
    """Published vacancies whose name, description or requirements contain `query`, of `source`."""
    vacancies = vacancies_published()
    words = query.split()[:8]
    for word in words:
        vacancies = vacancies.filter(
            Q(name__icontains=word) | Q(description__icontains=word) | Q(requirements__icontains=word)
        )
    if source in VacancySource.values:
        vacancies = vacancies.filter(source=source)
    return vacancies.only("id", "name", "description", "source", "updated_at")


def published_vacancy(*, vacancy_id: int) -> Vacancy | None:
    return vacancies_published().filter(pk=vacancy_id).first()
