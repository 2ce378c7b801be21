from django.shortcuts import render

from apps.accounts.decorators import permission_required
from apps.accounts.selectors import organisation_list_for_user


@permission_required("organisations.access")
def home(request):
    """Start page of the NGO app."""
    return render(
        request,
        "organisations/home.html",
        {"organisations": organisation_list_for_user(request.user).filter(kind="ngo")},
    )
