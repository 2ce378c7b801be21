# ruff: noqa: E501
"""Fixtures for the migrant app: a town with postcodes, a client that lives there, and
content filled in en, de, ar and zh-hans through the modeltranslation columns."""

import base64

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from apps.content.models import DocumentTypeImage
from apps.migrants.region import REGION_COOKIE
from tests.content.factories import (
    CommentFactory,
    DocumentTypeFactory,
    GlossaryTermFactory,
    InformationFactory,
    OfficeFactory,
    ProcessFactory,
    StepFactory,
    StepLinkFactory,
    TopicFactory,
    UserTypeFactory,
)
from tests.factories import MunicipalityFactory, OrganisationFactory

LANGS = ("en", "de", "ar", "zh-hans")
# A 1x1 PNG: an "example image" of a document.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)

TEXTS = {
    "process": {
        "en": "Register your address", "de": "Wohnsitz anmelden",
        "ar": "تسجيل عنوان السكن", "zh-hans": "登记住址",
    },
    "summary": {
        "en": "Everyone who moves in must register.", "de": "Wer einzieht, meldet sich an.",
        "ar": "كل من ينتقل يجب أن يسجل.", "zh-hans": "搬家后必须登记。",
    },
    "step1": {"en": "Book an appointment", "de": "Termin buchen", "ar": "احجز موعدا", "zh-hans": "预约"},
    "step2": {"en": "Go to the office", "de": "Zum Amt gehen", "ar": "اذهب إلى المكتب", "zh-hans": "去办公室"},
    "step3": {"en": "Receive the certificate", "de": "Bescheinigung erhalten", "ar": "استلم الشهادة", "zh-hans": "领取证明"},
    "label": {
        "en": "If you already have an appointment", "de": "Wenn Sie schon einen Termin haben",
        "ar": "إذا كان لديك موعد بالفعل", "zh-hans": "如果您已经有预约",
    },
    "office": {"en": "Citizens' office", "de": "Bürgeramt", "ar": "مكتب المواطنين", "zh-hans": "市民办公室"},
    "hours": {"en": "Mon–Fri 8–12", "de": "Mo–Fr 8–12", "ar": "الاثنين–الجمعة 8–12", "zh-hans": "周一至周五 8–12"},
    "access": {"en": "Step-free entrance", "de": "Stufenloser Eingang", "ar": "مدخل بدون درج", "zh-hans": "无障碍入口"},
    "passport": {"en": "Passport", "de": "Reisepass", "ar": "جواز السفر", "zh-hans": "护照"},
    "certificate": {"en": "Registration certificate", "de": "Meldebescheinigung", "ar": "شهادة التسجيل", "zh-hans": "登记证明"},
    "cost": {"en": "free", "de": "kostenlos", "ar": "مجاني", "zh-hans": "免费"},
    "duration": {"en": "15 minutes", "de": "15 Minuten", "ar": "15 دقيقة", "zh-hans": "15分钟"},
    "tip": {"en": "Go early.", "de": "Früh hingehen.", "ar": "اذهب مبكرا.", "zh-hans": "早点去。"},
    "term": {"en": "Residence", "de": "Wohnsitz", "ar": "الإقامة", "zh-hans": "住所"},
    "explanation": {
        "en": "<p>Where you live.</p>", "de": "<p>Wo Sie wohnen.</p>",
        "ar": "<p>حيث تسكن.</p>", "zh-hans": "<p>您居住的地方。</p>",
    },
    "info": {"en": "School system", "de": "Schulsystem", "ar": "النظام المدرسي", "zh-hans": "学校制度"},
    "topic": {"en": "Housing", "de": "Wohnen", "ar": "السكن", "zh-hans": "住房"},
    "group": {"en": "Refugee", "de": "Geflüchtete", "ar": "لاجئ", "zh-hans": "难民"},
}  # fmt: skip


def col(field: str, lang: str) -> str:
    return f"{field}_{lang.replace('-', '_')}"


def tr(field: str, key: str, langs=LANGS) -> dict:
    """{"title_en": ..., "title_ar": ...} for the texts of `key`."""
    return {col(field, lang): TEXTS[key][lang] for lang in langs}


@pytest.fixture
def town(db):
    return MunicipalityFactory(name="Neustadt am See", postcodes="60311 60313")


@pytest.fixture
def other_town(db):
    return MunicipalityFactory(name="Altdorf", postcodes="99999")


def client_in(region) -> Client:
    client = Client()
    client.cookies[REGION_COOKIE] = region.code
    return client


@pytest.fixture
def client(town):
    """An anonymous visitor who chose `town`."""
    return client_in(town)


@pytest.fixture
def organisation(town):
    return OrganisationFactory(region=town, name="Bürgeramt Neustadt")


@pytest.fixture
def topic(db):
    return TopicFactory(icon="housing", **tr("name", "topic"))


@pytest.fixture
def user_type(db):
    return UserTypeFactory(**tr("name", "group"))


@pytest.fixture
def make_process(town, organisation, topic, user_type):
    """make_process(n_steps=3, **fields) -> a published process of `town`, filled in en, de,
    ar and zh-hans: a branch 1 -> 3 with a label, an office, documents with an image, a tip."""

    def make(n_steps: int = 3, *, region=None, langs=LANGS, **fields):
        region = region or town
        org = organisation if region == town else OrganisationFactory(region=region)
        process = ProcessFactory(
            region=region,
            organisation=org,
            **{**tr("title", "process", langs), **tr("summary", "summary", langs), **fields},
        )
        process.topics.add(topic)
        process.user_types.add(user_type)
        office = OfficeFactory(
            region=region,
            organisation=org,
            address="Rathausplatz 1",
            postcode="60311",
            city="Neustadt",
            latitude="50.110900",
            longitude="8.682100",
            phone="+49 69 123",
            **tr("name", "office", langs),
            **tr("opening_hours", "hours", langs),
            **tr("accessibility", "access", langs),
        )
        passport = DocumentTypeFactory(
            region=region, organisation=org, **tr("name", "passport", langs)
        )
        certificate = DocumentTypeFactory(
            region=region, organisation=org, **tr("name", "certificate", langs)
        )
        image = DocumentTypeImage(document_type=certificate, caption_en="A sample certificate")
        image.image.save("sample.png", ContentFile(PNG), save=True)
        steps = []
        for index in range(n_steps):
            key = f"step{index + 1}" if index < 3 else None
            titles = (
                tr("title", key, langs)
                if key
                else {col("title", lang): f"{TEXTS['step1'][lang]} {index + 1}" for lang in langs}
            )
            step = StepFactory(
                process=process,
                position=index,
                office=office,
                **titles,
                **tr("cost", "cost", langs),
                **tr("duration", "duration", langs),
            )
            step.required_documents.add(passport)
            if index == n_steps - 1:
                step.produced_documents.add(certificate)
            steps.append(step)
        for a, b in zip(steps, steps[1:], strict=False):
            StepLinkFactory(process=process, from_step=a, to_step=b)
        if n_steps >= 3:
            StepLinkFactory(
                process=process, from_step=steps[0], to_step=steps[2], **tr("label", "label", langs)
            )
        CommentFactory(process=process, region=region, organisation=org, **tr("text", "tip", langs))
        return process

    return make


@pytest.fixture
def make_term(town, organisation):
    def make(langs=LANGS, *, region=None, **fields):
        region = region or town
        org = organisation if region == town else OrganisationFactory(region=region)
        values = {**tr("term", "term", langs), **tr("explanation", "explanation", langs)}
        values.update(fields)
        return GlossaryTermFactory(region=region, organisation=org, **values)

    return make


@pytest.fixture
def make_information(town, organisation, topic):
    def make(langs=LANGS, *, region=None, topics=(), **fields):
        region = region or town
        org = organisation if region == town else OrganisationFactory(region=region)
        page = InformationFactory(
            region=region, organisation=org, **{**tr("title", "info", langs), **fields}
        )
        page.topics.add(*topics)
        return page

    return make
