"""The migration dashboard: an indicator catalogue, observations and import batches.

Every figure shown can be traced: an Observation names its ImportBatch (who
imported which file, when, with its SHA-256) and its Indicator names the source
and the licence.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

PERIOD_RE = re.compile(r"^\d{4}(-Q[1-4]|-\d{2}(-\d{2})?)?$")


def validate_period(value: str) -> None:
    if not PERIOD_RE.match(value or ""):
        raise ValidationError(
            _("“%(value)s” is not a period: use 2019, 2019-Q3, 2019-05 or 2019-12-31."),
            params={"value": value},
            code="invalid_period",
        )


def private_storage():
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)


class Topic(models.TextChoices):
    POPULATION = "population", _("Population")
    RECEPTION = "reception", _("Reception and accommodation")
    LABOUR = "labour", _("Labour market and qualification")
    CHILDCARE = "childcare", _("Childcare")
    SCHOOL = "school", _("School places")
    HOUSING = "housing", _("Housing")
    RECOGNITION = "recognition", _("Recognition counselling")
    COURSES = "courses", _("Integration courses")
    NATURALISATION = "naturalisation", _("Naturalisation")
    CIVIL_SOCIETY = "civil_society", _("Civil-society structures")
    DISTRIBUTION = "distribution", _("Distribution keys")
    PLATFORM = "platform", _("Offers on this platform")


class Cadence(models.TextChoices):
    DAILY = "daily", _("daily")
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")
    ANNUAL = "annual", _("annual")
    IRREGULAR = "irregular", _("irregular")


class Unit(models.TextChoices):
    COUNT = "count", _("number")
    PERCENT = "percent", _("per cent")
    PLACES = "places", _("places")
    PER_1000 = "per_1000", _("per 1,000 inhabitants")


class Indicator(models.Model):
    """One measured quantity, e.g. population on 31 December or the unemployment rate."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices, default=Unit.COUNT)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source address"), blank=True)
    licence = models.CharField(_("licence"), max_length=200)
    cadence = models.CharField(
        _("update cadence"), max_length=12, choices=Cadence.choices, default=Cadence.ANNUAL
    )
    higher_is_better = models.BooleanField(
        _("higher is better"),
        null=True,
        blank=True,
        help_text=_("Empty when a higher value is neither better nor worse."),
    )
    is_capacity = models.BooleanField(
        _("capacity"),
        default=False,
        help_text=_("The value is a number of people a region can still take in (free places)."),
    )
    ordering = models.PositiveSmallIntegerField(_("ordering"), default=100)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["topic", "ordering", "code"]

    def __str__(self) -> str:
        return self.name or self.code


class QualityFlag(models.TextChoices):
    FINAL = "e", _("final")
    PROVISIONAL = "p", _("provisional")
    REVISED = "r", _("revised")
    ESTIMATED = "s", _("estimated")
    NOTHING = "-", _("nothing (zero)")
    UNKNOWN = ".", _("unknown or secret")
    NOT_APPLICABLE = "x", _("not applicable")
    UNCERTAIN = "/", _("too uncertain")
    NOT_YET = "...", _("not yet available")
    UNSPECIFIED = "", _("not stated")


class ImportKind(models.TextChoices):
    GENESIS = "genesis", _("Destatis GENESIS table")
    LONG_CSV = "long_csv", _("Long CSV")
    JSON_PUSH = "json_push", _("JSON push")
    KOENIGSTEIN = "koenigstein", _("Königstein key")
    PLATFORM = "platform", _("Platform figures")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    RUNNING = "running", _("running")
    DONE = "done", _("imported")
    FAILED = "failed", _("failed, nothing imported")


class ImportBatch(models.Model):
    """One import: who, when, which file (and its hash), how many rows were read and rejected."""

    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    mapping = models.CharField(_("mapping"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file = models.FileField(
        _("file"), upload_to="dashboard/imports/", storage=private_storage, blank=True
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rows rejected"), default=0)
    observations_created = models.PositiveIntegerField(_("observations created"), default=0)
    observations_updated = models.PositiveIntegerField(_("observations updated"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} {self.file_name}"


class Observation(models.Model):
    """The value of one indicator in one region for one period."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="observations",
        verbose_name=_("indicator"),
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.CASCADE,
        related_name="observations",
        verbose_name=_("region"),
    )
    period = models.CharField(_("period"), max_length=10, validators=[validate_period])
    value = models.DecimalField(_("value"), max_digits=22, decimal_places=6, null=True, blank=True)
    quality = models.CharField(
        _("quality flag"), max_length=3, choices=QualityFlag.choices, blank=True
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("import batch"),
    )

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "period"], name="dashboard_observation_unique"
            )
        ]
        indexes = [models.Index(fields=["indicator", "period"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.region_id} {self.period}: {self.value}"


class ChartKind(models.TextChoices):
    ATLAS = "atlas", _("Map of the Länder")
    RANKING = "ranking", _("Comparison of regions")
    SERIES = "series", _("Time series")


class PublishedChart(models.Model):
    """A chart an analyst has published on the public statistics page of the migrant app."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="+", verbose_name=_("indicator")
    )
    kind = models.CharField(_("chart"), max_length=10, choices=ChartKind.choices)
    period = models.CharField(
        _("period"),
        max_length=10,
        blank=True,
        validators=[validate_period],
        help_text=_("Empty: always the latest period."),
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
        help_text=_("For a time series: the region shown."),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    ordering = models.PositiveSmallIntegerField(_("ordering"), default=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("published chart")
        verbose_name_plural = _("published charts")
        ordering = ["ordering", "pk"]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()}: {self.indicator}"

    def clean(self) -> None:
        if self.kind == ChartKind.SERIES and self.region_id is None:
            raise ValidationError({"region": _("A time series needs a region.")})


class IndexProfile(models.Model):
    """The weights of the Standortatlas index, editable by analysts.

    `weights` maps indicator codes to non-negative numbers; the composition of
    each component (per inhabitant or not) is fixed in apps/dashboard/index.py.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    weights = models.JSONField(_("weights"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("index weights")
        verbose_name_plural = _("index weights")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not isinstance(self.weights, dict):
            raise ValidationError({"weights": _("The weights must be a mapping.")})
        for code, weight in self.weights.items():
            if not isinstance(weight, int | float) or weight < 0:
                raise ValidationError(
                    {
                        "weights": _("The weight of %(code)s must be a number of at least 0.")
                        % {"code": code}
                    }
                )
