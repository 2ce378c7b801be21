from django.urls import include, path

from apps.administration import views
from apps.administration.feedback_views import feedback

app_name = "administration"
urlpatterns = [
    path("", views.home, name="home"),
    path("content/", include("apps.administration.content_urls")),
    path("dashboard/", include("apps.administration.dashboard_urls")),
    path("feedback/", feedback, name="feedback"),
    path("moderation/", include("apps.administration.moderation_urls")),
    path("chatbot/unanswered/", include("apps.administration.chatbot_views")),
    path("translations/exchange/", include("apps.administration.translation_exchange_urls")),
    path("translations/", include("apps.administration.translation_urls")),
    path("translators/", include("apps.administration.translator_urls")),
    path("speech/", include("apps.administration.speech_views")),
]
