from django.urls import include, path

from apps.migrants.offline.views import manifest, offline
from apps.migrants.pages import events as event_views
from apps.migrants.pages import organisations as organisation_views
from apps.migrants.pages import search as search_views
from apps.migrants.pages import views
from apps.migrants.pages.chat import chat as chat_page
from apps.migrants.pages.feedback import feedback
from apps.migrants.personal import views as personal_views

app_name = "migrants"
urlpatterns = [
    path("", views.home, name="home"),
    path("region/", views.region, name="region"),
    path("processes/", views.process_list, name="process-list"),
    path("processes/<int:pk>/", views.process_detail, name="process-detail"),
    path("processes/<int:pk>/preview/", views.process_preview, name="process-preview"),
    path("glossary/", views.glossary, name="glossary"),
    path("glossary/<int:pk>/", views.glossary_detail, name="glossary-detail"),
    path("information/", views.information_list, name="information-list"),
    path("information/<int:pk>/", views.information_detail, name="information-detail"),
    path("statistics/", include("apps.migrants.statistics.urls")),
    path("offline/", offline, name="offline"),
    path("manifest.webmanifest", manifest, name="manifest"),
    path("feedback/", feedback, name="feedback"),
    path("events/", event_views.event_list, name="event-list"),
    path("events/<int:pk>/", event_views.event_detail, name="event-detail"),
    path("events/<int:pk>.ics", event_views.event_ics, name="event-ics"),
    path("events/region/<str:code>.ics", event_views.event_feed, name="event-feed"),
    path("courses/", event_views.course_list, name="course-list"),
    path("courses/<int:pk>/", event_views.course_detail, name="course-detail"),
    path("search/", search_views.search, name="search"),
    path("organisations/", organisation_views.directory, name="organisation-list"),
    path(
        "organisations/<slug:slug>/",
        organisation_views.organisation_detail,
        name="organisation-detail",
    ),
    path(
        "organisations/<slug:slug>/counselling/<int:pk>/",
        organisation_views.counselling_detail,
        name="counselling-detail",
    ),
    path("reach/<slug:kind>/<int:pk>.gif", organisation_views.reach_pixel, name="reach-pixel"),
    path("chat/", chat_page, name="chat"),
    path("me/", personal_views.space, name="personal-space"),
    path("me/guides/", personal_views.guides, name="personal-guides"),
    path("me/guides/<int:process_pk>/save/", personal_views.guide_save, name="personal-guide-save"),
    path(
        "me/guides/<int:process_pk>/remove/",
        personal_views.guide_remove,
        name="personal-guide-remove",
    ),
    path(
        "me/guides/<int:process_pk>/progress/",
        personal_views.guide_progress,
        name="personal-guide-progress",
    ),
    path("me/checklist/", personal_views.checklist, name="personal-checklist"),
    path(
        "me/checklist/<int:pk>/done/",
        personal_views.checklist_item_done,
        name="personal-checklist-done",
    ),
    path(
        "me/checklist/<int:pk>/delete/",
        personal_views.checklist_item_delete,
        name="personal-checklist-delete",
    ),
    path("me/documents/", personal_views.documents, name="personal-documents"),
    path(
        "me/documents/<uuid:public_id>/",
        personal_views.document_file,
        name="personal-document-file",
    ),
    path(
        "me/documents/<uuid:public_id>/delete/",
        personal_views.document_delete,
        name="personal-document-delete",
    ),
    path("me/export/", personal_views.export, name="personal-export"),
    path("me/delete/", personal_views.account_delete, name="personal-delete"),
]
