from django.urls import path

from apps.administration.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("atlas/", views.atlas, name="atlas"),
    path("indicators/<slug:code>/", views.indicator_detail, name="indicator"),
    path("data/<slug:code>.<str:fmt>", views.download, name="download"),
    path("index/", views.index, name="index"),
    path("allocation/", views.allocation, name="allocation"),
    path("allocation.csv", views.allocation_csv, name="allocation-csv"),
    path("imports/", views.imports, name="imports"),
    path("imports/<int:pk>/", views.import_detail, name="import"),
    path("published/", views.published, name="published"),
    path("published/<int:pk>/delete/", views.published_delete, name="published-delete"),
]
