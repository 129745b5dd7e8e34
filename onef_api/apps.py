import logging

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_delete, post_save
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
        from onef_api.models import ApiKey  # models cannot be imported before the registry is ready
        from onef_api.selectors import api_key_cache  # imports the models too

        # A key changed in this process (revoked, scopes edited, deleted) is not served from the cache.
        post_save.connect(api_key_cache.clear, sender=ApiKey, dispatch_uid="onef_api_key_cache_save")
        post_delete.connect(api_key_cache.clear, sender=ApiKey, dispatch_uid="onef_api_key_cache_delete")
        warn_if_open()
