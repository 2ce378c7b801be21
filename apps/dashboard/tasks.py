"""Celery tasks of the dashboard: they take ids and call services."""

from celery import shared_task


@shared_task(name="dashboard.run_import")
def run_import(batch_id: int) -> str:
    from apps.dashboard.services import import_batch_run

    return import_batch_run(batch_id=batch_id).batch.status


@shared_task(name="dashboard.compute_platform_figures")
def compute_platform_figures() -> int:
    from apps.dashboard.services import platform_figures_compute

    return platform_figures_compute().batch.observations_created
