from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpeechConfig(AppConfig):
    name = "apps.speech"
    label = "speech"
    verbose_name = _("Speech")

    def ready(self) -> None:
        # Content announces publications and every written revision; it never imports
        # this app (apps/content/signals.py).
        from apps.content.signals import item_published, revision_written
        from apps.speech import tasks  # noqa: F401  (registers the tasks services queue by name)
        from apps.speech.receivers import on_item_published, on_revision_written

        item_published.connect(on_item_published, dispatch_uid="speech.item_published")
        revision_written.connect(on_revision_written, dispatch_uid="speech.revision_written")
