import logging

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("onef_api")


def warn_if_open() -> bool:
    """Say loudly at start-up that the API answers without a key (the spec's v1.2 behaviour)."""
    if settings.ONEF_API_AUTH != "off":
        return False
    logger.warning(
        "ONEF_API_AUTH=off: the OneF API at /api/onef/ answers WITHOUT an API key. "
        "Only the rate limit protects it; set ONEF_API_AUTH=required in production."
    )
    return True


class OnefApiConfig(AppConfig):
    name = "onef_api"
    verbose_name = _("OneF API")

    def ready(self) -> None:
        warn_if_open()
