from django.contrib import admin

from apps.speech.models import AudioRendition


@admin.register(AudioRendition)
class AudioRenditionAdmin(admin.ModelAdmin):
    list_display = ("content_type", "object_id", "step", "language", "format", "backend",
                    "voice", "duration", "size", "checked_at")  # fmt: skip
    list_filter = ("language", "format", "backend")
    readonly_fields = [f.name for f in AudioRendition._meta.fields]

    def has_add_permission(self, request):
        return False
