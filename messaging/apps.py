from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Messages")

    def ready(self) -> None:
        from messaging import receivers  # noqa: F401  (connects the signal receivers)
        from messaging.email_transport import EmailTransport
        from messaging.telegram_transport import TelegramTransport
        from messaging.transports import transport_register

        transport_register(TelegramTransport())
        transport_register(EmailTransport())
