"""The "Was this helpful?" form under every migrant page: a plain POST, no JavaScript.

One answer per page and session (the session remembers the pages answered), at most
MAX_PER_SESSION answers per session, and at most MICADO_FEEDBACK_RATE_PER_HOUR posts
per client address and hour (a script that drops its cookies gets 429), so one visitor
cannot flood the list.
Stored through `content.feedback.feedback_create` with the item's region, else the
visitor's; the PA staff of that region (or above it) read them at /pa/feedback/.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from apps.content.feedback import feedback_create, feedback_item
from apps.content.models import Feedback
from apps.core.origin import same_origin_post
from apps.core.ratelimit import client_address, rate_allow
from apps.migrants.region import current_region

SESSION_KEY = "micado_feedback"
MAX_PER_SESSION = 50


class FeedbackForm(forms.Form):
    helpful = forms.ChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        error_messages={"required": _("Choose “Yes” or “No”.")},
    )
    comment = forms.CharField(
        label=_("Your comment (optional)"),
        required=False,
        max_length=Feedback.COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    path = forms.CharField(max_length=500)
    item = forms.CharField(max_length=40, required=False)


def answered(request) -> list[str]:
    return list(request.session.get(SESSION_KEY, []))


def already_given(request, path: str) -> bool:
    """True if this session answered for `path` (no database query for a visitor
    without a session)."""
    if not getattr(request, "session", None) or request.session.session_key is None:
        return False
    return path in answered(request)


def _safe_path(request, path: str) -> str:
    if path.startswith("/") and url_has_allowed_host_and_scheme(
        path, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return path
    return ""


# No CSRF token (`same_origin_post`): the form is on every page, and those pages are
# cached for all anonymous visitors (`page_cache`), so it cannot carry a token. That is
# safe here: an answer is anonymous (no user, no IP address is stored, the same for a
# signed-in visitor), it changes nothing of the visitor's own, the input is validated
# (answer, length, a path on this site) and answers are limited per session. A forged
# POST could do no more than anyone can do by posting the form directly, and a
# cross-site POST from a browser is still refused by the Origin check.
@same_origin_post
@require_POST
def feedback(request):
    form = FeedbackForm(request.POST)
    path = _safe_path(request, request.POST.get("path", ""))
    back = path or reverse("migrants:home")
    if not rate_allow(
        scope="feedback",
        ident=client_address(request),
        limit=settings.MICADO_FEEDBACK_RATE_PER_HOUR,
        period=3600,
    ):
        form.is_valid()
        form.add_error(
            None, gettext("We received too many answers from your connection. Please try later.")
        )
        return render(
            request,
            "migrants/feedback.html",
            {
                "form": form,
                "back": back,
                "path": path,
                "item_ref": "",
                "max_length": Feedback.COMMENT_MAX_LENGTH,
            },
            status=429,
        )
    if form.is_valid() and not path:
        form.add_error(None, gettext("We could not tell which page your answer is about."))
    if not form.is_valid():
        return render(
            request,
            "migrants/feedback.html",
            {
                "form": form,
                "back": back,
                "path": path,
                "item_ref": (form["item"].value() or "")[:40],
                "max_length": Feedback.COMMENT_MAX_LENGTH,
            },
            status=400,
        )
    done = answered(request)
    if path in done:
        messages.info(request, gettext("You already told us about this page. Thank you!"))
        return HttpResponseRedirect(back + "#feedback")
    if len(done) >= MAX_PER_SESSION:
        messages.info(request, gettext("Thank you! We have enough answers from you for now."))
        return HttpResponseRedirect(back + "#feedback")
    item = feedback_item(form.cleaned_data["item"])
    feedback_create(
        path=path,
        helpful=form.cleaned_data["helpful"] == "yes",
        comment=form.cleaned_data["comment"],
        language=get_language(),
        item=item,
        # An answer about an item belongs to the item's region; any other answer to
        # the region the visitor chose (else the default), so that region's staff read it.
        region=current_region(request) if item is None else None,
    )
    request.session[SESSION_KEY] = [*done, path]
    messages.success(request, gettext("Thank you for your answer. It helps us improve this page."))
    return HttpResponseRedirect(back + "#feedback")
