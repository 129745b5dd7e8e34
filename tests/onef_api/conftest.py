import pytest
from rest_framework.test import APIClient

from onef_api.selectors import api_key_cache
from onef_api.services import api_key_create


@pytest.fixture(autouse=True)
def _api_settings(settings):
    """Keys required (the default) and a budget no functional test reaches; rate tests lower it."""
    settings.ONEF_API_AUTH = "required"
    settings.INTEGRATION_RPS = 100_000
    # Query counts must not depend on how long a test takes: keys stay cached (changes made in
    # this process clear the cache anyway; test_api_key_cache drives the expiry with a clock).
    settings.ONEF_API_KEY_CACHE_SECONDS = 300


@pytest.fixture
def raw_key(db) -> str:
    return api_key_create(name="OneF test")[1]


@pytest.fixture
def api(raw_key) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw_key}")
    return client


def url(path: str) -> str:
    return f"/api/onef/{path}"


@pytest.fixture(autouse=True)
def _fresh_api_key_cache():
    """Each test starts with no key remembered from another test's (rolled back) database."""
    api_key_cache.clear()
    yield
    api_key_cache.clear()
