from django.shortcuts import render

from apps.accounts.decorators import permission_required
from apps.accounts.roles import Role
from apps.accounts.selectors import organisation_list_for_user, user_roles


@permission_required("administration.access")
def home(request):
    """Start page of the public-administration app: what this caseworker may do."""
    return render(
        request,
        "administration/home.html",
        {
            "organisations": organisation_list_for_user(request.user).filter(kind="pa"),
            "roles": [Role(r).label for r in sorted(user_roles(request.user))],
        },
    )
