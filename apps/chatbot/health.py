"""/healthz entry for the chatbot (registered through settings.MICADO_HEALTH_CHECKS, so
core does not import this app). "embedded" without RASA_URL; with it, Rasa's state: a
Rasa that is down degrades the platform, and the embedded bot answers meanwhile."""

from apps.chatbot.rasa import rasa_status
from apps.core.health import ComponentState


def check_rasa() -> ComponentState:
    status, detail = rasa_status()
    return ComponentState(status, detail)
