from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from apps.core import views as core_views
from apps.migrants.offline import views as offline_views
from apps.migrants.pages import audio as audio_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("theme.css", core_views.theme_css, name="theme-css"),
    path("sw.js", offline_views.service_worker, name="service-worker"),
    path("api/", include("apps.api.urls")),
    path("media/speech/<path:path>", audio_views.audio_file, name="speech-audio"),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("pa/", include("apps.administration.urls")),
    path("ngo/", include("apps.organisations.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("apps.migrants.urls")),
    prefix_default_language=True,
)

admin.site.site_header = settings.MICADO_SITE_NAME
admin.site.site_title = settings.MICADO_SITE_NAME
