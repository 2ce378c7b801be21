"""The PA app's editing parts, for the NGO app to reuse (not copy).

ItemForm (texts per language, other fields in the source language, version for
optimistic locking), the stale-version conflict panel, the mapping of service
errors onto a form and the choices of a content form. Revisions, sanitising and
mentions happen in the content services these forms feed.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy

from apps.administration.content import display
from apps.administration.content.forms import ItemForm, LanguageListField, RejectForm
from apps.content import selectors
from apps.content.models import ContentItem, CounsellingOffer, Course, Event, Topic
from apps.content.services import StaleVersionError
from apps.core.service_calls import errors_to_form  # the role apps' form helper, in __all__
from apps.regions.selectors import region_ancestor_ids

__all__ = [
    "ItemForm",
    "LanguageListField",
    "RejectForm",
    "errors_to_form",
    "form_choices",
    "labelled",
    "languages",
    "stale_context",
]


def languages() -> list[tuple[str, str]]:
    return [(code, str(gettext_lazy(name))) for code, name in settings.LANGUAGES]


def form_choices(model: type, region, user=None) -> dict[str, list[tuple[int, str]]]:
    """Choices of a form; topics and user types: those an item of `region` may use."""
    choices: dict[str, list[tuple[int, str]]] = {}
    if issubclass(model, ContentItem):
        region_ids = region_ancestor_ids(region)  # once for both selects
        choices["topics"] = selectors.topic_choices(region_ids=region_ids)
        choices["user_types"] = selectors.user_type_choices(region_ids=region_ids)
        if model in (Event, Course, CounsellingOffer):
            choices["office"] = selectors.attachable_office_choices(region)
    if model is Topic:
        choices["parent"] = selectors.topic_choices(user=user)
    return choices


def labelled(model, changes: list[dict]) -> list[dict]:
    """Revision changes with the label of each field."""
    return [{**change, "label": display.change_label(model, change["field"])} for change in changes]


def stale_context(exc: StaleVersionError) -> dict:
    """The conflict panel's context: the newer version and (up to 50) changes in it."""
    return {"conflict": exc, "conflict_changes": labelled(type(exc.item), exc.changes[:50])}
