"""Thin admin for the city's IT: browse and inspect. Content is written in the PA app,
which goes through services (permissions, revisions, locking); so items are read-only here."""

from django.contrib import admin

from apps.content import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.Topic, models.UserType)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "external_source", "external_id"]
    search_fields = ["name"]


@admin.register(
    models.Process,
    models.DocumentType,
    models.GlossaryTerm,
    models.Information,
    models.Event,
    models.Course,
    models.Office,
    models.Comment,
)
class ContentItemAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "region", "organisation", "version", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["region", "organisation"]


@admin.register(models.Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["content_type", "object_id", "number", "action", "author", "created_at"]
    list_select_related = ["content_type", "author"]
