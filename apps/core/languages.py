"""The languages a deployment shows, with their native names and direction."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language_info


@dataclass(frozen=True)
class Language:
    code: str
    name_local: str
    bidi: bool

    @property
    def direction(self) -> str:
        return "rtl" if self.bidi else "ltr"


def languages_enabled() -> list[Language]:
    result = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        result.append(Language(code=code, name_local=info["name_local"], bidi=info["bidi"]))
    return result


def language_codes_enabled() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]
