from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = "Messages"

    def ready(self) -> None:
        from messaging import receivers  # noqa: F401  (connects the signal receivers)
