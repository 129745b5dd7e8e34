"""The admin login allows ADMIN_LOGIN_RATE failed attempts per IP, then answers 429."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("admin:login")


@pytest.fixture
def locmem_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.ADMIN_LOGIN_RATE = "3/m"
    cache.clear()
    yield
    cache.clear()


def login(client, password: str, ip: str = "10.0.0.1"):
    return client.post(URL, {"username": "hr", "password": password}, REMOTE_ADDR=ip)


def test_failed_logins_beyond_the_rate_are_refused_even_with_the_right_password(client, locmem_cache):
    UserFactory(username="hr", is_staff=True)
    for _ in range(3):
        assert login(client, "wrong").status_code == 200
    refused = login(client, "password")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "Too many failed logins" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_another_ip_is_not_affected(client, locmem_cache):
    UserFactory(username="hr", is_staff=True)
    for _ in range(3):
        login(client, "wrong", ip="10.0.0.2")
    assert login(client, "wrong", ip="10.0.0.2").status_code == 429
    assert login(client, "password", ip="10.0.0.3").status_code == 302


def test_successful_logins_do_not_count(client, locmem_cache):
    UserFactory(username="hr", is_staff=True)
    for _ in range(5):
        assert login(client, "password").status_code == 302
        client.logout()
    assert login(client, "wrong").status_code == 200


def test_a_non_staff_user_with_a_valid_password_counts_as_a_failure(client, locmem_cache):
    UserFactory(username="hr", is_staff=False)
    for _ in range(3):
        assert login(client, "password").status_code == 200
    assert login(client, "password").status_code == 429


def test_a_broken_cache_leaves_the_login_open(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    settings.ADMIN_LOGIN_RATE = "1/m"
    UserFactory(username="hr", is_staff=True)
    for _ in range(3):
        assert login(client, "wrong").status_code == 200
    assert login(client, "password").status_code == 302


def test_the_limit_is_shared_through_redis(client, settings, redis_url):
    settings.ADMIN_LOGIN_RATE = "2/m"
    cache.clear()
    UserFactory(username="hr", is_staff=True)
    login(client, "wrong", ip="10.9.9.9")
    login(client, "wrong", ip="10.9.9.9")
    assert login(client, "password", ip="10.9.9.9").status_code == 429
    cache.clear()
