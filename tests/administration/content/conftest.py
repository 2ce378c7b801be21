"""Fixtures for the PA authoring screens: content made through the content services."""

import pytest
from django.urls import reverse
from django.utils import translation

from apps.content import services
from apps.content.models import DocumentType, Office, Process, Topic


def url(name: str, *args) -> str:
    """English URLs, so messages and errors come back in English."""
    with translation.override("en"):
        return reverse(f"administration:{name}", args=args)


@pytest.fixture
def author(make_user):
    return make_user("pa_editor")


@pytest.fixture
def publisher(make_user):
    return make_user("pa_admin")


@pytest.fixture
def make_item(author, pa_organisation):
    """make_item(Model, title, user=author, organisation=pa_organisation, **fields)."""

    def make(model, title: str, *, user=None, organisation=None, **fields):
        organisation = organisation or pa_organisation
        title_field = model.TITLE_FIELD
        return services.item_create(
            model=model,
            user=user or author,
            organisation=organisation,
            region=organisation.region,
            data={f"{title_field}_de": title, **fields},
        )

    return make


@pytest.fixture
def process_with_steps(make_item, author):
    """make(n) -> a draft process with n steps, a labelled branch 1 -> last, documents, office."""

    def make(n: int = 3, title: str = "Wohnsitz anmelden") -> Process:
        process = make_item(Process, title)
        office = make_item(Office, "Bürgeramt Mitte")
        document = make_item(DocumentType, "Reisepass")
        steps = []
        for index in range(n):
            steps.append(
                services.step_create(
                    process=process,
                    user=author,
                    expected_version=process.version,
                    data={"title": f"Schritt {index + 1}", "office": office.pk},
                    required_documents=[document.pk],
                )
            )
        if n > 2:
            services.step_link_create(
                process=process,
                user=author,
                expected_version=process.version,
                from_step=steps[0],
                to_step=steps[-1],
                label={"de": "Wenn Sie schon eine Wohnung haben"},
            )
        process.refresh_from_db()
        return process

    return make


@pytest.fixture
def topic(db):
    return Topic.objects.create(name_de="Wohnen", name_en="Housing")
