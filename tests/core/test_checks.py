from django.test import override_settings

from core.checks import csrf_protection_is_on


def test_csrf_check_accepts_the_browser_middleware_wrapper():
    assert csrf_protection_is_on(None) == []


def test_csrf_check_warns_when_no_csrf_middleware_is_installed():
    with override_settings(MIDDLEWARE=["django.middleware.security.SecurityMiddleware"]):
        warnings = csrf_protection_is_on(None)
    assert [warning.id for warning in warnings] == ["recruitment.W003"]
