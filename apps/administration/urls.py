from django.urls import include, path

from apps.administration import views
from apps.administration.feedback.views import feedback

app_name = "administration"
urlpatterns = [
    path("", views.home, name="home"),
    path("content/", include("apps.administration.content.urls")),
    path("dashboard/", include("apps.administration.dashboard.urls")),
    path("feedback/", feedback, name="feedback"),
    path("moderation/", include("apps.administration.moderation.urls")),
    path("chatbot/unanswered/", include("apps.administration.chatbot.views")),
    path("translations/exchange/", include("apps.administration.translations.exchange_urls")),
    path("translations/", include("apps.administration.translations.urls")),
    path("translators/", include("apps.administration.translations.translator_urls")),
    path("speech/", include("apps.administration.speech.views")),
]
