from modeltranslation.translator import TranslationOptions, register

from apps.regions.models import TenantSettings


@register(TenantSettings)
class TenantSettingsTranslation(TranslationOptions):
    fields = ("display_name", "tagline", "contact_address")
