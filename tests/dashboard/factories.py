import factory

from apps.dashboard.models import Indicator, Observation, PublishedChart
from tests.factories import region_state


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test_indicator_{n}")
    name = factory.Sequence(lambda n: f"Test indicator {n}")
    name_en = factory.LazyAttribute(lambda o: o.name)
    name_de = factory.LazyAttribute(lambda o: o.name)
    topic = "labour"
    unit = "count"
    source = "Test source"
    licence = "Test licence"


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    indicator = factory.SubFactory(IndicatorFactory)
    region = factory.LazyFunction(lambda: region_state("08"))
    period = "2020"
    value = 1
    quality = "e"


class PublishedChartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublishedChart

    indicator = factory.LazyFunction(lambda: Indicator.objects.get(code="population"))
    kind = "atlas"
    title = ""
