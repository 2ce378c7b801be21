"""The PA app's editing parts, for the NGO app to reuse (not copy).

ItemForm (texts per language, other fields in the source language, version for
optimistic locking), the stale-version conflict panel, the mapping of service
errors onto a form and the choices of a content form. Revisions, sanitising and
mentions happen in the content services these forms feed.
"""

from apps.administration.content.forms import ItemForm, LanguageListField, RejectForm
from apps.administration.content.views import _errors_to_form as errors_to_form
from apps.administration.content.views import _form_choices as form_choices
from apps.administration.content.views import _languages as languages
from apps.administration.content.views import _stale_context as stale_context

__all__ = [
    "ItemForm",
    "LanguageListField",
    "RejectForm",
    "errors_to_form",
    "form_choices",
    "languages",
    "stale_context",
]
