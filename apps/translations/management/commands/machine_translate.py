from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from apps.core.management.base import BaseCommand
from apps.regions.models import Region
from apps.translations import machine_services
from apps.translations.exchange.selectors import UNIT_MODELS, objects_for_keys
from apps.translations.models import MachineTranslationJob


class Command(BaseCommand):
    language_option = "--interface-language"  # --language is the content's
    help = (
        "Machine pre-translate items (model:pk) or every item of a region with a missing or "
        "outdated translation, with the provider of MICADO_MT_PROVIDER."
    )

    def add_arguments(self, parser):
        parser.add_argument("items", nargs="*", help="Items, e.g. process:12 information:5.")
        parser.add_argument("--language", action="append", required=True, dest="languages",
                            help="A target language (repeat for several).")  # fmt: skip
        parser.add_argument("--region", help="Every item of this region (code) and below.")
        parser.add_argument(
            "--wait", action="store_true", help="Run the jobs here instead of in the worker."
        )

    def handle(self, *args, items, languages, region, wait, **options):
        if not machine_services.mt_enabled():
            raise CommandError(str(machine_services.MESSAGES["off"]))
        owner = None
        if region:
            owner = Region.objects.filter(code=region).first()
            if owner is None:
                raise CommandError(
                    _("There is no region with the code %(code)s.") % {"code": region}
                )
        keys = []
        for token in items:
            kind, _sep, pk = token.partition(":")
            model = UNIT_MODELS.get(kind)
            if model is None or not pk.isdigit() or not hasattr(model, "TITLE_FIELD"):
                raise CommandError(
                    _("“%(token)s” does not name an item; write e.g. process:12.")
                    % {"token": token}
                )
            keys.append((model, int(pk)))
        found = objects_for_keys(keys)
        missing = [f"{m._meta.model_name}:{pk}" for m, pk in keys if (m, pk) not in found]
        if missing:
            raise CommandError(_("There are no items %(ids)s.") % {"ids": ", ".join(missing)})
        try:
            if keys:
                jobs = machine_services.mt_jobs_queue(
                    items=[found[k] for k in keys], languages=languages
                )
            else:
                jobs = machine_services.mt_queue_missing(languages=languages, region=owner)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if wait:
            for job in jobs:
                machine_services.mt_job_run(job_id=job.pk)
        for job in MachineTranslationJob.objects.filter(pk__in=[j.pk for j in jobs]):
            self.stdout.write(
                f"{job.content_type.model}:{job.object_id} {job.language} "
                f"{job.get_state_display()}: {machine_services.job_message(job)}"
            )
        self.stdout.write(_("%(count)d machine translation jobs.") % {"count": len(jobs)})
