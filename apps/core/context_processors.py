from apps.core.languages import languages_enabled
from apps.regions.selectors import tenant_settings_current


def platform(request):
    """Values every page needs: the tenant (name, colours, contact) and the languages."""
    return {
        "tenant": tenant_settings_current(),
        "languages_enabled": languages_enabled(),
    }
