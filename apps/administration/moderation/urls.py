"""URLs of NGO moderation, included under /pa/moderation/."""

from django.urls import path

from apps.administration.moderation import views

urlpatterns = [
    path("", views.queue, name="moderation"),
    path(
        "organisation/<int:pk>/approve/",
        views.organisation_approve,
        name="moderation-organisation-approve",
    ),
    path(
        "organisation/<int:pk>/reject/",
        views.organisation_reject,
        name="moderation-organisation-reject",
    ),
    path(
        "organisation/<int:pk>/trust/",
        views.organisation_trust,
        name="moderation-organisation-trust",
    ),
    path("<slug:kind>/<int:pk>/approve/", views.item_approve, name="moderation-approve"),
    path("<slug:kind>/<int:pk>/reject/", views.item_reject, name="moderation-reject"),
]
