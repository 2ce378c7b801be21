"""URLs of the translation exchange and machine translation screens, under
/pa/translations/exchange/."""

from django.urls import path

from apps.administration.translations import exchange_views as views

urlpatterns = [
    path("export/", views.export_view, name="translation-export"),
    path("import/", views.import_view, name="translation-import"),
    path("import/confirm/", views.import_confirm, name="translation-import-confirm"),
    path("machine/", views.machine_view, name="translation-machine"),
    path("machine/jobs/", views.job_list_view, name="translation-jobs"),
]
