"""The candidate list: badges, columns, filters, search, and a query count independent of the rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import ApplicationFactory, CandidateFactory, MessageFactory, VacancyFactory

pytestmark = pytest.mark.django_db
URL = reverse("admin:candidates_candidate_changelist")


def listed(client, query: str = "") -> set[str]:
    response = client.get(URL + query)
    assert response.status_code == 200
    return {c.name for c in response.context["cl"].result_list}


def test_list_shows_status_badge_rating_vacancy_and_unread_count(hr_client):
    candidate = CandidateFactory(name="Mia", status="interview", ai_rating=81)
    ApplicationFactory(
        candidate=candidate, vacancy__name="SRE", applied_at=timezone.now() - dt.timedelta(days=3)
    )
    ApplicationFactory(candidate=candidate, vacancy__name="Platform Engineer")
    MessageFactory.create_batch(2, candidate=candidate)
    body = hr_client.get(URL).content.decode()
    assert 'data-status="interview"' in body
    assert "81" in body
    assert "Platform Engineer" in body  # the latest application
    assert 'class="unread-badge"' in body and ">2</span>" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?stage=interview", {"Ivo"}),
        ("?ai_band=high", {"Ivo"}),
        ("?ai_band=medium", {"Mara"}),
        ("?ai_band=none", {"Nils"}),
        ("?has_unread=yes", {"Mara"}),
        ("?has_unread=no", {"Ivo", "Nils"}),
        ("?applied_within=7", {"Ivo"}),
        ("?applied_within=90", {"Ivo", "Mara"}),
    ],
)
def test_filters(hr_client, query, expected):
    ivo = CandidateFactory(name="Ivo", status="interview", ai_rating=90)
    mara = CandidateFactory(name="Mara", ai_rating=50)
    CandidateFactory(name="Nils", ai_rating=None)
    ApplicationFactory(candidate=ivo)
    ApplicationFactory(candidate=mara, applied_at=timezone.now() - dt.timedelta(days=20))
    MessageFactory(candidate=mara)
    assert listed(hr_client, query) == expected


def test_vacancy_filter(hr_client):
    vacancy = VacancyFactory()
    ApplicationFactory(candidate=CandidateFactory(name="In"), vacancy=vacancy)
    ApplicationFactory(candidate=CandidateFactory(name="Out"))
    assert listed(hr_client, f"?vacancy={vacancy.pk}") == {"In"}


@pytest.mark.parametrize("term", ["Quentin", "quentin@example.org", "+4917099", "777000111"])
def test_search_by_name_email_phone_and_telegram_id(hr_client, term):
    CandidateFactory(name="Quentin", email="quentin@example.org", phone="+4917099", telegram_id=777000111)
    CandidateFactory(name="Other")
    assert listed(hr_client, f"?q={term.replace('+', '%2B')}") == {"Quentin"}


def test_list_runs_the_same_number_of_queries_for_3_and_30_candidates(hr_client):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert hr_client.get(URL).status_code == 200
        return len(queries)

    for _ in range(3):
        ApplicationFactory(candidate=MessageFactory().candidate)
    few = count()
    for _ in range(27):
        ApplicationFactory(candidate=MessageFactory().candidate)
    assert count() == few


def test_stage_and_rating_filters_read_the_application_to_the_filtered_vacancy(hr_client):
    backend, analyst = VacancyFactory(), VacancyFactory()
    pia = CandidateFactory(name="Pia")
    ApplicationFactory(candidate=pia, vacancy=backend, status="interview", ai_rating=100)
    ApplicationFactory(candidate=pia, vacancy=analyst, status="new", ai_rating=50)
    assert listed(hr_client, f"?vacancy={backend.pk}&ai_band=high") == {"Pia"}
    assert listed(hr_client, f"?vacancy={analyst.pk}&ai_band=high") == set()
    assert listed(hr_client, f"?vacancy={backend.pk}&stage=interview") == {"Pia"}
    assert listed(hr_client, f"?vacancy={analyst.pk}&stage=interview") == set()


def test_search_finds_a_candidate_by_a_word_of_the_cv(hr_client):
    CandidateFactory(name="Rhea", cv_text="Five years of Kubernetes and Terraform.")
    CandidateFactory(name="Sven", cv_text="Accounting, Excel.")
    assert listed(hr_client, "?q=terraform") == {"Rhea"}


def test_search_results_come_best_first_on_postgresql_and_sort_by_a_column_otherwise(hr_client):
    CandidateFactory(name="Una", cv_text="Python once.")
    CandidateFactory(name="Vik", cv_text="Python, Python, Python developer writing Python.")
    response = hr_client.get(URL + "?q=python")
    assert response.status_code == 200
    names = [c.name for c in response.context["cl"].result_list]
    assert sorted(names) == ["Una", "Vik"]
    if connection.vendor == "postgresql":
        assert names == ["Vik", "Una"]
    by_name = hr_client.get(URL + "?q=python&o=1")  # column 1 (after the checkbox): the full name
    assert [c.name for c in by_name.context["cl"].result_list] == ["Una", "Vik"]
