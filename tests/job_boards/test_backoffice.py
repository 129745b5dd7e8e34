"""The back-office around hh.ru: the board's source filter and badge, the candidate page's hh panel,
the candidate list's source filter, the dashboard's per-source count, linking (publishing:
test_publishing.py)."""

import pytest
from django.urls import reverse

from backoffice.analytics import stage_analytics
from candidates.models import ApplicationSource
from job_boards.models import HHVacancy
from job_boards.services.imports import hh_vacancy_import
from tests.factories import ApplicationFactory, UserFactory, VacancyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


@pytest.fixture
def imported(hh_link, fake_hh):
    fake_hh.add_response(hh_link.hh_vacancy_id, first_name="Anna", last_name="Hh", test_score=91)
    hh_vacancy_import(link=hh_link)
    ApplicationFactory(vacancy=hh_link.vacancy, source=ApplicationSource.TELEGRAM, candidate__name="Boris")
    return hh_link.vacancy.applications.get(source=ApplicationSource.HH)


def test_the_board_shows_the_source_badge_and_filters_by_source(staff, imported):
    url = reverse("admin:candidates_vacancy_board", args=[imported.vacancy_id])
    page = staff.get(url).content.decode()
    assert 'class="board-source board-source-hh">hh.ru<' in page and "Boris" in page

    filtered = staff.get(url, {"source": "hh"}).content.decode()
    assert "Anna Hh" in filtered and "Boris" not in filtered
    assert staff.get(url, {"source": "nonsense"}).status_code == 200


def test_the_candidate_page_shows_the_badge_the_hh_link_and_hh_test_score(staff, imported):
    page = staff.get(
        reverse("admin:candidates_candidate_change", args=[imported.candidate_id])
    ).content.decode()
    assert 'id="header-source"' in page and "hh.ru" in page
    assert 'href="https://hh.ru/resume/' in page
    assert "91/100" in page


def test_the_candidate_list_filters_by_source(staff, imported):
    url = reverse("admin:candidates_candidate_changelist")
    page = staff.get(url, {"source": "hh"}).content.decode()
    assert "Anna Hh" in page and "Boris" not in page


def test_the_dashboard_analytics_count_hh(imported):
    assert dict(stage_analytics()["sources"])["hh.ru"] == 1


def test_linking_a_vacancy_by_id_from_the_set_up_page(staff, hh_connected, fake_hh):
    vacancy, hh_id = VacancyFactory(), fake_hh.add_vacancy()
    response = staff.post(reverse("admin:hh-link"), {"vacancy": vacancy.pk, "hh_vacancy_id": hh_id})
    assert response.status_code == 302
    assert HHVacancy.objects.get(vacancy=vacancy).hh_vacancy_id == hh_id


def test_linking_an_unknown_id_says_so(staff, hh_connected, fake_hh):
    vacancy = VacancyFactory()
    page = staff.post(
        reverse("admin:hh-link"), {"vacancy": vacancy.pk, "hh_vacancy_id": "999999"}, follow=True
    )
    assert "has no vacancy 999999 for this employer" in page.content.decode()
    assert not HHVacancy.objects.exists()
