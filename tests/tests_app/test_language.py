"""The test pages speak the candidate's stored language, else the browser's; the switcher stores the
choice on the candidate; the invitation is sent in the candidate's language."""

import pytest

from messaging.models import Message
from tests.factories import AttemptFactory, CandidateFactory
from tests_app import services

pytestmark = pytest.mark.django_db


def page(client, attempt, language: str) -> str:
    return client.get(f"/t/{attempt.token}/", headers={"accept-language": language}).content.decode()


def test_the_landing_page_follows_the_browser_when_the_candidate_has_no_language(client, sample_test):
    attempt = AttemptFactory(test=sample_test.test, candidate=CandidateFactory(language=""))

    russian = page(client, attempt, "ru-RU,ru;q=0.9,en;q=0.5")
    assert '<html lang="ru">' in russian and "Начать тест" in russian and "30 минут" in russian
    english = page(client, attempt, "en-GB")
    assert '<html lang="en">' in english and "Start the test" in english and "30 minutes" in english


def test_the_candidates_stored_language_wins_over_the_browser(client, sample_test):
    attempt = AttemptFactory(test=sample_test.test, candidate=CandidateFactory(language="ru"))

    assert "Перед началом" in page(client, attempt, "en")


def test_expiry_is_marked_for_the_browsers_time_zone_with_utc_as_the_fallback(client, sample_test):
    attempt = AttemptFactory(test=sample_test.test)
    iso = attempt.expires_at.isoformat()

    body = page(client, attempt, "en")

    assert f'<time data-local-time datetime="{iso}">{attempt.expires_at:%Y-%m-%d %H:%M} UTC</time>' in body


def test_the_switcher_stores_the_language_on_the_candidate(client, sample_test):
    attempt = AttemptFactory(test=sample_test.test, candidate=CandidateFactory(language="ru"))
    assert 'name="language" value="en"' in page(client, attempt, "ru")

    response = client.post(f"/t/{attempt.token}/language", {"language": "en"})

    assert response.status_code == 302 and response["Location"] == f"/t/{attempt.token}/"
    attempt.candidate.refresh_from_db()
    assert attempt.candidate.language == "en"
    assert "Start the test" in page(client, attempt, "ru")


@pytest.mark.parametrize(
    ("data", "headers"), [({"language": "de"}, {}), ({"language": "en"}, {"sec-fetch-site": "cross-site"})]
)
def test_an_unknown_language_or_a_cross_site_switch_changes_nothing(client, sample_test, data, headers):
    attempt = AttemptFactory(test=sample_test.test, candidate=CandidateFactory(language="ru"))

    client.post(f"/t/{attempt.token}/language", data, headers=headers)

    attempt.candidate.refresh_from_db()
    assert attempt.candidate.language == "ru"


def test_the_script_strings_are_served_in_the_pages_language_whatever_the_browsers(client):
    catalogue = client.get("/jsi18n/ru/", headers={"accept-language": "en"}).content.decode()

    assert (
        "\\u0421\\u043e\\u0445\\u0440\\u0430\\u043d\\u0435\\u043d\\u0438\\u0435" in catalogue
        or "Сохранение" in catalogue
    )
    assert client.get("/jsi18n/de/").status_code == 404


def test_a_russian_candidates_page_loads_the_russian_script_texts_in_an_english_browser(client, sample_test):
    attempt = AttemptFactory(test=sample_test.test, candidate=CandidateFactory(language="ru"))

    page = client.get(f"/t/{attempt.token}/", headers={"accept-language": "en"}).content.decode()

    assert '<script src="/jsi18n/ru/"></script>' in page


@pytest.mark.parametrize(
    ("language", "words"), [("ru", "Приглашаем вас пройти тест"), ("en", "You are invited")]
)
def test_the_invitation_is_sent_in_the_candidates_language(sample_test, language, words):
    candidate = CandidateFactory(language=language)

    services.attempt_invite(candidate=candidate, test=sample_test.test)

    assert Message.objects.get(candidate=candidate).text.startswith(words)
