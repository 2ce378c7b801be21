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
        qs = region_list(query=self.request.query_params.get("q", "").strip())
        level = self.request.query_params.get("level")
        if level is not None and level.isdigit():
            qs = qs.filter(level=int(level))
        parent = self.request.query_params.get("parent")
        if parent:
            qs = qs.filter(parent__code=parent)
        return qs
