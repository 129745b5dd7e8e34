from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _handle_update(payload: dict) -> None:
    # Imported when a worker handles its first update: the web processes never load the PTB Application.
    from telegram_bot.webhook.handling import handle_update

    handle_update(payload)


class TelegramBotConfig(AppConfig):
    name = "telegram_bot"
    verbose_name = _("Telegram bot")

    def ready(self) -> None:
        # Webhook mode: the Celery workers handle the inbox's Telegram updates with the bot's handlers.
        from messaging.inbox import InboxSource, inbox_source_register
        from messaging.telegram_inbox import TELEGRAM, TELEGRAM_ROWS, telegram_webhook_mode

        inbox_source_register(
            InboxSource(
                channel=TELEGRAM, rows=TELEGRAM_ROWS, handle=_handle_update, active=telegram_webhook_mode
            )
        )
