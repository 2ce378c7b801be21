from django.urls import path

from apps.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.home, name="home"),
]
