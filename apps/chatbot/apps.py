from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatbotConfig(AppConfig):
    name = "apps.chatbot"
    verbose_name = _("Chatbot")
    default_auto_field = "django.db.models.BigAutoField"
