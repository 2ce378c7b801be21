from datetime import timedelta

from django.shortcuts import render
from django.utils import timezone

from apps.accounts.decorators import permission_required
from apps.accounts.roles import Role
from apps.accounts.selectors import organisation_list_for_user, user_roles
from apps.content import selectors as content_selectors
from apps.content.feedback import feedback_count_since
from apps.translations import selectors as translation_selectors

FEEDBACK_DAYS = 7


@permission_required("administration.access")
def home(request):
    """Start page of the public-administration app: what waits for this person (items to
    review, outdated translations, new feedback, the dashboard), each only for the roles
    that may act on it; a fixed number of queries."""
    user = request.user
    waiting = {}
    if user.has_perm("administration.moderate"):
        waiting["review"] = len(content_selectors.review_queue(user))
    if user.has_perm("content.view_editor"):
        waiting["outdated"] = translation_selectors.outdated_count(user=user)
    if user.has_perm("administration.view_feedback"):
        since = timezone.now() - timedelta(days=FEEDBACK_DAYS)
        waiting["feedback"] = feedback_count_since(user=user, since=since)
    return render(
        request,
        "administration/home.html",
        {
            "organisations": organisation_list_for_user(user, kind="pa"),
            "roles": [Role(r).label for r in sorted(user_roles(user))],
            "waiting": waiting,
            "feedback_days": FEEDBACK_DAYS,
            "dashboard": user.has_perm("dashboard.view_internal"),
        },
    )
