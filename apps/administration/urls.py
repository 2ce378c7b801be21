from django.urls import include, path

from apps.administration import views
from apps.administration.feedback_views import feedback

app_name = "administration"
urlpatterns = [
    path("", views.home, name="home"),
    path("content/", include("apps.administration.content_urls")),
    path("dashboard/", include("apps.administration.dashboard_urls")),
    path("feedback/", feedback, name="feedback"),
    path("translations/", include("apps.administration.translation_urls")),
]
