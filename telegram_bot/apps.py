from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TelegramBotConfig(AppConfig):
    name = "telegram_bot"
    verbose_name = _("Telegram bot")

    def ready(self) -> None:
        # The bot's buttons and commands of the apps below (until the dialog imports them directly).
        from hr_notifications.services import hr_telegram_link_command
        from interviews import bot
        from interviews.messages import CALLBACK_PREFIX
        from telegram_bot.extensions import register_callback, register_command

        register_callback(CALLBACK_PREFIX, bot.on_answer)
        register_command("hr", hr_telegram_link_command)
