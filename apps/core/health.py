"""Health of the runtime components, for /healthz and operators.

Each check returns a ComponentState; a failed optional component (broker,
worker) makes the platform "degraded", a failed database makes it "down".
"""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.module_loading import import_string
from kombu import Connection

from micado.celery import app as celery_app

BROKER_TIMEOUT_SECONDS = 1.0


@dataclass
class ComponentState:
    status: str  # "ok", "embedded", "down"
    detail: str = ""

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v}


def check_database() -> ComponentState:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return ComponentState("down", type(exc).__name__)
    return ComponentState("ok", connection.vendor)


def check_cache() -> ComponentState:
    try:
        cache.set("healthz", "1", 10)
        if cache.get("healthz") != "1":
            return ComponentState("down", "value not returned")
    except Exception as exc:  # noqa: BLE001
        return ComponentState("down", type(exc).__name__)
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return ComponentState("ok", backend)


def _broker_is_embedded() -> bool:
    return settings.CELERY_TASK_ALWAYS_EAGER or settings.CELERY_BROKER_URL.startswith("memory")


def check_broker() -> ComponentState:
    if _broker_is_embedded():
        return ComponentState("embedded", "tasks run in-process")
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception as exc:  # noqa: BLE001
        return ComponentState("down", type(exc).__name__)
    return ComponentState("ok", conn.transport_cls if isinstance(conn.transport_cls, str) else "")


def check_worker(broker: ComponentState) -> ComponentState:
    if broker.status == "embedded":
        return ComponentState("embedded", "tasks run in-process")
    if broker.status != "ok":
        return ComponentState("down", "broker unreachable")
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
            replies = celery_app.control.ping(timeout=BROKER_TIMEOUT_SECONDS, connection=conn)
    except Exception as exc:  # noqa: BLE001
        return ComponentState("down", type(exc).__name__)
    if not replies:
        return ComponentState("down", "no worker answered")
    return ComponentState("ok", f"{len(replies)} worker(s)")


def platform_health() -> tuple[str, dict]:
    database = check_database()
    broker = check_broker()
    components = {
        "database": database,
        "cache": check_cache(),
        "broker": broker,
        "worker": check_worker(broker),
    }
    # Optional components of other apps, {name: "dotted.path.to.check"} (core imports none).
    for name, path in getattr(settings, "MICADO_HEALTH_CHECKS", {}).items():
        try:
            components[name] = import_string(path)()
        except Exception as exc:  # noqa: BLE001 - a broken check reports, never raises
            components[name] = ComponentState("down", type(exc).__name__)
    if database.status == "down":
        overall = "down"
    elif any(c.status == "down" for c in components.values()):
        overall = "degraded"
    else:
        overall = "ok"
    return overall, {name: state.as_dict() for name, state in components.items()}
