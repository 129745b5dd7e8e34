from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TestsAppConfig(AppConfig):
    name = "tests_app"
    verbose_name = _("Technical tests")

    def ready(self) -> None:
        from messaging.templating import register_context_provider  # needs the app registry
        from tests_app.template_context import test_url_context

        register_context_provider(test_url_context)
