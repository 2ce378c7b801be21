"""manage.py render_audio [--region CODE] [--language LANG] [--workers N] [--quiet]

Renders the audio of every published item (of a region and its ancestors, i.e. what
migrants there hear; of one language) that is not current. With a broker configured
the renders are queued for the Celery workers (parallel across them) and the command
follows them; without one, a process pool bounded by the cores renders them here.
Renders are idempotent: what is current costs a fingerprint, not a synthesis.
"""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from apps.core.management.base import BaseCommand
from apps.speech import services


def _init_worker() -> None:
    import django

    django.setup()
    from django.db import connections

    for connection in connections.all():
        connection.close()


def _render_here(job: tuple[str, int, list[str]]) -> float:
    """One item in its languages (read once): the seconds of new audio."""
    label, pk, languages = job
    results = services.item_audio_render_languages(
        model_label=label, item_id=pk, languages=languages
    )
    return sum(result.seconds for result in results.values())


def _by_item(jobs) -> list[tuple[str, int, list[str]]]:
    """(label, pk, language) jobs as one job per item with its languages, longest first
    (processes), so that the pool does not end waiting for one big item."""
    grouped: dict[tuple[str, int], list[str]] = {}
    for label, pk, language in jobs:
        grouped.setdefault((label, pk), []).append(language)
    order = {label: index for index, label in enumerate(services.SPEAKABLE)}
    return [
        (label, pk, languages)
        for (label, pk), languages in sorted(grouped.items(), key=lambda kv: order[kv[0][0]])
    ]


def _render(job: tuple[str, int, list[str]]) -> float:
    """In a pool process: render, then drop a connection that went bad or old."""
    from django.db import close_old_connections

    try:
        return _render_here(job)
    finally:
        close_old_connections()


class Command(BaseCommand):
    language_option = "--interface-language"  # --language is the content's
    help = "Render the audio of published content that has no current audio."

    def add_arguments(self, parser):
        parser.add_argument("--region", help="official key (AGS) of a region")
        parser.add_argument("--language", help="one language code")
        parser.add_argument("--workers", type=int, default=0, help="processes (default: cores)")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, region=None, language=None, workers=0, quiet=False, **options):
        from django.conf import settings

        from apps.regions.models import Region
        from apps.regions.selectors import region_ancestor_ids
        from micado.celery import app

        region_ids = None
        if region:
            found = Region.objects.filter(code=region).first()
            if found is None:
                raise CommandError(
                    _("There is no region with the key %(code)s.") % {"code": region}
                )
            region_ids = region_ancestor_ids(found)
        if language and language not in services.language_codes():
            raise CommandError(_("%(code)s is not a language of this site.") % {"code": language})
        jobs = services.render_jobs(region_ids=region_ids, language=language)
        self.quiet = quiet
        started = time.monotonic()
        seconds = 0.0
        failed = 0
        if not app.conf.task_always_eager and not settings.CELERY_BROKER_URL.startswith("memory"):
            failed = self._through_workers(jobs)
        else:
            workers = workers or os.cpu_count() or 1
            failed, seconds = self._in_pool(jobs, workers)
        elapsed = time.monotonic() - started
        self.stdout.write(
            _(
                "%(count)s renders checked in %(elapsed).1f s, %(audio).0f s of new audio, %(failed)s failed."  # noqa: E501
            )
            % {"count": len(jobs), "elapsed": elapsed, "audio": seconds, "failed": failed}
        )
        if failed:
            raise CommandError(_("Some renders failed; see the log above."))

    def _progress(self, done: int, total: int) -> None:
        if self.quiet or not total:
            return
        width = 30
        filled = int(width * done / total)
        sys.stderr.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{total}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    def _in_pool(self, jobs, workers: int) -> tuple[int, float]:
        """Renders here: one job per item (its languages together, the item read once);
        with more than one worker, a pool of processes, each with its own connection.
        Counts (progress, failures) are in renders, i.e. item × language."""
        failed, seconds, done = 0, 0.0, 0
        total = len(jobs)
        jobs = _by_item(jobs)
        self._progress(0, total)
        if workers <= 1:
            for job in jobs:
                try:
                    seconds += _render_here(job)  # this process's connection stays open
                except Exception as exc:  # noqa: BLE001 - report and go on with the rest
                    failed += len(job[2])
                    self.stderr.write(f"\n{job}: {exc}")
                done += len(job[2])
                self._progress(done, total)
            return failed, seconds
        from django.db import connections

        for connection in connections.all():
            connection.close()  # forked children open their own
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker) as pool:
            futures = {pool.submit(_render, job): job for job in jobs}
            for future in as_completed(futures):
                languages = futures[future][2]
                try:
                    seconds += future.result()
                except Exception as exc:  # noqa: BLE001
                    failed += len(languages)
                    self.stderr.write(f"\n{futures[future]}: {exc}")
                done += len(languages)
                self._progress(done, total)
        return failed, seconds

    def _through_workers(self, jobs) -> int:
        from apps.speech.tasks import render_item

        results = [render_item.delay(*job) for job in jobs]
        pending = set(range(len(results)))
        failed = 0
        self._progress(0, len(jobs))
        while pending:
            for index in list(pending):
                if results[index].ready():
                    pending.discard(index)
                    if results[index].failed():
                        failed += 1
            self._progress(len(jobs) - len(pending), len(jobs))
            if pending:
                time.sleep(0.5)
        return failed
