from django.urls import include, path

from apps.migrants import views

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
]
