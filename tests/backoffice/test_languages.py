"""The back-office in Russian: by the browser's language or the switcher, with localised dates."""

import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from backoffice.gdpr import candidate_export
from candidates import services
from candidates.models import HistoryEntry, HistoryKind
from candidates.screening.local import local_analyze
from messaging.services import message_send
from tests.factories import (
    AIAnalysisFactory,
    ApplicationFactory,
    CandidateFactory,
    TestFactory,
    VacancyFactory,
)
from tests_app.services import attempt_invite

pytestmark = pytest.mark.django_db


def test_a_russian_browser_gets_the_admin_in_russian(hr_client):
    body = hr_client.get(
        reverse("admin:index"), headers={"accept-language": "ru-RU,ru;q=0.9"}
    ).content.decode()

    assert '<html lang="ru"' in body
    assert "Выйти" in body
    assert 'value="en" lang="en" class="button" style="padding:2px 6px">English</button>' in body


def test_an_english_browser_gets_english_and_the_switcher_to_russian(hr_client):
    body = hr_client.get(reverse("admin:index"), headers={"accept-language": "en"}).content.decode()

    assert "Log out" in body
    assert 'value="ru" lang="ru"' in body and "Русский" in body


def test_the_switcher_keeps_russian_whatever_the_browser_asks(hr_client):
    response = hr_client.post(reverse("set_language"), {"language": "ru", "next": reverse("admin:index")})
    assert response.status_code == 302

    body = hr_client.get(reverse("admin:index"), headers={"accept-language": "en"}).content.decode()
    assert "Выйти" in body


def test_dates_in_the_candidate_list_follow_the_language(hr_client):
    candidate = CandidateFactory()
    with translation.override("ru"):
        russian_date = formats.date_format(timezone.localtime(candidate.created_at), "DATETIME_FORMAT")

    body = hr_client.get(
        reverse("admin:candidates_candidate_changelist"), headers={"accept-language": "ru"}
    ).content.decode()

    assert russian_date in body


def test_candidate_statuses_are_shown_in_russian(hr_client):
    CandidateFactory(status="test_assigned")

    body = hr_client.get(
        reverse("admin:candidates_candidate_changelist"), headers={"accept-language": "ru"}
    ).content.decode()
    assert "Назначен тест" in body


def test_the_russian_dashboard_keeps_decimal_points_in_its_chart_coordinates(hr_client):
    """Russian formats a decimal with a comma; SVG coordinates would break (bars drawn nowhere)."""
    for _ in range(3):
        ApplicationFactory()

    body = hr_client.get(reverse("admin:index"), headers={"accept-language": "ru"}).content.decode()

    assert "Воронка подбора" in body
    assert re.search(r'(x|y|width|height)="\d+\.\d+"', body)
    assert not re.search(r'(x|y|width|height)="-?\d+,\d+"', body)


def test_the_candidate_page_shows_the_local_analysis_in_russian(hr_client):
    vacancy = VacancyFactory(name="Бэкенд", requirements="Python, Kubernetes")
    application = ApplicationFactory(vacancy=vacancy)
    result = local_analyze(cv_text="Python developer.", vacancy=vacancy)
    candidate = application.candidate
    AIAnalysisFactory(
        candidate=candidate,
        application=application,
        rating=result.rating,
        comment=result.comment,
        breakdown=result.breakdown,
    )
    candidate.ai_comment = result.comment
    candidate.save()

    url = reverse("admin:candidates_candidate_change", args=[candidate.pk])
    russian = hr_client.get(url, headers={"accept-language": "ru"}).content.decode()
    english = hr_client.get(url, headers={"accept-language": "en"}).content.decode()

    assert russian.count("Не хватает: Kubernetes.") == 2  # the Hiring fieldset and the AI panel
    assert "Missing: Kubernetes." not in russian
    assert english.count("Missing: Kubernetes.") == 2


def test_the_history_reads_in_russian_and_in_english(hr_client, hr_user):
    candidate = CandidateFactory()
    ApplicationFactory(candidate=candidate, vacancy=VacancyFactory(name="QA"))
    services.candidate_status_change(candidate=candidate, status="interview", actor=hr_user)
    grade = services.grade_create(candidate=candidate, value=82, created_by=hr_user)
    services.grade_share(grade=grade, shared_by=hr_user)
    attempt_invite(candidate=candidate, test=TestFactory(title="Python"), notify=False, actor=hr_user)
    message_send(candidate=candidate, text="Hello", sent_by=hr_user)
    candidate_export(candidate=candidate, actor=hr_user)
    HistoryEntry.objects.create(
        candidate=candidate, kind=HistoryKind.LEGACY_NOTE, details={"text": "Something HR typed long ago"}
    )
    url = reverse("admin:candidates_candidate_change", args=[candidate.pk])

    def history(language: str) -> str:
        body = hr_client.get(url, headers={"accept-language": language}).content.decode()
        return body.split('id="history"')[1]

    russian, english = history("ru"), history("en")
    for ru, en in (
        ("Этап изменён: Новый → Собеседование", "Stage changed: New → Interview"),
        ("Добавлена оценка 82", "Added grade 82"),
        ("Оценка 82 передана в OneF", "Shared grade 82 with OneF"),
        ("Приглашён на тест «Python»", "Invited to the test “Python”"),
        ("Отправлено сообщение в Telegram", "Sent a Telegram message"),
        ("Выгружены персональные данные (JSON)", "Exported the personal data (JSON)"),
    ):
        assert ru in russian and en in english and en not in russian
    assert "Something HR typed long ago" in russian  # the former audit log's own words
