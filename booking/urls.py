from django.urls import path

from booking import vacancy_views, views

app_name = "booking"

urlpatterns = [
    path("vacancy/<str:token>/", vacancy_views.vacancy_booking_page, name="vacancy"),
    path("<str:token>/", views.booking_page, name="page"),
]
