import pytest
from django.core.exceptions import ValidationError

from apps.accounts.roles import Role
from apps.accounts.services import membership_grant
from tests.factories import UserFactory

PERMISSIONS = {
    "administration.access": {"pa_admin", "pa_editor", "pa_translator", "pa_analyst"},
    "organisations.access": {"ngo_admin", "ngo_editor"},
    "dashboard.view_internal": {"pa_admin", "pa_analyst"},
    "accounts.manage_members": {"pa_admin", "ngo_admin"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["migrant", *sorted(r.value for r in Role)])
def test_permissions_by_role(make_user, role):
    user = make_user(role)
    for perm, allowed in PERMISSIONS.items():
        assert user.has_perm(perm) == (role in allowed), (perm, role)


@pytest.mark.django_db
def test_anonymous_has_no_permission():
    from django.contrib.auth.models import AnonymousUser

    assert not any(AnonymousUser().has_perm(p) for p in PERMISSIONS)


@pytest.mark.django_db
def test_ngo_role_in_a_public_authority_is_refused(pa_organisation):
    user = UserFactory()
    with pytest.raises(ValidationError) as excinfo:
        membership_grant(user=user, organisation=pa_organisation, role=Role.NGO_EDITOR)
    assert "role" in excinfo.value.message_dict
    assert not user.memberships.exists()


@pytest.mark.django_db
def test_role_lookup_is_cached_per_request(make_user, django_assert_num_queries):
    user = make_user("pa_editor")
    from apps.accounts.selectors import user_role_grants_forget

    user_role_grants_forget(user)
    # One query for the roles, two for Django's own permission cache; then no more.
    with django_assert_num_queries(3):
        for perm in PERMISSIONS:
            user.has_perm(perm)


@pytest.mark.django_db
def test_signup_with_email_and_name(client, mailoutbox):
    response = client.post(
        "/de/accounts/signup/",
        {
            "email": "new@example.org",
            "name": "Amal",
            "password1": "a-Long-pass-2026",
            "password2": "a-Long-pass-2026",
        },
    )
    assert response.status_code == 302
    from apps.accounts.models import User

    user = User.objects.get(email="new@example.org")
    assert user.name == "Amal"
    assert user.preferred_language == "de"
    assert len(mailoutbox) == 1
    assert "new@example.org" in mailoutbox[0].to
