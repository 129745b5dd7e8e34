from django.apps import AppConfig


class OnefApiConfig(AppConfig):
    name = "onef_api"
    verbose_name = "OneF API"
