"""POST /api/v1/chat/: one message to the chatbot, the answer in the shape of Rasa's REST
channel. Thin: validates, throttles, calls apps.chatbot.services.chat_reply.

Rate limits (DRF throttles on the cache): per chat session (`chat_session`) and per
client address (`chat_client`), rates in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].
"""

from __future__ import annotations

import math

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.chatbot.services import chat_reply, chat_search
from apps.chatbot.throttles import SESSION_RE, ChatClientThrottle, ChatSessionThrottle
from apps.regions.models import Region
from apps.regions.selectors import region_find, regions_by_codes

REGION_COOKIE = "micado_region"  # set by the migrant app (apps.migrants.region)


class ChatThrottled(exceptions.Throttled):
    """429 with our own translated sentence; the wait goes into Retry-After only."""

    def __init__(self, wait: float | None):
        super().__init__(detail=_("Too many messages. Please wait a moment and try again."))
        self.wait = math.ceil(wait) if wait is not None else None


class ChatRequestSerializer(serializers.Serializer):
    session = serializers.RegexField(
        SESSION_RE,
        help_text="Chat session id chosen by the client (1-64 letters, digits, _ . : -).",
        error_messages={
            "required": gettext_lazy("A chat session id is needed."),
            "blank": gettext_lazy("A chat session id is needed."),
            "invalid": gettext_lazy("The chat session id may hold 1 to 64 letters and digits."),
        },
    )
    message = serializers.CharField(
        trim_whitespace=True,
        help_text="The user's message; at most MICADO_CHAT_MAX_LENGTH (500) characters.",
        error_messages={
            "required": gettext_lazy("Write a message."),
            "blank": gettext_lazy("Write a message."),
            "null": gettext_lazy("Write a message."),
        },
    )
    language = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="ar, zh-hans, prs, nl, en, de, it, ru, es, uk, ur; else Accept-Language.",
    )
    region = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Official key (AGS) of the user's region; else the deployment's default.",
    )
    backend = serializers.ChoiceField(
        choices=["auto", "embedded"],
        required=False,
        default="auto",
        help_text="'embedded' answers without Rasa (used by Rasa's own custom actions).",
    )

    def validate_message(self, value: str) -> str:
        limit = settings.MICADO_CHAT_MAX_LENGTH
        if len(value) > limit:
            raise serializers.ValidationError(
                _("The message is too long: write at most %(limit)d characters.") % {"limit": limit}
            )
        return value

    def validate_language(self, value: str) -> str:
        enabled = [code for code, _name in settings.LANGUAGES]
        if value and value not in enabled:
            raise serializers.ValidationError(
                _("Unknown language “%(code)s”.") % {"code": value[:20]}
            )
        return value

    def validate_region(self, value: str) -> Region | None:
        if not value:
            return None
        region = region_find(code=value)
        if region is None:
            raise serializers.ValidationError(
                _("Unknown region “%(code)s”.") % {"code": value[:20]}
            )
        return region


class ChatLinkSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField(help_text="Path of a page of this site, e.g. /ar/processes/3/")


class ChatButtonSerializer(serializers.Serializer):
    title = serializers.CharField()
    payload = serializers.CharField(help_text="Send it back as the next message.")


class ChatCustomSerializer(serializers.Serializer):
    links = ChatLinkSerializer(many=True)


class ChatMessageSerializer(serializers.Serializer):
    recipient_id = serializers.CharField()
    text = serializers.CharField()
    buttons = ChatButtonSerializer(many=True)
    custom = ChatCustomSerializer()


class ErrorSerializer(serializers.Serializer):
    error = serializers.DictField()


def _language(request, given: str | None) -> str:
    enabled = [code for code, _name in settings.LANGUAGES]
    language = given or translation.get_language() or settings.LANGUAGE_CODE
    return language if language in enabled else settings.LANGUAGE_CODE


def _region(request, given: Region | None) -> Region | None:
    """The region asked for, else the one the visitor chose in the migrant app (cookie),
    else the deployment's default."""
    if given is not None:
        return given
    codes = [request.COOKIES.get(REGION_COOKIE), settings.MICADO_DEFAULT_REGION]
    found = regions_by_codes(codes)
    return next((found[c] for c in codes if c in found), None)


class ChatSearchQuerySerializer(ChatRequestSerializer):
    session = None
    message = None
    backend = None
    q = serializers.CharField(
        trim_whitespace=True,
        help_text="The question, in the user's words.",
        error_messages={
            "required": gettext_lazy("Write a message."),
            "blank": gettext_lazy("Write a message."),
        },
    )
    lang = serializers.CharField(required=False, allow_blank=True, help_text="Language code.")
    language = None

    def validate_q(self, value: str) -> str:
        return self.validate_message(value)

    def validate_lang(self, value: str) -> str:
        return self.validate_language(value)


class ChatSearchResultSerializer(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    answer = serializers.CharField()
    url = serializers.CharField(allow_null=True)


class ChatSearchSerializer(serializers.Serializer):
    answered = serializers.BooleanField()
    results = ChatSearchResultSerializer(many=True)
    message = serializers.CharField(help_text="The bot's reply when nothing was found.")
    links = ChatLinkSerializer(many=True)
    buttons = ChatButtonSerializer(many=True)


class ChatSearchView(APIView):
    """The embedded bot's best published items for a question, as data (Rasa's custom
    actions use it). Public, rate-limited per client address."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ChatClientThrottle]

    def throttled(self, request, wait):
        raise ChatThrottled(wait)

    @extend_schema(
        tags=["chat"],
        summary="Content that answers a question",
        parameters=[ChatSearchQuerySerializer],
        responses={200: ChatSearchSerializer, 400: ErrorSerializer, 429: ErrorSerializer},
    )
    def get(self, request):
        serializer = ChatSearchQuerySerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        language = _language(request, data.get("lang"))
        result = chat_search(
            query=data["q"], language=language, region=_region(request, data.get("region"))
        )
        return Response(result, headers={"Content-Language": language, "Cache-Control": "no-store"})


class ChatView(APIView):
    """Ask the chatbot. Public: no account, no cookie; rate-limited."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ChatClientThrottle, ChatSessionThrottle]

    def throttled(self, request, wait):
        raise ChatThrottled(wait)

    @extend_schema(
        tags=["chat"],
        summary="Ask the chatbot",
        request=ChatRequestSerializer,
        responses={
            200: ChatMessageSerializer(many=True),
            400: OpenApiResponse(
                ErrorSerializer,
                description="Missing or oversized message, "
                "unknown language or region (translated message)",
            ),
            429: OpenApiResponse(ErrorSerializer, description="Too many messages"),
        },
        examples=[
            OpenApiExample(
                "Question in Arabic",
                value={"session": "a1b2c3", "message": "كيف أسجل عنواني", "language": "ar"},
                request_only=True,
            )
        ],
    )
    def post(self, request):
        serializer = ChatRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        language = _language(request, data.get("language"))
        region = _region(request, data.get("region"))
        result = chat_reply(
            session=data["session"],
            message=data["message"],
            language=language,
            region=region,
            use_rasa=data.get("backend") != "embedded",
        )
        return Response(
            result.messages,
            headers={
                "Content-Language": language,
                "X-Chat-Backend": result.backend,
                "Cache-Control": "no-store",
            },
        )
