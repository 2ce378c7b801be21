"""JSON push of observations into the migration dashboard.

    POST /api/v1/dashboard/observations/
    Authorization: Token <key>        (the token's user needs dashboard.import_data)

    {"source": "Landesamt für ...", "observations": [
        {"region": "08", "indicator": "free_accommodation_places",
         "period": "2024-05", "value": 1250, "flag": "p"}]}

All or nothing: one bad item rejects the whole payload and stores nothing;
errors name the item by its position (from 1). Sending the same payload again
changes nothing.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.dashboard.importers.common import ImportFailed
from apps.dashboard.services import observations_push


class CanImportData(permissions.BasePermission):
    message = _("This token may not import statistics.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.has_perm("dashboard.import_data"))


class ObservationInSerializer(serializers.Serializer):
    region = serializers.CharField(help_text="Official key (AGS), ISO code (DE-BW) or name")
    indicator = serializers.CharField(help_text="Indicator code from the catalogue")
    period = serializers.CharField(help_text="2019, 2019-Q3, 2019-05 or 2019-12-31")
    value = serializers.DecimalField(max_digits=22, decimal_places=6, allow_null=True)
    flag = serializers.CharField(required=False, allow_blank=True)


class PushInSerializer(serializers.Serializer):
    source = serializers.CharField(required=False, allow_blank=True, max_length=300)
    observations = ObservationInSerializer(many=True)


class PushOutSerializer(serializers.Serializer):
    batch = serializers.IntegerField()
    duplicate = serializers.BooleanField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class ObservationPushView(APIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [permissions.IsAuthenticated, CanImportData]

    @extend_schema(
        summary=_("Push observations to the migration dashboard"),
        request=PushInSerializer,
        responses={201: PushOutSerializer, 200: PushOutSerializer},
    )
    def post(self, request):
        try:
            outcome = observations_push(payload=request.data, user=request.user)
        except ImportFailed as exc:
            errors: dict[str, list[str]] = {}
            for item, message in exc.errors:
                key = "observations" if item == 0 else f"observations[{item}]"
                errors.setdefault(key, []).append(message)
            raise ValidationError(errors) from None
        batch = outcome.batch
        body = {
            "batch": batch.pk,
            "duplicate": outcome.duplicate,
            "created": 0 if outcome.duplicate else batch.observations_created,
            "updated": 0 if outcome.duplicate else batch.observations_updated,
            "unchanged": outcome.unchanged,
        }
        return Response(body, status=status.HTTP_200_OK if outcome.duplicate else 201)
