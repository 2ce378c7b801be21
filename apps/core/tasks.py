from celery import shared_task


@shared_task(bind=True, name="core.health_ping")
def health_ping(self, token: str) -> dict:
    """Round-trip through the broker; says which worker ran it (None when run in-process)."""
    return {"token": token, "worker": self.request.hostname, "eager": bool(self.request.is_eager)}
