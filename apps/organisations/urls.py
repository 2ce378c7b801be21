from django.urls import path

from apps.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.home, name="home"),
    path("register/", views.register, name="register"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("o/<slug:slug>/", views.items, name="items"),
    path("o/<slug:slug>/members/", views.members, name="members"),
    path("o/<slug:slug>/members/<int:pk>/role/", views.member_role, name="member-role"),
    path("o/<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member-remove"),
    path(
        "o/<slug:slug>/invitations/<int:pk>/withdraw/",
        views.invitation_revoke,
        name="invitation-revoke",
    ),
    path("o/<slug:slug>/profile/", views.profile, name="profile"),
    path("o/<slug:slug>/reach/", views.reach, name="reach"),
    path("o/<slug:slug>/<slug:kind>/new/", views.item_create, name="item-create"),
    path("o/<slug:slug>/<slug:kind>/<int:pk>/", views.item_edit, name="item-edit"),
    path("o/<slug:slug>/<slug:kind>/<int:pk>/archive/", views.item_archive, name="item-archive"),
]
