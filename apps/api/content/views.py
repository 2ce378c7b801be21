"""Content endpoints of API v1.

Public reads (no authentication): one language per response (`?lang=` or
Accept-Language), a `language` field per item saying what was served, ETag and
Last-Modified, a fixed number of queries per request. Editor endpoints under
`editor/` (token authentication) return all languages and write through
apps.content.services with the same permissions as the PA and NGO screens.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, permissions, status, viewsets
from rest_framework.authentication import TokenAuthentication
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.selectors import organisation_active_get
from apps.api.content import serializers as s
from apps.content import selectors, services, workflow
from apps.content.fields import TRANSLATED_FIELDS, column, rich_fields
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
    Step,
)
from apps.content.rules import is_ngo_author_of
from apps.content.services import StaleVersionError
from apps.content.services import pending as moderation_services
from apps.regions.models import Region
from apps.regions.selectors import region_find

LANG_PARAM = OpenApiParameter(
    "lang", str, description="Language code (ar, zh-hans, prs, nl, en, de, it, ru, es, uk, ur)."
)


def request_language(request) -> str:
    enabled = [code for code, _name in settings.LANGUAGES]
    requested = request.query_params.get("lang")
    if requested:
        if requested not in enabled:
            raise exceptions.ValidationError(
                {"lang": [_("Unknown language “%(code)s”.") % {"code": requested}]}
            )
        return requested
    active = translation.get_language() or settings.LANGUAGE_CODE
    return active if active in enabled else settings.LANGUAGE_CODE


def _item_texts(items, language: str, *, nested: bool) -> list[str]:
    texts: list[str] = []
    for item in items:
        served, _fallback = selectors.served_language(item, language)
        objects = [item]
        if nested and isinstance(item, Process):
            objects += [*item.steps.all(), *item.comments.all()]
        for obj in objects:
            source = getattr(obj, "source_language", item.source_language)
            for field in rich_fields(type(obj)):
                texts.append(getattr(obj, column(field, served), "") or "")
                texts.append(getattr(obj, column(field, source), "") or "")
    return texts


def conditional_response(request, data: Any, last_modified: dt.datetime | None) -> Response:
    """Response with ETag/Last-Modified; 304 when the client's copy is current."""
    body = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True).encode()
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    headers = {"ETag": etag, "Vary": "Accept-Language", "Cache-Control": "public, max-age=60"}
    if last_modified:
        headers["Last-Modified"] = http_date(last_modified.timestamp())
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match:
        if etag in [tag.strip() for tag in if_none_match.split(",")]:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
    elif last_modified and request.headers.get("If-Modified-Since"):
        since = parse_http_date_safe(request.headers["If-Modified-Since"])
        if since is not None and int(last_modified.timestamp()) <= since:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(data, headers=headers)


def _last_modified(items) -> dt.datetime | None:
    stamps = [item.updated_at for item in items if getattr(item, "updated_at", None)]
    return max(stamps) if stamps else None


def _int_param(request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if not value.isdigit():
        raise exceptions.ValidationError({name: [_("Enter a whole number.")]})
    return int(value)


def _date_param(request, name: str) -> dt.date | None:
    value = request.query_params.get(name)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise exceptions.ValidationError({name: [_("Enter a date as YYYY-MM-DD.")]}) from None


def _region_param(request) -> Region | None:
    code = request.query_params.get("region")
    if not code:
        return None
    region = region_find(code=code)
    if region is None:
        raise exceptions.ValidationError(
            {"region": [_("Unknown region “%(code)s”.") % {"code": code}]}
        )
    return region


FILTER_PARAMETERS = [
    LANG_PARAM,
    OpenApiParameter(
        "region",
        str,
        description="Official key (AGS) of the migrant's region; "
        "content owned by the region and its ancestors",
    ),
    OpenApiParameter("topic", int, description="Topic id"),
    OpenApiParameter("user_type", int, description="User type id"),
    OpenApiParameter("q", str, description="Text in the title"),
]
DATE_PARAMETERS = [
    OpenApiParameter(
        "from", OpenApiTypes.DATE, description="Events/courses not over before this day"
    ),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Events/courses starting by this day"),
]


class PublicContentViewSet(viewsets.ReadOnlyModelViewSet):
    """Published content in one language."""

    model: type[ContentItem] = Process
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    def get_serializer_class(self):
        if self.action == "retrieve" and self.model is Process:
            return s.ProcessDetailPublicSerializer
        return s.PUBLIC_SERIALIZERS[self.model]

    def get_queryset(self):
        request = self.request
        return selectors.item_list_published(
            self.model,
            region=_region_param(request),
            topic=_int_param(request, "topic"),
            user_type=_int_param(request, "user_type"),
            query=request.query_params.get("q", "").strip(),
            language=request_language(request),
            date_from=_date_param(request, "from"),
            date_to=_date_param(request, "to"),
            kind=request.query_params.get("kind") or None,
        )

    def _context(self, items, *, nested: bool) -> dict:
        language = request_language(self.request)
        texts = _item_texts(items, language, nested=nested)
        return {
            **self.get_serializer_context(),
            "language": language,
            "mention_targets": selectors.mention_targets(texts, language=language),
        }

    def list(self, request, *args, **kwargs):
        items = list(self.paginate_queryset(self.get_queryset()))
        serializer = self.get_serializer_class()(
            items, many=True, context=self._context(items, nested=False)
        )
        data = self.get_paginated_response(serializer.data).data
        return conditional_response(request, data, _last_modified(items))

    def retrieve(self, request, *args, **kwargs):
        language = request_language(request)  # validate first
        try:
            item = selectors.item_get_published(self.model, pk=int(kwargs["pk"]))
        except (ObjectDoesNotExist, ValueError):
            raise exceptions.NotFound() from None
        context = self._context([item], nested=True)
        context["language"] = language
        data = self.get_serializer_class()(item, context=context).data
        return conditional_response(request, data, item.updated_at)


def _public_viewset(model, *, doc: str, dates: bool = False):
    params = FILTER_PARAMETERS + (DATE_PARAMETERS if dates else [])
    if model in (Information, Course):
        params = [*params, OpenApiParameter("kind", str, description="Kind")]
    name = model.__name__
    view = type(f"{name}PublicViewSet", (PublicContentViewSet,), {"model": model, "__doc__": doc})
    view = extend_schema_view(
        list=extend_schema(summary=f"Published items: {name}", parameters=params),
        retrieve=extend_schema(summary=f"One published item: {name}", parameters=[LANG_PARAM]),
    )(view)
    return extend_schema(tags=["content"])(view)


ProcessViewSet = _public_viewset(Process, doc="Step-by-step guides with steps, branches and tips.")
DocumentTypeViewSet = _public_viewset(DocumentType, doc="Documents migrants need or receive.")
GlossaryViewSet = _public_viewset(GlossaryTerm, doc="Glossary terms with explanations.")
InformationViewSet = _public_viewset(Information, doc="Information pages and counselling offers.")
EventViewSet = _public_viewset(Event, doc="Upcoming events.", dates=True)
CourseViewSet = _public_viewset(
    Course, doc="Language, integration and vocational courses.", dates=True
)
OfficeViewSet = _public_viewset(Office, doc="Offices and places.")
CommentViewSet = _public_viewset(Comment, doc="NGO tips on processes.")
CounsellingOfferViewSet = _public_viewset(
    CounsellingOffer, doc="Free counselling offers of organisations."
)


REGION_TAGS_PARAM = OpenApiParameter(
    "region",
    str,
    description="Official key (AGS) of a region: only its tags, its ancestors' and the shared ones",
)


@extend_schema(tags=["content"], parameters=[LANG_PARAM, REGION_TAGS_PARAM])
class TopicViewSet(viewsets.ReadOnlyModelViewSet):
    """Topics (a tree) used to filter content."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    serializer_class = s.TopicSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.topic_list(_region_param(self.request))

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "language": request_language(self.request)}


@extend_schema(tags=["content"], parameters=[LANG_PARAM, REGION_TAGS_PARAM])
class UserTypeViewSet(TopicViewSet):
    """User types (asylum seeker, EU citizen ...) used to filter content."""

    serializer_class = s.UserTypeSerializer

    def get_queryset(self):
        return selectors.user_type_list(_region_param(self.request))


class BundleView(APIView):
    """All published content shown in a region, in one language, for offline use."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        tags=["content"],
        summary="Offline bundle of a region",
        parameters=[LANG_PARAM],
        responses={
            200: OpenApiResponse(
                description="Processes, glossary, information, events, "
                "courses, offices, document types, topics, user types"
            )
        },
    )
    def get(self, request, code: str):
        language = request_language(request)
        region = region_find(code=code)
        if region is None:
            raise exceptions.NotFound()
        content = selectors.published_for_region(region)
        items = [
            item
            for name, objs in content.items()
            if name not in ("topics", "user_types")
            for item in objs
        ]
        context = {
            "request": request,
            "language": language,
            "mention_targets": selectors.mention_targets(
                _item_texts(items, language, nested=True), language=language
            ),
        }
        data: dict[str, Any] = {
            "region": region.code,
            "language": language,
            "generated_at": timezone.now().replace(microsecond=0),
        }
        for name, objs in content.items():
            if name == "topics":
                data[name] = s.TopicSerializer(objs, many=True, context=context).data
            elif name == "user_types":
                data[name] = s.UserTypeSerializer(objs, many=True, context=context).data
            else:
                model = services.CONTENT_MODELS[name]
                serializer = (
                    s.ProcessDetailPublicSerializer
                    if model is Process
                    else s.PUBLIC_SERIALIZERS[model]
                )
                data[name] = serializer(objs, many=True, context=context).data
        etag_data = {k: v for k, v in data.items() if k != "generated_at"}
        response = conditional_response(request, etag_data, _last_modified(items))
        if response.status_code == 200:
            response.data = data
        return response


# --- editor endpoints ------------------------------------------------------------------------


class CanUseEditor(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("content.view_editor")


class EditorContentViewSet(viewsets.GenericViewSet):
    """Editor access: all languages, versions, publication; token authentication."""

    model: type[ContentItem] = Process
    authentication_classes = [TokenAuthentication]
    permission_classes = [permissions.IsAuthenticated, CanUseEditor]

    def get_queryset(self):
        return selectors.item_list_for_editor(self.model, user=self.request.user)

    def get_serializer_class(self):
        if self.action == "create":
            return s.INPUT_SERIALIZERS[(self.model, True)]
        if self.action == "partial_update":
            return s.INPUT_SERIALIZERS[(self.model, False)]
        if self.action == "retrieve" and self.model is Process:
            return s.EditorProcessDetailSerializer
        return s.EDITOR_SERIALIZERS[self.model]

    def handle_exception(self, exc):
        if isinstance(exc, StaleVersionError):
            return Response(
                {
                    "error": {
                        "code": "stale_version",
                        "message": exc.message,
                        "current_version": exc.current_version,
                        "changes": exc.changes,
                    }
                },
                status=status.HTTP_409_CONFLICT,
            )
        return super().handle_exception(exc)

    def get_object(self):
        try:
            return selectors.item_get_for_editor(
                self.model, user=self.request.user, pk=int(self.kwargs["pk"])
            )
        except (ObjectDoesNotExist, ValueError):
            raise exceptions.NotFound() from None

    def _out(self, item, code=status.HTTP_200_OK) -> Response:
        item = (
            self.get_object()
            if item is None
            else selectors.item_get_for_editor(self.model, user=self.request.user, pk=item.pk)
        )
        serializer = (
            s.EditorProcessDetailSerializer
            if self.model is Process
            else s.EDITOR_SERIALIZERS[self.model]
        )
        return Response(serializer(item, context=self.get_serializer_context()).data, status=code)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        data = s.EDITOR_SERIALIZERS[self.model](
            page, many=True, context=self.get_serializer_context()
        ).data
        return self.get_paginated_response(data)

    def retrieve(self, request, pk=None):
        return self._out(None)

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        validated = dict(serializer.validated_data)
        organisation = organisation_active_get(validated["organisation"])
        if organisation is None:
            raise exceptions.ValidationError({"organisation": [_("Unknown organisation.")]})
        region = organisation.region
        if validated.get("region"):
            region = region_find(code=validated["region"])
            if region is None:
                raise exceptions.ValidationError({"region": [_("Unknown region.")]})
        data, relations = s.input_to_data(self.model, validated)
        if self.model is Comment:
            process = data.pop("process")
            item = services.comment_create(
                user=request.user, process=process, organisation=organisation, data=data
            )
        else:
            item = services.item_create(
                model=self.model,
                user=request.user,
                organisation=organisation,
                region=region,
                data=data,
                **relations,
            )
        return self._out(item, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        item = self.get_object()
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "version" not in serializer.validated_data:
            raise exceptions.ValidationError(
                {"version": [_("Send the version your change is based on.")]}
            )
        data, relations = s.input_to_data(self.model, dict(serializer.validated_data))
        if moderation_services.change_is_moderated(item) and is_ngo_author_of(request.user, item):
            # A published NGO item stays as it is; the change waits in the PA's queue.
            moderation_services.item_change_propose(
                item=item,
                user=request.user,
                expected_version=serializer.validated_data["version"],
                data=data,
                submit=True,
                **relations,
            )
            return self._out(item)
        services.item_update(
            item=item,
            user=request.user,
            expected_version=serializer.validated_data["version"],
            data=data,
            minor=serializer.validated_data.get("minor", False),
            **relations,
        )
        return self._out(item)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        item = self.get_object()
        if item.organisation.kind == "ngo":  # NGO items: moderation, or at once if trusted
            services.item_moderation_submit(item=item, user=request.user)
        else:
            workflow.item_transition(item=item, user=request.user, transition="submit")
        return self._out(item)

    @extend_schema(request=s.PublishSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        item = self.get_object()
        serializer = s.PublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        workflow.item_transition(
            item=item, user=request.user, transition="publish", **serializer.validated_data
        )
        return self._out(item)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"], url_path="return-to-draft")
    def return_to_draft(self, request, pk=None):
        item = self.get_object()
        workflow.item_transition(item=item, user=request.user, transition="return")
        return self._out(item)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        item = self.get_object()
        workflow.item_transition(item=item, user=request.user, transition="archive")
        return self._out(item)

    @extend_schema(responses=s.RevisionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def revisions(self, request, pk=None):
        item = self.get_object()
        revisions = list(selectors.revision_list(item))
        data = []
        for newer, older in zip(revisions, [*revisions[1:], None], strict=True):
            data.append(
                {
                    "number": newer.number,
                    "action": newer.action,
                    "author": str(newer.author) if newer.author else None,
                    "created_at": newer.created_at,
                    "changes": services.revision_diff(older, newer) if older else [],
                }
            )
        return Response(s.RevisionSerializer(data, many=True).data)

    @extend_schema(request=s.RestoreSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        item = self.get_object()
        serializer = s.RestoreSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            revision = selectors.revision_get(item, number=serializer.validated_data["revision"])
        except ObjectDoesNotExist:
            raise exceptions.ValidationError({"revision": [_("Unknown revision.")]}) from None
        services.revision_restore(
            revision=revision,
            user=request.user,
            expected_version=serializer.validated_data["version"],
        )
        return self._out(item)


class EditorProcessViewSet(EditorContentViewSet):
    model = Process

    def _step(self, process, step_id) -> Step:
        step = selectors.steps_by_ids(process, [int(step_id)]).get(int(step_id))
        if step is None:
            raise exceptions.NotFound()
        return step

    @extend_schema(request=s.StepInputSerializer, responses=s.EditorProcessDetailSerializer)
    @action(detail=True, methods=["post"])
    def steps(self, request, pk=None):
        process = self.get_object()
        serializer = s.StepInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, docs = _step_data(serializer.validated_data)
        services.step_create(
            process=process,
            user=request.user,
            expected_version=serializer.validated_data["version"],
            data=data,
            **{k: v for k, v in docs.items() if v is not None},
        )
        return self._out(process, status.HTTP_201_CREATED)

    @extend_schema(request=s.StepInputSerializer, responses=s.EditorProcessDetailSerializer)
    @action(detail=True, methods=["patch", "delete"], url_path=r"steps/(?P<step_id>\d+)")
    def step(self, request, pk=None, step_id=None):
        process = self.get_object()
        step = self._step(process, step_id)
        if request.method == "DELETE":
            serializer = s.VersionSerializer(data=request.data or request.query_params)
            serializer.is_valid(raise_exception=True)
            services.step_delete(
                step=step, user=request.user, expected_version=serializer.validated_data["version"]
            )
            return self._out(process)
        serializer = s.StepInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "version" not in serializer.validated_data:
            raise exceptions.ValidationError(
                {"version": [_("Send the version your change is based on.")]}
            )
        data, docs = _step_data(serializer.validated_data)
        services.step_update(
            step=step,
            user=request.user,
            expected_version=serializer.validated_data["version"],
            data=data,
            minor=serializer.validated_data.get("minor", False),
            **docs,
        )
        return self._out(process)

    @extend_schema(
        request=s.StepMoveSerializer,
        responses=s.EditorProcessDetailSerializer,
        summary="Move a step",
        description="Move the step to a place (`position`, 0 is the first) or one place "
        "`up`/`down` or to the `first`/`last` place. The steps are renumbered and the process "
        "gets one new version. Same rights as editing the process; nothing changes on error.",
    )
    @action(detail=True, methods=["post"], url_path=r"steps/(?P<step_id>\d+)/move")
    def step_move(self, request, pk=None, step_id=None):
        process = self.get_object()
        serializer = s.StepMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        step = selectors.step_get(pk=int(step_id))
        if step is None:
            raise exceptions.NotFound()
        v = serializer.validated_data
        workflow.step_move(
            user=request.user,
            step=step,
            process=process,
            position=v.get("position"),
            direction=v.get("direction"),
            expected_version=v.get("version"),
        )
        return self._out(process)

    @extend_schema(request=s.StepLinkInputSerializer, responses=s.EditorProcessDetailSerializer)
    @action(detail=True, methods=["post"])
    def links(self, request, pk=None):
        process = self.get_object()
        serializer = s.StepLinkInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        v = serializer.validated_data
        services.step_link_create(
            process=process,
            user=request.user,
            expected_version=v["version"],
            from_step=v["from_step"],
            to_step=v["to_step"],
            label=v.get("label"),
        )
        return self._out(process, status.HTTP_201_CREATED)

    @extend_schema(request=s.StepLinkLabelSerializer, responses=s.EditorProcessDetailSerializer)
    @action(detail=True, methods=["patch", "delete"], url_path=r"links/(?P<link_id>\d+)")
    def link(self, request, pk=None, link_id=None):
        process = self.get_object()
        link = selectors.step_link_get(process, pk=int(link_id))
        if link is None:
            raise exceptions.NotFound()
        if request.method == "PATCH":
            serializer = s.StepLinkLabelSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            services.step_link_update(
                link=link,
                user=request.user,
                expected_version=serializer.validated_data["version"],
                label=serializer.validated_data["label"],
                minor=serializer.validated_data.get("minor", False),
            )
            return self._out(process)
        serializer = s.VersionSerializer(data=request.data or request.query_params)
        serializer.is_valid(raise_exception=True)
        services.step_link_delete(
            link=link, user=request.user, expected_version=serializer.validated_data["version"]
        )
        return self._out(process)


def _step_data(validated: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    data: dict[str, Any] = {}
    for key, value in validated.items():
        if key in TRANSLATED_FIELDS[Step]:
            data.update({column(key, lang): text for lang, text in value.items()})
        elif key not in ("version", "minor", "required_documents", "produced_documents"):
            data[key] = value
    docs = {
        "required_documents": validated.get("required_documents"),
        "produced_documents": validated.get("produced_documents"),
    }
    return data, docs


def _editor_viewset(model):
    if model is Process:
        view = EditorProcessViewSet
    else:
        view = type(f"Editor{model.__name__}ViewSet", (EditorContentViewSet,), {"model": model})
    return extend_schema(tags=["editor"])(view)


EDITOR_VIEWSETS = {
    "processes": _editor_viewset(Process),
    "document-types": _editor_viewset(DocumentType),
    "glossary": _editor_viewset(GlossaryTerm),
    "information": _editor_viewset(Information),
    "events": _editor_viewset(Event),
    "courses": _editor_viewset(Course),
    "offices": _editor_viewset(Office),
    "comments": _editor_viewset(Comment),
    "counselling-offers": _editor_viewset(CounsellingOffer),
}
PUBLIC_VIEWSETS = {
    # prefix: (viewset, basename); basenames of mentionable kinds are used by mentions.py
    "processes": (ProcessViewSet, "process"),
    "document-types": (DocumentTypeViewSet, "document-type"),
    "glossary": (GlossaryViewSet, "glossary"),
    "information": (InformationViewSet, "information"),
    "events": (EventViewSet, "event"),
    "courses": (CourseViewSet, "course"),
    "offices": (OfficeViewSet, "office"),
    "comments": (CommentViewSet, "comment"),
    "counselling-offers": (CounsellingOfferViewSet, "counselling-offer"),
    "topics": (TopicViewSet, "topic"),
    "user-types": (UserTypeViewSet, "user-type"),
}


def register(router) -> None:
    """Add the content endpoints to the API v1 router."""
    for prefix, (viewset, basename) in PUBLIC_VIEWSETS.items():
        router.register(prefix, viewset, basename=basename)
    for prefix, viewset in EDITOR_VIEWSETS.items():
        router.register(f"editor/{prefix}", viewset, basename=f"editor-{prefix}")
