from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.core.health import platform_health
from apps.regions.selectors import tenant_settings_current


@never_cache
@require_GET
def healthz(request):
    """JSON state of database, cache, broker and worker; 503 only if the database is down."""
    overall, components = platform_health()
    status = 503 if overall == "down" else 200
    return JsonResponse({"status": overall, "components": components}, status=status)


@require_GET
def theme_css(request):
    """The tenant's colours as CSS custom properties (a file, so no inline style is needed)."""
    tenant = tenant_settings_current()
    primary = tenant.primary_colour if tenant else "#005ea5"
    accent = tenant.accent_colour if tenant else "#b35900"
    body = f":root{{--primary:{primary};--accent:{accent};}}\n"
    response = HttpResponse(body, content_type="text/css; charset=utf-8")
    patch_cache_control(response, public=True, max_age=300)
    return response
