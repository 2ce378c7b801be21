"""URLs of the PA authoring screens, included under /pa/content/."""

from django.urls import path

from apps.administration.content import views

urlpatterns = [
    path("", views.content_index, name="content-index"),
    path("moderation/", views.moderation_queue, name="content-moderation"),
    path("process/<int:pk>/steps/", views.process_steps, name="content-steps"),
    path("process/<int:pk>/preview/", views.process_preview, name="content-preview"),
    path("process/<int:pk>/steps/<int:step_pk>/", views.step_edit, name="content-step-edit"),
    path("process/<int:pk>/steps/<int:step_pk>/move/", views.step_move, name="content-step-move"),
    path(
        "process/<int:pk>/steps/<int:step_pk>/delete/",
        views.step_delete,
        name="content-step-delete",
    ),
    path(
        "process/<int:pk>/links/<int:link_pk>/delete/",
        views.link_delete,
        name="content-link-delete",
    ),
    path("<slug:kind>/", views.item_list, name="content-list"),
    path("<slug:kind>/new/", views.item_create, name="content-create"),
    path("<slug:kind>/<int:pk>/", views.item_edit, name="content-edit"),
    path("<slug:kind>/<int:pk>/revisions/", views.revision_list, name="content-revisions"),
    path("<slug:kind>/<int:pk>/revisions/diff/", views.revision_diff, name="content-diff"),
    path(
        "<slug:kind>/<int:pk>/revisions/<int:number>/restore/",
        views.revision_restore,
        name="content-restore",
    ),
    path(
        "<slug:kind>/<int:pk>/<slug:action>/",
        views.item_action,
        name="content-action",
    ),
]
