from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy from settings.MICADO_CSP on every response.

    Django 5.2 has no CSP support of its own (it arrives in 6.0); the policy is one
    header, so it does not need a dependency.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.MICADO_CSP and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = settings.MICADO_CSP
        return response


class AcceptLanguageAliasMiddleware:
    """Map browser language tags that mean one of our languages (fa-AF means Dari).

    Runs before LocaleMiddleware, so a first visit follows the browser's language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.aliases = {k.lower(): v for k, v in settings.MICADO_LANGUAGE_ALIASES.items()}

    def __call__(self, request):
        header = request.META.get("HTTP_ACCEPT_LANGUAGE")
        if header and self.aliases:
            parts = []
            for item in header.split(","):
                tag, sep, rest = item.strip().partition(";")
                alias = self.aliases.get(tag.strip().lower())
                parts.append(f"{alias}{sep}{rest}" if alias else item.strip())
            request.META["HTTP_ACCEPT_LANGUAGE"] = ",".join(parts)
        return self.get_response(request)
