import pytest
from django.utils import timezone

from job_boards.hh.tokens import token_encrypt
from job_boards.models import ConnectionState, HHConnection, HHVacancy
from tests.factories import VacancyFactory
from tests.fake_hh import CLIENT_ID, CLIENT_SECRET, ME, FakeHH, start_server

WEBHOOK_SECRET = "test-webhook-secret-0123456789"


@pytest.fixture
def fake_hh():
    """The fake hh.ru (tests/fake_hh.py), serving both the OAuth host and the API for this test."""
    fake = FakeHH()
    server = start_server(fake)
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def hh_settings(settings, fake_hh, local_cache):
    settings.HH_ENABLED = True
    settings.HH_CLIENT_ID, settings.HH_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.HH_API_URL = settings.HH_OAUTH_URL = fake_hh.base_url
    settings.HH_USER_AGENT = "RecruitmentTests/1.0 (hr@example.com)"
    settings.HH_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.HH_REDIRECT_URL = "http://testserver/admin/hh/callback/"
    return settings


@pytest.fixture
def hh_connected(hh_settings, fake_hh, db) -> HHConnection:
    """A connection with tokens the fake accepts."""
    tokens = fake_hh.issue_tokens()
    connection, _ = HHConnection.objects.update_or_create(
        pk=1,
        defaults={
            "state": ConnectionState.CONNECTED,
            "employer_id": ME["employer"]["id"],
            "employer_name": ME["employer"]["name"],
            "access_token": token_encrypt(tokens["access_token"]),
            "refresh_token": token_encrypt(tokens["refresh_token"]),
            "expires_at": timezone.now() + timezone.timedelta(days=14),
        },
    )
    return connection


@pytest.fixture
def hh_link(hh_connected, fake_hh) -> HHVacancy:
    hh_id = fake_hh.add_vacancy("Python developer")
    return HHVacancy.objects.create(vacancy=VacancyFactory(name="Python developer"), hh_vacancy_id=hh_id)
