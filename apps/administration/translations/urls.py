from django.urls import path

from apps.administration.translations import views

urlpatterns = [
    path("", views.queue_index, name="translation-index"),
    path("coverage/", views.coverage, name="translation-coverage"),
    path("coverage.csv", views.coverage_csv, name="translation-coverage-csv"),
    path("<str:language>/", views.queue, name="translation-queue"),
    path("<str:language>/<str:kind>/<int:pk>/", views.editor, name="translation-edit"),
    path("<str:language>/<str:kind>/<int:pk>/save/", views.save, name="translation-save"),
    path("<str:language>/<str:kind>/<int:pk>/review/", views.review, name="translation-review"),
    path(
        "<str:language>/<str:kind>/<int:pk>/machine/",
        views.machine,
        name="translation-machine-item",
    ),
]
