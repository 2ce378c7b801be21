from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportersConfig(AppConfig):
    """Importers of content from other systems; nothing else imports this app."""

    name = "apps.importers"
    label = "importers"
    verbose_name = _("Importers")
