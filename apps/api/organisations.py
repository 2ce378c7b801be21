"""Public API of the directory of civil-society organisations (read only)."""

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets

from apps.content import selectors
from apps.content.fields import column
from apps.regions.selectors import region_find


def _language(request) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    wanted = request.query_params.get("lang") or getattr(request, "LANGUAGE_CODE", "")
    return wanted if wanted in codes else settings.LANGUAGE_CODE


class OrganisationPublicSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    region = serializers.CharField(source="region.code")
    language = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()
    opening_hours = serializers.SerializerMethodField()
    accessibility = serializers.SerializerMethodField()
    languages_spoken = serializers.SerializerMethodField()
    topics = serializers.SerializerMethodField()
    user_types = serializers.SerializerMethodField()
    website = serializers.URLField()
    email = serializers.EmailField()
    phone = serializers.CharField()
    address = serializers.CharField()

    def _profile(self, obj):
        return getattr(obj, "profile", None)

    def _text(self, obj, field: str) -> str:
        profile = self._profile(obj)
        if profile is None:
            return obj.description if field == "description" else ""
        language = self.context["language"]
        for code in (language, settings.LANGUAGE_CODE, "en"):
            value = getattr(profile, column(field, code), "")
            if value:
                return value
        return obj.description if field == "description" else ""

    def get_language(self, obj) -> str:
        return self.context["language"]

    def get_description(self, obj) -> str:
        return self._text(obj, "description")

    def get_opening_hours(self, obj) -> str:
        return self._text(obj, "opening_hours")

    def get_accessibility(self, obj) -> str:
        return self._text(obj, "accessibility")

    def get_languages_spoken(self, obj) -> list[str]:
        profile = self._profile(obj)
        return list(profile.languages) if profile else []

    def get_topics(self, obj) -> list[int]:
        profile = self._profile(obj)
        return [t.pk for t in profile.topics.all()] if profile else []

    def get_user_types(self, obj) -> list[int]:
        profile = self._profile(obj)
        return [t.pk for t in profile.user_types.all()] if profile else []


def _int(value):
    return int(value) if value and value.isdigit() and len(value) < 12 else None


@extend_schema_view(
    list=extend_schema(
        summary="Approved civil-society organisations",
        parameters=[
            OpenApiParameter("region", str, description="Official key: its NGOs and those above"),
            OpenApiParameter("topic", int),
            OpenApiParameter("user_type", int),
            OpenApiParameter("language", str, description="A language spoken by the staff"),
            OpenApiParameter("lang", str, description="Language of the texts"),
        ],
    ),
    retrieve=extend_schema(summary="One organisation"),
)
@extend_schema(tags=["content"])
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """The directory of organisations (approved NGOs), with their profiles."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    serializer_class = OrganisationPublicSerializer
    lookup_field = "slug"

    def get_queryset(self):
        params = self.request.query_params
        region = None
        if params.get("region"):
            region = region_find(code=params["region"])
        qs = selectors.organisation_directory(
            region=region,
            topic=_int(params.get("topic")),
            user_type=_int(params.get("user_type")),
            language=(params.get("language") or "")[:10],
        )
        if params.get("region") and region is None:
            return qs.none()
        return qs

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "language": _language(self.request)}
