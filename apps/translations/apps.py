from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    name = "apps.translations"
    label = "translations"
    verbose_name = _("Translations")

    def ready(self) -> None:
        # Content announces changes of source texts; it never imports this app.
        from apps.content.signals import source_text_changed
        from apps.translations import tasks  # noqa: F401  (registers the tasks queued by name)
        from apps.translations.receivers import on_source_text_changed

        source_text_changed.connect(
            on_source_text_changed, dispatch_uid="translations.source_text_changed"
        )
        # Deleting an item, step or link (also by cascade) forgets its states.
        from django.db.models.signals import post_delete

        from apps.content.fields import CONTENT_MODELS
        from apps.content.models import OrganisationProfile, Step, StepLink
        from apps.translations.receivers import on_deleted

        for model in (*CONTENT_MODELS.values(), Step, StepLink, OrganisationProfile):
            post_delete.connect(
                on_deleted, sender=model, dispatch_uid=f"translations.deleted.{model.__name__}"
            )
