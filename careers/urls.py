from django.urls import path

from careers import email_views, views

app_name = "careers"

urlpatterns = [
    path("", views.vacancy_list, name="list"),
    path("<int:vacancy_id>/", views.vacancy_detail, name="detail"),
    path("<int:vacancy_id>/apply/", views.vacancy_apply, name="apply"),
    path("<int:vacancy_id>/applied/", views.vacancy_applied, name="applied"),
    path("unsubscribe/<str:token>/", email_views.email_unsubscribe, name="unsubscribe"),
    path("email/inbound/", email_views.email_inbound_webhook, name="email_inbound"),
]
