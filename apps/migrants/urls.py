from django.urls import include, path

from apps.migrants import event_views, search_views, views

app_name = "migrants"
urlpatterns = [
    path("", views.home, name="home"),
    path("region/", views.region, name="region"),
    path("processes/", views.process_list, name="process-list"),
    path("processes/<int:pk>/", views.process_detail, name="process-detail"),
    path("glossary/", views.glossary, name="glossary"),
    path("glossary/<int:pk>/", views.glossary_detail, name="glossary-detail"),
    path("information/", views.information_list, name="information-list"),
    path("information/<int:pk>/", views.information_detail, name="information-detail"),
    path("statistics/", include("apps.migrants.statistics_urls")),
    path("events/", event_views.event_list, name="event-list"),
    path("events/<int:pk>/", event_views.event_detail, name="event-detail"),
    path("events/<int:pk>.ics", event_views.event_ics, name="event-ics"),
    path("events/region/<str:code>.ics", event_views.event_feed, name="event-feed"),
    path("courses/", event_views.course_list, name="course-list"),
    path("courses/<int:pk>/", event_views.course_detail, name="course-detail"),
    path("search/", search_views.search, name="search"),
]
