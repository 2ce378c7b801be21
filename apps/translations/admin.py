"""Read-only: translation states change through services (the translation workflow and
imports), never by hand in the admin."""

from django.contrib import admin

from apps.translations.models import TranslationState


@admin.register(TranslationState)
class TranslationStateAdmin(admin.ModelAdmin):
    list_display = ["content_type", "object_id", "language", "state", "updated_at", "updated_by"]
    list_filter = ["state", "language", "content_type"]
    list_select_related = ["content_type", "updated_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
