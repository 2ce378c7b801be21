from django.apps import AppConfig
from django.conf.locale import LANG_INFO


class CoreConfig(AppConfig):
    """Platform plumbing every app uses: languages, health, layout, security headers."""

    name = "apps.core"
    label = "core"

    def ready(self) -> None:
        # Django ships no Dari; teach it the language's name and direction.
        LANG_INFO.setdefault(
            "prs", {"bidi": True, "code": "prs", "name": "Dari", "name_local": "دری"}
        )
