from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from apps.content.fields import language_codes
from apps.core.management.base import BaseCommand
from apps.regions.models import Region
from apps.translations.exchange.formats import FORMATS, export
from apps.translations.exchange.selectors import units_select
from apps.translations.models import State


class Command(BaseCommand):
    language_option = "--interface-language"  # --language is the content's
    help = "Export texts to translate as XLIFF 1.2, XLIFF 2.0 or PO for one language."

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=sorted(FORMATS), dest="fmt")
        parser.add_argument("--language", required=True, help="The target language.")
        parser.add_argument("--region", help="Only items of this region (code) and below.")
        parser.add_argument(
            "--state",
            help="Only these translation states, comma separated (e.g. missing,outdated).",
        )
        parser.add_argument(
            "--source-language", help="Items written in this language (default: the platform's)."
        )
        parser.add_argument("--published", action="store_true", help="Only published items.")
        parser.add_argument("-o", "--output", required=True, help="The file to write.")

    def handle(self, *args, fmt, language, region, state, source_language, published, output,
               **options):  # fmt: skip
        if language not in language_codes():
            raise CommandError(_("Unknown language: %(code)s.") % {"code": language})
        owner = None
        if region:
            owner = Region.objects.filter(code=region).first()
            if owner is None:
                raise CommandError(
                    _("There is no region with the code %(code)s.") % {"code": region}
                )
        states = [s.strip() for s in state.split(",") if s.strip()] if state else None
        unknown = sorted(set(states or ()) - set(State.values))
        if unknown:
            raise CommandError(
                _("Unknown translation state: %(state)s.") % {"state": ", ".join(unknown)}
            )
        if source_language and source_language not in language_codes():
            raise CommandError(_("Unknown language: %(code)s.") % {"code": source_language})
        selection = units_select(
            language=language,
            source_language=source_language,
            region=owner,
            states=states,
            published_only=published,
        )
        Path(output).write_bytes(export(selection, fmt))
        self.stdout.write(
            _("%(units)d texts of %(items)d items written to %(file)s.")
            % {"units": len(selection.units), "items": selection.items, "file": output}
        )
        if selection.other_source:
            self.stdout.write(
                _("%(count)d items written in another source language were left out.")
                % {"count": selection.other_source}
            )
