from celery import shared_task

from apps.content import services


@shared_task(name="content.apply_schedule")
def content_apply_schedule() -> int:
    """Archive items whose withdrawal time passed and events that are over."""
    return services.content_withdraw_due()


@shared_task(name="content.flush_view_counts")
def content_flush_view_counts() -> int:
    """Move the views counted in the cache into ViewCount (docs/organisations.md)."""
    from apps.content import reach_services

    return reach_services.view_counts_flush()
