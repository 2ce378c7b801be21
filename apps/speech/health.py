"""Health check of the speech engine, registered in settings.MICADO_HEALTH_CHECKS."""

from apps.core.health import ComponentState
from apps.speech.backends import espeak


def check_speech() -> ComponentState:
    path = espeak.binary()
    if not path:
        return ComponentState(
            "embedded", "espeak-ng not installed: browsers read aloud with their own voices"
        )
    return ComponentState("ok", f"espeak-ng {espeak.engine_version(path)}")
