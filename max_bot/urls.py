from django.urls import re_path

from max_bot.views import max_webhook

urlpatterns = [re_path(r"^webhook/?$", max_webhook, name="max-webhook")]
