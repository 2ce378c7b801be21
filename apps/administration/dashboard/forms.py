from django import forms
from django.utils.translation import gettext_lazy as _

from apps.dashboard.catalogue import LANGS
from apps.dashboard.importers.genesis import mapping_names
from apps.dashboard.index import COMPONENTS
from apps.dashboard.models import ChartKind, ImportKind, Indicator, PublishedChart
from apps.regions.models import Region, RegionLevel

MAX_UPLOAD = 50 * 1024 * 1024


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class OverviewForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(r.code, r.name) for r in regions]


class AtlasForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"))
    period = forms.ChoiceField(label=_("Period"), required=False)
    level = forms.TypedChoiceField(
        label=_("Regions"),
        coerce=int,
        choices=[(RegionLevel.STATE, _("Länder")), (RegionLevel.DISTRICT, _("Kreise"))],
        initial=RegionLevel.STATE,
        required=False,
    )

    def __init__(self, *args, indicators, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(i.code, i.name) for i in indicators]
        self.fields["period"].choices = [("", _("latest"))] + [(p, p) for p in periods]


class SeriesForm(forms.Form):
    regions = forms.MultipleChoiceField(
        label=_("Regions to compare"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].choices = [(r.code, r.name) for r in regions]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of file"),
        choices=[
            (ImportKind.GENESIS, ImportKind.GENESIS.label),
            (ImportKind.LONG_CSV, ImportKind.LONG_CSV.label),
            (ImportKind.KOENIGSTEIN, ImportKind.KOENIGSTEIN.label),
        ],
    )
    mapping = forms.ChoiceField(
        label=_("Mapping (GENESIS tables)"),
        required=False,
        help_text=_("Leave empty to choose it from the table number in the file."),
    )
    file = forms.FileField(label=_("File (CSV)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mapping"].choices = [("", _("automatic"))] + [(n, n) for n in mapping_names()]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload


class IndexWeightsForm(forms.Form):
    def __init__(self, *args, weights, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        for comp in COMPONENTS:
            indicator = indicators.get(comp.code)
            if indicator is None:
                continue
            self.fields[comp.code] = forms.FloatField(
                label=indicator.name,
                min_value=0,
                max_value=100,
                initial=weights.get(comp.code, 0),
                required=True,
            )

    def weights(self) -> dict[str, float]:
        return dict(self.cleaned_data)


class AllocationForm(forms.Form):
    total = forms.IntegerField(
        label=_("Number of people"), min_value=1, max_value=10_000_000, initial=100_000
    )
    year = forms.ChoiceField(label=_("Year of the Königstein key"))
    strength = forms.FloatField(
        label=_("Weight of the index in the integration key"),
        min_value=0,
        max_value=1,
        initial=0.5,
        help_text=_("0: population only; 1: the index factor ranges from 0 to 2."),
    )
    capacities = forms.MultipleChoiceField(
        label=_("Capacity limits"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, years, capacity_indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        if years:
            self.fields["year"].initial = "2019" if "2019" in years else years[-1]
        self.fields["capacities"].choices = [(i.code, i.name) for i in capacity_indicators]


class PublishedChartForm(forms.ModelForm):
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.none(), to_field_name="code"
    )
    region = RegionChoiceField(
        label=_("Region (time series only)"),
        queryset=Region.objects.filter(level__lte=RegionLevel.STATE).order_by("level", "name"),
        required=False,
    )
    kind = forms.ChoiceField(label=_("Chart"), choices=ChartKind.choices)

    class Meta:
        model = PublishedChart
        fields = [
            "indicator",
            "kind",
            "period",
            "region",
            *[f"title_{lang}" for lang in LANGS],
            *[f"explanation_{lang}" for lang in LANGS],
            "ordering",
            "is_published",
        ]

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["indicator"].label_from_instance = lambda obj: obj.name
