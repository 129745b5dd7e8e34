from django.urls import path

from careers import views

app_name = "careers"

urlpatterns = [
    path("", views.vacancy_list, name="list"),
    path("<int:vacancy_id>/", views.vacancy_detail, name="detail"),
    path("<int:vacancy_id>/apply/", views.vacancy_apply, name="apply"),
    path("<int:vacancy_id>/applied/", views.vacancy_applied, name="applied"),
]
