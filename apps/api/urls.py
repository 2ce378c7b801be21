from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from apps.api import dashboard, organisations, views
from apps.api.chat import ChatSearchView, ChatView
from apps.api.content import views as content_views

router = DefaultRouter()
router.register("regions", views.RegionViewSet, basename="region")
content_views.register(router)
router.register("organisations", organisations.OrganisationViewSet, basename="organisation")

urlpatterns = [
    path(
        "v1/regions/<str:code>/bundle/",
        content_views.BundleView.as_view(),
        name="region-bundle",
    ),
    path(
        "v1/dashboard/observations/",
        dashboard.ObservationPushView.as_view(),
        name="dashboard-push",
    ),
    path("v1/chat/", ChatView.as_view(), name="chat"),
    path("v1/chat/search/", ChatSearchView.as_view(), name="chat-search"),
    path("v1/", include((router.urls, "api"), namespace="v1")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]
