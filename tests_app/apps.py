from django.apps import AppConfig


class TestsAppConfig(AppConfig):
    name = "tests_app"
    verbose_name = "Technical tests"
