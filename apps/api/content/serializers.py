"""Serializers for content: public (one language, says which was served) and editor
(all languages, version for optimistic locking). They only format and parse;
validation of content and every write happen in apps.content.services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.content import mentions, selectors
from apps.content.fields import (
    COMMON_FIELDS,
    EDITABLE_FIELDS,
    TRANSLATED_FIELDS,
    column,
    editable_fields,
    language_codes,
    rich_fields,
)
from apps.content.models import (
    Comment,
    ContentItem,
    CounsellingOffer,
    Course,
    DocumentType,
    Event,
    GlossaryTerm,
    Information,
    Office,
    Process,
    RevisionAction,
    Step,
    StepLink,
    Topic,
    UserType,
)
from apps.content.selectors import served_language
from apps.translations import publication


def _text(obj, field: str, language: str, fallback: str) -> str:
    return (
        getattr(obj, column(field, language), None)
        or getattr(obj, column(field, fallback), None)
        or ""
    )


def _render(obj, field: str, language: str, fallback: str, context: dict) -> str:
    value = _text(obj, field, language, fallback)
    if field in rich_fields(type(obj)):
        return mentions.render_mentions(value, context.get("mention_targets", {}))
    return value


class OrganisationBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()


class TopicSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()

    class Meta:
        model = Topic
        fields = ["id", "name", "description", "icon", "parent", "position"]

    def _lang(self) -> str:
        return self.context["language"]

    def get_name(self, obj) -> str:
        return _text(obj, "name", self._lang(), settings.LANGUAGE_CODE)

    def get_description(self, obj) -> str:
        return _text(obj, "description", self._lang(), settings.LANGUAGE_CODE)


class UserTypeSerializer(TopicSerializer):
    class Meta:
        model = UserType
        fields = ["id", "name", "description", "icon", "position"]


class PublicItemSerializer(serializers.ModelSerializer):
    """Common part: the served language, whether it is a fallback, owner and tags."""

    language = serializers.SerializerMethodField(help_text=_("The language actually served."))
    fallback = serializers.SerializerMethodField(
        help_text=_("True if the requested language was missing and another one is shown.")
    )
    translation_state = serializers.SerializerMethodField(
        help_text=_(
            "The translation state of the text served: source, translated, reviewed, "
            "machine (machine translated, not checked), outdated (the original changed "
            "since), untracked (written outside the translation workflow), or the state "
            "of the requested language when a fallback is served."
        )
    )
    translation_notice = serializers.SerializerMethodField(
        help_text=_("A notice to show with the text: machine, outdated, or empty.")
    )
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    organisation = OrganisationBriefSerializer(read_only=True)
    topics = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    user_types = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    COMMON = [
        "id",
        "language",
        "fallback",
        "translation_state",
        "translation_notice",
        "source_language",
        "region",
        "organisation",
        "topics",
        "user_types",
        "published_at",
        "updated_at",
    ]

    def _served(self, obj) -> publication.Served:
        """How `obj` is served; the states of every item the response shows are read
        at once (one query per model)."""
        cache = self.context.setdefault("_served", {})
        key = (type(obj), obj.pk)
        if key not in cache:
            root = self.root.instance
            many = isinstance(root, list | tuple | QuerySet)
            objects = [o for o in (list(root) if many else [root]) if isinstance(o, type(obj))]
            if obj not in objects:
                objects.append(obj)
            cache.update(publication.serve_all(objects, self.context["language"]))
        return cache[key]

    def get_language(self, obj) -> str:
        return self._served(obj).language

    def get_fallback(self, obj) -> bool:
        return self._served(obj).fallback

    def get_translation_state(self, obj) -> str:
        return self._served(obj).state

    def get_translation_notice(self, obj) -> str:
        return self._served(obj).notice

    def to_representation(self, obj):
        data = super().to_representation(obj)
        language = self._served(obj).language
        for field in TRANSLATED_FIELDS[type(obj)]:
            if field in data:
                data[field] = _render(obj, field, language, obj.source_language, self.context)
        return data


def _public_serializer(model: type[ContentItem], extra: list[str]) -> type[PublicItemSerializer]:
    translated = {f: serializers.CharField(read_only=True) for f in TRANSLATED_FIELDS[model]}
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": [*PublicItemSerializer.COMMON, *TRANSLATED_FIELDS[model], *extra],
        },
    )
    return type(
        f"{model.__name__}PublicSerializer", (PublicItemSerializer,), {**translated, "Meta": meta}
    )


class OfficeBriefSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = Office
        fields = ["id", "name", "address", "postcode", "city", "latitude", "longitude"]

    def get_name(self, obj) -> str:
        return _text(obj, "name", self.context["language"], obj.source_language)


OfficePublicSerializer = _public_serializer(
    Office,
    [
        "address",
        "postcode",
        "city",
        "latitude",
        "longitude",
        "is_counselling",
        "phone",
        "email",
        "website",
    ],
)
GlossaryTermPublicSerializer = _public_serializer(GlossaryTerm, [])
# Information, events and courses show every editable field publicly (the registry's list).
InformationPublicSerializer = _public_serializer(Information, list(EDITABLE_FIELDS[Information]))
_EventBase = _public_serializer(Event, list(EDITABLE_FIELDS[Event]))
_CourseBase = _public_serializer(Course, list(EDITABLE_FIELDS[Course]))


class EventPublicSerializer(_EventBase):
    office = OfficeBriefSerializer(read_only=True)


class CoursePublicSerializer(_CourseBase):
    office = OfficeBriefSerializer(read_only=True)


_CounsellingBase = _public_serializer(
    CounsellingOffer, ["kind", "languages", "office", "phone", "email", "link"]
)


class CounsellingOfferPublicSerializer(_CounsellingBase):
    office = OfficeBriefSerializer(read_only=True)


class DocumentImageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    image = serializers.ImageField()
    caption = serializers.SerializerMethodField()

    def get_caption(self, obj) -> str:
        """The caption in the requested language, else in the document type's source language."""
        source = obj.document_type.source_language
        return _text(obj, "caption", self.context.get("language") or source, source)


class DocumentTypePublicSerializer(
    _public_serializer(DocumentType, ["validity_days", "icon", "images"])
):
    images = DocumentImageSerializer(many=True, read_only=True)


CommentPublicSerializer = _public_serializer(Comment, ["process"])
ProcessPublicSerializer = _public_serializer(Process, ["link"])


class _NestedTextMixin:
    def _lang(self) -> tuple[str, str]:
        return self.context["_process_language"], self.context["_process_source"]


def _step_fields() -> list[str]:
    """A step's fields in the API: its translated texts come from the registry."""
    return [
        "id",
        "position",
        "continues",
        *TRANSLATED_FIELDS[Step],
        "link",
        "office",
        "required_documents",
        "produced_documents",
    ]


def _with_texts(base: type, model: type, make_field, *, name: str) -> type:
    """`base` with one declared field per translated field of `model` (the registry's)."""
    return type(name, (base,), {f: make_field() for f in TRANSLATED_FIELDS[model]})


class _StepPublicBase(_NestedTextMixin, serializers.ModelSerializer):
    office = OfficeBriefSerializer(read_only=True)
    required_documents = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    produced_documents = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Step
        fields = _step_fields()

    def to_representation(self, obj):
        data = super().to_representation(obj)
        lang, source = self._lang()
        for field in TRANSLATED_FIELDS[Step]:
            data[field] = _render(obj, field, lang, source, self.context)
        return data


StepPublicSerializer = _with_texts(
    _StepPublicBase,
    Step,
    lambda: serializers.CharField(read_only=True),
    name="StepPublicSerializer",
)


class StepLinkPublicSerializer(_NestedTextMixin, serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = StepLink
        fields = ["id", "from_step", "to_step", "label"]

    def to_representation(self, obj):
        data = super().to_representation(obj)
        lang, source = self._lang()
        data["label"] = _text(obj, "label", lang, source)
        return data


class ProcessCommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    organisation = OrganisationBriefSerializer()


class ProcessDetailPublicSerializer(ProcessPublicSerializer):
    steps = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()
    comments = serializers.SerializerMethodField()

    class Meta(ProcessPublicSerializer.Meta):
        fields = [*ProcessPublicSerializer.Meta.fields, "steps", "links", "comments"]

    def _nested_context(self, obj) -> dict:
        language = self._served(obj).language
        return {
            **self.context,
            "_process_language": language,
            "_process_source": obj.source_language,
        }

    @extend_schema_field(StepPublicSerializer(many=True))
    def get_steps(self, obj) -> list:
        return StepPublicSerializer(
            obj.steps.all(), many=True, context=self._nested_context(obj)
        ).data

    @extend_schema_field(StepLinkPublicSerializer(many=True))
    def get_links(self, obj) -> list:
        return StepLinkPublicSerializer(
            obj.links.all(), many=True, context=self._nested_context(obj)
        ).data

    @extend_schema_field(ProcessCommentSerializer(many=True))
    def get_comments(self, obj) -> list[dict[str, Any]]:
        language = self.context["language"]
        return [
            {
                "id": c.pk,
                "text": _render(
                    c, "text", served_language(c, language)[0], c.source_language, self.context
                ),
                "organisation": {
                    "id": c.organisation_id,
                    "name": c.organisation.name,
                    "kind": c.organisation.kind,
                },
            }
            for c in obj.comments.all()
        ]


PUBLIC_SERIALIZERS: dict[type, type[serializers.Serializer]] = {
    Process: ProcessPublicSerializer,
    DocumentType: DocumentTypePublicSerializer,
    GlossaryTerm: GlossaryTermPublicSerializer,
    Information: InformationPublicSerializer,
    Event: EventPublicSerializer,
    Course: CoursePublicSerializer,
    Office: OfficePublicSerializer,
    Comment: CommentPublicSerializer,
    CounsellingOffer: CounsellingOfferPublicSerializer,
}


# --- editor ---------------------------------------------------------------------------------


class TranslationsField(serializers.DictField):
    """A translated text in every language: {"de": "...", "ar": "..."}."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.CharField(allow_blank=True), **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        unknown = sorted(set(value) - set(language_codes()))
        if unknown:
            raise serializers.ValidationError(
                _("Unknown language codes: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return value


def _all_languages(obj, field: str) -> dict[str, str]:
    return {lang: getattr(obj, column(field, lang)) or "" for lang in language_codes()}


@extend_schema_field({"type": "object", "additionalProperties": {"type": "string"}})
class AllLanguagesField(serializers.Field):
    """Read-only: a translated field in every language, {"de": "...", "ar": "..."}."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return _all_languages(value, self.field_name)


class EditorItemSerializer(serializers.ModelSerializer):
    """Output for editors: every language, status, version."""

    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    organisation = OrganisationBriefSerializer(read_only=True)
    topics = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    user_types = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    COMMON = [
        "id",
        "version",
        "status",
        "source_language",
        "region",
        "organisation",
        "topics",
        "user_types",
        "publish_at",
        "withdraw_at",
        "published_at",
        "submitted_at",
        "archived_at",
        "created_at",
        "updated_at",
        "external_source",
        "external_id",
    ]

    def to_representation(self, obj):
        data = super().to_representation(obj)
        for field in TRANSLATED_FIELDS[type(obj)]:
            data[field] = _all_languages(obj, field)
        return data


def _editor_plain_fields(model) -> list[str]:
    return [f for f in EDITABLE_FIELDS.get(model, ()) if f not in COMMON_FIELDS]


def _editor_output(model) -> type[EditorItemSerializer]:
    attrs = {f: AllLanguagesField() for f in TRANSLATED_FIELDS[model]}
    fields = [*EditorItemSerializer.COMMON, *TRANSLATED_FIELDS[model], *_editor_plain_fields(model)]
    if model is Comment:
        fields.append("process")
    attrs["Meta"] = type("Meta", (), {"model": model, "fields": fields})
    return type(f"{model.__name__}EditorSerializer", (EditorItemSerializer,), attrs)


class _EditorStepBase(serializers.ModelSerializer):
    required_documents = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    produced_documents = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Step
        fields = _step_fields()

    def to_representation(self, obj):
        data = super().to_representation(obj)
        for field in TRANSLATED_FIELDS[Step]:
            data[field] = _all_languages(obj, field)
        return data


EditorStepSerializer = _with_texts(
    _EditorStepBase, Step, AllLanguagesField, name="EditorStepSerializer"
)


class EditorStepLinkSerializer(serializers.ModelSerializer):
    label = AllLanguagesField()

    class Meta:
        model = StepLink
        fields = ["id", "from_step", "to_step", "label"]

    def to_representation(self, obj):
        data = super().to_representation(obj)
        data["label"] = _all_languages(obj, "label")
        return data


class EditorProcessDetailSerializer(_editor_output(Process)):
    steps = EditorStepSerializer(many=True, read_only=True)
    links = EditorStepLinkSerializer(many=True, read_only=True)

    class Meta(_editor_output(Process).Meta):
        fields = [*_editor_output(Process).Meta.fields, "steps", "links"]


EDITOR_SERIALIZERS = {model: _editor_output(model) for model in PUBLIC_SERIALIZERS}


def _input_serializer(model, *, create: bool) -> type[serializers.Serializer]:
    """Input for create/update: translated fields as {lang: text}, plain fields, tags."""
    attrs: dict[str, Any] = {f: TranslationsField(required=False) for f in TRANSLATED_FIELDS[model]}
    attrs["topics"] = serializers.PrimaryKeyRelatedField(
        many=True, queryset=selectors.topics_all(), required=False
    )
    attrs["user_types"] = serializers.PrimaryKeyRelatedField(
        many=True, queryset=selectors.user_types_all(), required=False
    )
    if create:
        attrs["organisation"] = serializers.IntegerField(
            help_text=_("Responsible organisation (id).")
        )
        attrs["region"] = serializers.CharField(
            help_text=_("Owner region (official key)."), required=False
        )
    else:
        attrs["version"] = serializers.IntegerField(
            help_text=_("The version the change is based on; a stale version is refused with 409.")
        )
        attrs["minor"] = serializers.BooleanField(
            required=False,
            default=False,
            help_text=_("A minor change of the source text (a typo): it outdates no translation."),
        )
    plain = list(dict.fromkeys(editable_fields(model)))  # own and common (content items)
    if model is Comment and create:
        plain.append("process")
    extra_kwargs = {f: {"required": False} for f in plain}
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": [*plain, *attrs.keys()],
            "extra_kwargs": extra_kwargs,
            "validators": [],
        },
    )
    attrs["Meta"] = meta
    suffix = "Create" if create else "Update"
    return type(f"{model.__name__}{suffix}Serializer", (serializers.ModelSerializer,), attrs)


INPUT_SERIALIZERS = {
    (model, create): _input_serializer(model, create=create)
    for model in PUBLIC_SERIALIZERS
    for create in (True, False)
}


def input_to_data(model, validated: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split validated input into service `data` (language columns) and relation kwargs."""
    data: dict[str, Any] = {}
    relations: dict[str, Any] = {}
    for key, value in validated.items():
        if key in ("topics", "user_types"):
            relations[key] = value
        elif key in ("organisation", "region", "version", "minor"):
            continue
        elif key in TRANSLATED_FIELDS[model]:
            for lang, text in value.items():
                data[column(key, lang)] = text
        else:
            data[key] = value
    return data, relations


class _StepInputBase(serializers.Serializer):
    version = serializers.IntegerField()
    minor = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("A minor change of the source text (a typo): it outdates no translation."),
    )
    link = serializers.URLField(required=False, allow_blank=True)
    position = serializers.IntegerField(required=False, min_value=0)
    continues = serializers.BooleanField(
        required=False, help_text="Then continue with the next step (links never replace it)."
    )
    office = serializers.PrimaryKeyRelatedField(
        queryset=selectors.offices_all(), required=False, allow_null=True
    )
    required_documents = serializers.PrimaryKeyRelatedField(
        many=True, queryset=selectors.document_types_all(), required=False
    )
    produced_documents = serializers.PrimaryKeyRelatedField(
        many=True, queryset=selectors.document_types_all(), required=False
    )


StepInputSerializer = _with_texts(
    _StepInputBase, Step, lambda: TranslationsField(required=False), name="StepInputSerializer"
)


class StepLinkInputSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    from_step = serializers.PrimaryKeyRelatedField(queryset=selectors.steps_all())
    to_step = serializers.PrimaryKeyRelatedField(queryset=selectors.steps_all())
    label = TranslationsField(required=False)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField()


class StepLinkLabelSerializer(serializers.Serializer):
    """A branch label in one or more languages, e.g. {"version": 4, "label": {"ar": "…"}}."""

    version = serializers.IntegerField()
    label = TranslationsField()
    minor = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("A minor change of the source text (a typo): it outdates no translation."),
    )


class PublishSerializer(serializers.Serializer):
    publish_at = serializers.DateTimeField(required=False, allow_null=True)
    withdraw_at = serializers.DateTimeField(required=False, allow_null=True)


class RestoreSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The current version of the item."))
    revision = serializers.IntegerField(help_text=_("The revision number to restore."))


class RevisionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    action = serializers.CharField(help_text=_("What the revision records, as a code."))
    action_label = serializers.SerializerMethodField(
        help_text=_("What the revision records, in words (in the request's language).")
    )
    author = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    changes = serializers.ListField(child=serializers.DictField())

    def get_action_label(self, revision) -> str:
        action = revision["action"] if isinstance(revision, dict) else revision.action
        try:
            return str(RevisionAction(action).label)
        except ValueError:  # a code written before it had a label
            return action


class StepMoveSerializer(serializers.Serializer):
    """Where a step goes: {"position": 0} (0 is the first place) or {"direction": "up"}."""

    position = serializers.IntegerField(
        required=False, min_value=0, help_text=_("The new place of the step; 0 is the first.")
    )
    direction = serializers.ChoiceField(
        required=False,
        choices=[("up", "up"), ("down", "down"), ("first", "first"), ("last", "last")],
        help_text=_("Instead of a position: one place up or down, or to the first or last place."),
    )
    version = serializers.IntegerField(
        required=False, help_text=_("The version the move is based on (checked if given).")
    )

    def validate(self, attrs):
        if ("position" in attrs) == ("direction" in attrs):
            raise serializers.ValidationError(_("Give either a position or a direction."))
        return attrs
