from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    name = "apps.translations"
    label = "translations"
    verbose_name = _("Translations")

    def ready(self) -> None:
        # Content announces changes of source texts; it never imports this app.
        from apps.content.signals import source_text_changed
        from apps.translations.receivers import on_source_text_changed

        source_text_changed.connect(
            on_source_text_changed, dispatch_uid="translations.source_text_changed"
        )
