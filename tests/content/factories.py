"""Factories for content. They write rows directly (fast set-up for read tests);
tests of writes go through apps.content.services."""

import datetime as dt

import factory
from django.utils import timezone

from apps.content.models import (
    Comment,
    CounsellingOffer,
    Course,
    DocumentType,
    Event,
    GlossaryTerm,
    Information,
    Office,
    Process,
    Status,
    Step,
    StepLink,
    Topic,
    UserType,
)
from tests.factories import MunicipalityFactory, OrganisationFactory


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name_de = factory.Sequence(lambda n: f"Thema {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


class UserTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserType

    name_de = factory.Sequence(lambda n: f"Gruppe {n}")
    name_en = factory.Sequence(lambda n: f"Group {n}")


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    region = factory.SubFactory(MunicipalityFactory)
    organisation = factory.SubFactory(OrganisationFactory, region=factory.SelfAttribute("..region"))
    source_language = "de"
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class ProcessFactory(ItemFactory):
    class Meta:
        model = Process

    title_de = factory.Sequence(lambda n: f"Verfahren {n}")
    title_en = factory.Sequence(lambda n: f"Process {n}")
    description_de = "<p>Beschreibung</p>"


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    process = factory.SubFactory(ProcessFactory)
    title_de = factory.Sequence(lambda n: f"Schritt {n}")
    position = factory.Sequence(int)


class StepLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StepLink

    process = factory.SubFactory(ProcessFactory)
    from_step = factory.SubFactory(StepFactory, process=factory.SelfAttribute("..process"))
    to_step = factory.SubFactory(StepFactory, process=factory.SelfAttribute("..process"))


class DocumentTypeFactory(ItemFactory):
    class Meta:
        model = DocumentType

    name_de = factory.Sequence(lambda n: f"Dokument {n}")
    issuer_de = "Bürgeramt"
    validity_days = 365


class GlossaryTermFactory(ItemFactory):
    class Meta:
        model = GlossaryTerm

    term_de = factory.Sequence(lambda n: f"Begriff{n}")
    explanation_de = "<p>Erklärung</p>"


class InformationFactory(ItemFactory):
    class Meta:
        model = Information

    title_de = factory.Sequence(lambda n: f"Information {n}")
    body_de = "<p>Text</p>"


class EventFactory(ItemFactory):
    class Meta:
        model = Event

    title_de = factory.Sequence(lambda n: f"Veranstaltung {n}")
    start = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))
    end = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3, hours=2))


class CourseFactory(ItemFactory):
    class Meta:
        model = Course

    title_de = factory.Sequence(lambda n: f"Kurs {n}")
    level = "A1"
    places_total = 20
    places_left = 5


class OfficeFactory(ItemFactory):
    class Meta:
        model = Office

    name_de = factory.Sequence(lambda n: f"Bürgeramt {n}")
    address = "Rathausplatz 1"


class CommentFactory(ItemFactory):
    class Meta:
        model = Comment

    process = factory.SubFactory(ProcessFactory)
    text_de = "Früh hingehen, die Schlange ist lang."


class CounsellingOfferFactory(ItemFactory):
    class Meta:
        model = CounsellingOffer

    title_de = factory.Sequence(lambda n: f"Beratung {n}")
    kind = "recognition"
    languages = factory.LazyFunction(lambda: ["de", "ar"])
