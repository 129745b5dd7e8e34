from django.urls import path

from job_boards.views import hh_webhook

urlpatterns = [
    path("webhook/<str:secret>/", hh_webhook, name="hh-webhook"),
]
