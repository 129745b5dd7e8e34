from django.urls import re_path

from telegram_bot.webhook.views import telegram_webhook

# With or without the trailing slash: TELEGRAM_WEBHOOK_URL may be written either way.
urlpatterns = [re_path(r"^webhook/?$", telegram_webhook, name="telegram-webhook")]
