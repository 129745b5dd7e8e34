"""The back-office in Russian without raw labels: django-otp's app and model under Russian names,
titles that decline right, and "My recent actions" from the user's own history."""

import pytest
from django.urls import reverse

from backoffice.models import AuthenticatorDevice
from backoffice.preferences import user_language_set
from candidates import services
from tests.factories import CandidateFactory, UserFactory, VacancyFactory

pytestmark = pytest.mark.django_db

RU_REVIEW_QUEUE = "Попытки, ожидающие проверки"


@pytest.fixture
def ru_superuser_client(client, settings):
    settings.ADMIN_REQUIRE_2FA = False
    user = UserFactory(username="boss", is_staff=True, is_superuser=True)
    user_language_set(user=user, language="ru")
    client.force_login(user)
    client.user = user
    return client


def test_the_sidebar_names_two_factor_devices_in_russian(ru_superuser_client):
    body = ru_superuser_client.get(reverse("admin:index")).content.decode()

    assert "Приложения-аутентификаторы" in body
    for raw in ("OTP_TOTP", "TOTP devices", "TOTP device", "Otp_Totp"):
        assert raw not in body


def test_the_authenticator_apps_list_opens_under_its_russian_name(ru_superuser_client):
    AuthenticatorDevice.objects.create(user=UserFactory(is_staff=True), name="phone", confirmed=True)

    response = ru_superuser_client.get(reverse("admin:backoffice_authenticatordevice_changelist"))

    assert response.status_code == 200
    assert "<h1>Приложения-аутентификаторы</h1>" in response.content.decode()


def test_candidate_pages_have_grammatical_titles(ru_superuser_client):
    candidate = CandidateFactory(name="Иван", surname="Петров")

    change = ru_superuser_client.get(reverse("admin:candidates_candidate_change", args=[candidate.pk]))
    add = ru_superuser_client.get(reverse("admin:candidates_candidate_add"))
    listing = ru_superuser_client.get(reverse("admin:candidates_candidate_changelist"))

    assert "<h1>Кандидат: Иван Петров</h1>" in change.content.decode()
    assert "<h2>Редактирование</h2>" in change.content.decode()
    assert "<h1>Добавление: кандидат</h1>" in add.content.decode()
    assert "<h1>Кандидаты</h1>" in listing.content.decode()
    for response in (change, add, listing):
        body = response.content.decode()
        assert "Изменить кандидат<" not in body and "Выберите кандидат" not in body


def test_a_page_that_sets_its_own_title_keeps_it(ru_superuser_client):
    response = ru_superuser_client.get(reverse("admin:tests_app_attemptforreview_changelist"))

    assert response.status_code == 200
    assert f"<h1>{RU_REVIEW_QUEUE}</h1>" in response.content.decode()


def test_my_recent_actions_list_the_users_own_history_not_none_available(ru_superuser_client):
    candidate = CandidateFactory(name="Мария", surname="Смирнова")
    application = services.application_create(
        candidate=candidate, vacancy=VacancyFactory(name="Аналитик"), source="careers"
    )
    services.application_status_change(
        application=application, status="reviewing", actor=ru_superuser_client.user, actor_label=""
    )
    other = CandidateFactory(name="Чужой", surname="Кандидат")
    services.application_status_change(
        application=services.application_create(candidate=other, vacancy=VacancyFactory(), source="careers"),
        status="reviewing",
        actor=UserFactory(),
        actor_label="",
    )

    body = ru_superuser_client.get(reverse("admin:index")).content.decode()

    assert "Мои последние действия" in body and "Недоступно" not in body
    assert "Мария Смирнова" in body and "Аналитик" in body
    assert "Чужой Кандидат" not in body.split('id="my-recent-actions"')[1]
