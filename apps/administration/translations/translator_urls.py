"""URLs of the external translators' screens, under /pa/translators/."""

from django.urls import path

from apps.administration.translations import translator_views as views

urlpatterns = [
    path("", views.translators, name="translators"),
    path(
        "invitations/<int:pk>/withdraw/",
        views.invitation_withdraw,
        name="translator-invitation-withdraw",
    ),
    path("<int:pk>/remove/", views.translator_remove, name="translator-remove"),
    path("invitation/<str:token>/", views.invitation, name="translator-invitation"),
]
