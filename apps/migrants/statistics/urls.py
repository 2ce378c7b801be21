from django.urls import path

from apps.migrants.statistics import views as statistics_views

# Included from apps/migrants/urls.py, so the names live in the "migrants" namespace.
urlpatterns = [
    path("", statistics_views.statistics, name="statistics"),
    path("<int:pk>.<str:fmt>", statistics_views.statistics_download, name="statistics-download"),
]
