"""The chat page `/<lang>/chat/`: the chatbot without JavaScript, a plain form.

GET shows the conversation of this browser session (kept in the Django session, at
most MICADO_CHAT_HISTORY messages, nothing stored elsewhere) and the form; POST sends a
message (or a reply button's payload), stores question and answer in the session and
redirects back (post/redirect/get), so reloading never sends twice. The page is per
session, so it is never cached whole (`Cache-Control: private, no-store`). With
JavaScript, static/js/chat.js opens the same conversation as a panel on any page and
talks to the API instead.
"""

from __future__ import annotations

import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.chatbot.services import chat_reply
from apps.chatbot.throttles import chat_allowed
from apps.migrants import display
from apps.migrants.region import current_region

HISTORY_KEY = "chat_history"
SESSION_KEY = "chat_session"


class ChatForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Your question"),
        strip=True,
        error_messages={"required": gettext_lazy("Write a message.")},
    )

    def clean_message(self):
        value = self.cleaned_data["message"]
        limit = settings.MICADO_CHAT_MAX_LENGTH
        if len(value) > limit:
            raise forms.ValidationError(
                _("The message is too long: write at most %(limit)d characters.") % {"limit": limit}
            )
        return value


def _history(request) -> list[dict]:
    history = request.session.get(HISTORY_KEY)
    return history if isinstance(history, list) else []


def _button_title(history: list[dict], payload: str) -> str:
    """What the visitor saw on the reply button they pressed, not its payload."""
    for entry in reversed(history):
        for button in entry.get("buttons") or []:
            if button.get("payload") == payload:
                return button.get("title") or payload
    return payload


@require_http_methods(["GET", "HEAD", "POST"])
def chat(request):
    history = _history(request)
    form = ChatForm()
    if request.method == "POST":
        if request.POST.get("action") == "clear":
            request.session.pop(HISTORY_KEY, None)
            return redirect("migrants:chat")
        form = ChatForm(request.POST)
        session = request.session.get(SESSION_KEY) or secrets.token_urlsafe(12)
        request.chat_session = session
        if form.is_valid():
            if not chat_allowed(request):
                messages.error(request, _("Too many messages. Please wait a moment and try again."))
                return redirect("migrants:chat")
            text = form.cleaned_data["message"]
            result = chat_reply(
                session=session,
                message=text,
                language=get_language(),
                region=current_region(request),
            )
            shown = _button_title(history, text) if text.startswith("/") else text
            history.append({"from": "user", "text": shown})
            for m in result.messages:
                history.append(
                    {
                        "from": "bot",
                        "text": m.get("text", ""),
                        "links": m.get("custom", {}).get("links", []),
                        "buttons": m.get("buttons", []),
                    }
                )
            request.session[SESSION_KEY] = session
            request.session[HISTORY_KEY] = history[-settings.MICADO_CHAT_HISTORY :]
            return redirect(f"{request.path}#chat-latest")
    response = render(
        request,
        "migrants/chat.html",
        {
            "nav": "chat",
            "region": current_region(request),
            "history": history,
            "form": form,
            "max_length": settings.MICADO_CHAT_MAX_LENGTH,
            "dir": display.language_dir(get_language()),
        },
        status=400 if form.errors else 200,
    )
    patch_cache_control(response, private=True, no_store=True)
    return response
