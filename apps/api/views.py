from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from apps.api.serializers import RegionSerializer
from apps.regions.selectors import region_list


@extend_schema_view(
    list=extend_schema(
        summary=_("Regions"),
        parameters=[
            OpenApiParameter("level", int, description="0 federation, 1 Land, 2 Kreis, 3 Gemeinde"),
            OpenApiParameter("parent", str, description="Official key of the parent region"),
            OpenApiParameter("q", str, description="Part of the name"),
        ],
    ),
    retrieve=extend_schema(summary=_("One region")),
)
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """The region tree: federation, Länder, Kreise, Gemeinden, with official keys."""

    serializer_class = RegionSerializer
    lookup_field = "code"

    def get_queryset(self):
        params = self.request.query_params
        level = params.get("level")
        return region_list(
            query=params.get("q", "").strip(),
            level=int(level) if level is not None and level.isdigit() else None,
            parent_code=params.get("parent") or "",
        )
