from django.urls import include, path

from apps.migrants import views

app_name = "migrants"
urlpatterns = [
    path("", views.home, name="home"),
    path("statistics/", include("apps.migrants.statistics_urls")),
]
