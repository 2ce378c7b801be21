from celery import shared_task

from apps.content import services


@shared_task(name="content.apply_schedule")
def content_apply_schedule() -> int:
    """Archive items whose withdrawal time passed and events that are over."""
    return services.content_withdraw_due()
