from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaxBotConfig(AppConfig):
    name = "max_bot"
    verbose_name = _("MAX bot")

    def ready(self) -> None:
        # The dialog (bot_dialog) talks through MAX too, and in webhook mode the Celery workers handle
        # the MAX inbox, each chat in order (messaging.inbox).
        from bot_dialog.channels import dialog_channel_register
        from max_bot import receivers  # noqa: F401  (connects them)
        from max_bot.channel import MAX, max_dialog_channel
        from max_bot.inbox import MAX_ROWS, handle_stored_update, max_webhook_mode
        from messaging.inbox import InboxSource, inbox_source_register
        from messaging.max_transport import MaxTransport
        from messaging.transports import transport_register

        dialog_channel_register(max_dialog_channel())
        transport_register(MaxTransport())  # HR's replies and notifications to MAX dialogs
        inbox_source_register(
            InboxSource(channel=MAX, rows=MAX_ROWS, handle=handle_stored_update, active=max_webhook_mode)
        )
