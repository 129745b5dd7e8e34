from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TestsAppConfig(AppConfig):
    name = "tests_app"
    verbose_name = _("Technical tests")
