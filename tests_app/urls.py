from django.urls import path

from tests_app import mini_app, views
from tests_app.language import attempt_language

app_name = "tests_app"
urlpatterns = [
    path("<str:token>/", views.attempt_page, name="page"),
    path("<str:token>/start", views.attempt_start, name="start"),
    path("<str:token>/move", views.attempt_move, name="move"),
    path("<str:token>/answer", views.answer_save, name="answer"),
    path("<str:token>/heartbeat", views.heartbeat, name="heartbeat"),
    path("<str:token>/events", views.events_record, name="events"),
    path("<str:token>/submit", views.submit, name="submit"),
    path("<str:token>/language", attempt_language, name="language"),
    path("<str:token>/telegram", mini_app.telegram_bind, name="telegram"),
]
