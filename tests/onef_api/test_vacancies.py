import pytest

from tests.factories import VacancyFactory
from tests.onef_api.conftest import url

pytestmark = pytest.mark.django_db


def test_vacancies_lists_published_vacancies(api):
    published = VacancyFactory(name="Senior Rust Developer")
    VacancyFactory(is_published=False)
    body = api.get(url("vacancies")).json()
    assert [v["id"] for v in body] == [published.id]
    assert body[0]["name"] == "Senior Rust Developer"


def test_vacancy_detail_also_shows_an_unpublished_vacancy(api):
    closed = VacancyFactory(is_published=False)
    body = api.get(url(f"vacancies/{closed.id}")).json()
    assert body["id"] == closed.id and body["is_published"] is False
    assert api.get(url("vacancies/abc")).status_code == 404
