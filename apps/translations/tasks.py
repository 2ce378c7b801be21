from celery import shared_task

from apps.translations import machine_services


@shared_task(name="translations.machine_translate_item")
def machine_translate_item(job_id: int) -> dict:
    """Run one machine translation job (an item into one language); see machine_services."""
    job = machine_services.mt_job_run(job_id=job_id)
    if job is None:
        return {"job": job_id, "state": "gone"}
    return {"job": job.pk, "state": job.state, "code": job.message_code, "texts": job.texts}
