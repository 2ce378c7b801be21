from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from apps.regions.models import Region, TenantSettings
from apps.regions.services import tenant_settings_save


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "code", "postcodes"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


@admin.register(TenantSettings)
class TenantSettingsAdmin(TranslationAdmin):
    list_display = ["display_name", "region", "default_language"]
    autocomplete_fields = ["region"]

    def save_model(self, request, obj, form, change):
        tenant_settings_save(tenant=obj)
