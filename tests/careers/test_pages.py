import pytest
from django.urls import reverse

from candidates.models import VacancySource
from tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db


def test_the_list_shows_published_vacancies_only(client):
    VacancyFactory(name="Python Developer")
    VacancyFactory(name="Closed Job", is_published=False)

    page = client.get("/careers/").content.decode()

    assert "Python Developer" in page
    assert "Closed Job" not in page


def test_search_matches_name_description_and_requirements(client):
    VacancyFactory(name="Python Developer", requirements="Django")
    VacancyFactory(name="Designer", description="Figma and illustrations", requirements="Taste")

    assert "Python Developer" not in client.get("/careers/", {"q": "figma"}).content.decode()
    assert "Designer" in client.get("/careers/", {"q": "figma"}).content.decode()
    found = client.get("/careers/", {"q": "django python"}).content.decode()
    assert "Python Developer" in found and "Designer" not in found


def test_the_source_filter_narrows_the_list(client):
    VacancyFactory(name="In-house QA", source=VacancySource.INTERNAL)
    VacancyFactory(name="Agency QA", source=VacancySource.EXTERNAL)

    page = client.get("/careers/", {"source": "external"}).content.decode()

    assert "Agency QA" in page and "In-house QA" not in page


def test_the_list_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    VacancyFactory.create_batch(20)
    with django_assert_max_num_queries(2):
        assert client.get("/careers/").status_code == 200


def test_the_detail_has_a_shareable_url_and_open_graph_tags(client, settings, bot_api):
    settings.PUBLIC_BASE_URL = "https://jobs.example.com"
    vacancy = VacancyFactory(name="Python Developer", description="Build and run our Python services.")

    page = client.get(reverse("careers:detail", args=[vacancy.id])).content.decode()

    url = f"https://jobs.example.com/careers/{vacancy.id}/"
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta property="og:title" content="Python Developer">' in page
    assert 'property="og:description" content="Build and run our Python services."' in page
    assert f'<link rel="canonical" href="{url}">' in page


def test_apply_in_telegram_is_a_deep_link_to_the_bot_and_get_me_is_cached(client, bot_api):
    vacancy = VacancyFactory()

    first = client.get(reverse("careers:detail", args=[vacancy.id])).content.decode()
    client.get(reverse("careers:detail", args=[vacancy.id]))

    assert f'href="https://t.me/jobs_test_bot?start=v{vacancy.id}"' in first
    assert len([r for r, _ in bot_api.log if r.path.endswith("/getMe")]) == 1


def test_without_a_known_bot_the_telegram_button_is_hidden(client, settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    vacancy = VacancyFactory()

    page = client.get(reverse("careers:detail", args=[vacancy.id])).content.decode()

    assert "t.me/" not in page
    assert "Apply here" in page


def test_an_unpublished_vacancy_is_a_friendly_404(client):
    vacancy = VacancyFactory(is_published=False)

    response = client.get(reverse("careers:detail", args=[vacancy.id]))

    assert response.status_code == 404
    assert "no longer open" in response.content.decode()


def test_the_pages_speak_russian_to_a_russian_browser(client):
    vacancy = VacancyFactory()

    page = client.get(
        reverse("careers:detail", args=[vacancy.id]), HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()

    assert 'lang="ru"' in page
    assert "Откликнуться здесь" in page


def test_a_long_list_is_paged_and_the_pages_keep_the_search(client):
    VacancyFactory.create_batch(25, name="Python Developer")

    first = client.get("/careers/", {"q": "python"}).content.decode()
    second = client.get("/careers/", {"q": "python", "page": 2}).content.decode()

    assert "25 vacancies" in first
    assert first.count('<li class="card">') == 20
    assert 'href="?q=python&amp;page=2"' in first
    assert second.count('<li class="card">') == 5
    assert client.get("/careers/", {"page": "abc"}).status_code == 200
