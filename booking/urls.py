from django.urls import path

from booking import views

app_name = "booking"

urlpatterns = [
    path("<str:token>/", views.booking_page, name="page"),
]
