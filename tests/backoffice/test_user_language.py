"""Each HR user's back-office language: stored per user by the header's switcher, applied by a
middleware over the browser's language, on any browser they sign in from."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from backoffice.models import UserPreference
from backoffice.preferences import user_language, user_language_set
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

INDEX = "/admin/"


def _switch(client: Client, language: str, next_url: str = INDEX):
    return client.post(reverse("admin:language"), {"language": language, "next": next_url})


def test_the_switcher_stores_the_language_for_the_user(hr_client, hr_user):
    response = _switch(hr_client, "ru", reverse("admin:candidates_candidate_changelist"))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:candidates_candidate_changelist")
    assert UserPreference.objects.get(user=hr_user).language == "ru"
    assert response.cookies["django_language"].value == "ru"


def test_the_stored_language_wins_over_the_browser_on_a_new_device(hr_user):
    user_language_set(user=hr_user, language="ru")
    other_browser = _signed_in(hr_user)

    response = other_browser.get(INDEX, headers={"accept-language": "en-GB,en;q=0.9"})

    body = response.content.decode()
    assert '<html lang="ru"' in body and "Выйти" in body
    assert response["Content-Language"] == "ru"


def test_without_a_stored_language_the_browser_decides(hr_client):
    assert "Log out" in hr_client.get(INDEX, headers={"accept-language": "en"}).content.decode()
    assert "Выйти" in hr_client.get(INDEX, headers={"accept-language": "ru"}).content.decode()


def test_switching_to_english_keeps_english_for_a_russian_browser(hr_client, hr_user):
    user_language_set(user=hr_user, language="ru")
    _switch(hr_client, "en")

    body = hr_client.get(INDEX, headers={"accept-language": "ru"}).content.decode()

    assert "Log out" in body
    assert user_language(user=hr_user) == "en"


def test_an_unknown_language_changes_nothing(hr_client, hr_user):
    response = _switch(hr_client, "de")

    assert response.status_code == 302
    assert not UserPreference.objects.filter(user=hr_user).exists()


def test_the_switcher_never_redirects_to_another_site(hr_client):
    response = _switch(hr_client, "ru", "https://evil.example/")

    assert response["Location"] == reverse("admin:index")


def test_the_switcher_needs_a_post_and_a_signed_in_user(hr_client):
    assert hr_client.get(reverse("admin:language")).status_code == 405
    anonymous = Client().post(reverse("admin:language"), {"language": "ru"})
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert not UserPreference.objects.exists()


def _signed_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def test_the_preference_is_read_at_sign_in_not_on_every_page(hr_user):
    user_language_set(user=hr_user, language="ru")
    browser = _signed_in(hr_user)
    with CaptureQueriesContext(connection) as captured:
        body = browser.get(reverse("admin:candidates_candidate_changelist")).content.decode()

    assert "Выйти" in body
    assert not any("backoffice_userpreference" in q["sql"] for q in captured.captured_queries)


def test_the_api_stays_english_for_a_russian_user(hr_user):
    user_language_set(user=hr_user, language="ru")
    hr_client = _signed_in(hr_user)

    response = hr_client.get("/api/onef/vacancies", headers={"accept-language": "ru"})

    assert response.get("Content-Language", "en") == "en"


def test_dates_follow_the_stored_language(hr_user):
    candidate = CandidateFactory(ai_rating=87)
    user_language_set(user=hr_user, language="ru")
    hr_client = _signed_in(hr_user)
    with translation.override("ru"):
        russian_date = formats.date_format(timezone.localtime(candidate.created_at), "DATETIME_FORMAT")

    body = hr_client.get(
        reverse("admin:candidates_candidate_changelist"), headers={"accept-language": "en"}
    ).content.decode()

    assert russian_date in body
