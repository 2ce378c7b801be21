"""Topics and user types belong to a region like content does (null: shared by all).

The defect: the real MICADO dump (Antwerp pilot, tests/data/micado/) filled the topic
select of every region with its ~45 tags ("test", "leefloon", "OCMW Social Worker").
Imported tags now belong to the imported region, and the PA screens and the editor API
offer and accept only the tags of the user's region and the regions above it.
"""

import pytest
from django.utils import translation

from apps.accounts.roles import OrganisationKind
from apps.content.models import Process, Topic, UserType
from apps.importers.micado import micado_import
from tests.administration.content.conftest import url
from tests.api.content.conftest import api_client  # noqa: F401 - the fixture
from tests.factories import MunicipalityFactory, OrganisationFactory

SOURCE = "micado:BE-11002"


@pytest.fixture
def pilot(dump, region):
    """The Antwerp pilot imported into its own region (tests/importers/conftest.py)."""
    micado_import(dump, region=region)
    return region


@pytest.fixture
def tags(pilot, pa_organisation):
    shared = Topic.objects.create(name_de="Wohnen", name_en="Housing")
    own = Topic.objects.create(name_de="Lindenfelder Tafel", region=pa_organisation.region)
    elsewhere = Topic.objects.create(name_de="Altdorfer Markt", region=MunicipalityFactory())
    group = UserType.objects.create(name_de="Geflüchtete", name_en="Refugees")
    imported_topic = Topic.objects.filter(external_source=SOURCE).first()
    imported_type = UserType.objects.filter(external_source=SOURCE).first()
    return {
        "shared": shared,
        "own": own,
        "elsewhere": elsewhere,
        "group": group,
        "imported_topic": imported_topic,
        "imported_type": imported_type,
    }


def options(html: str, pks, name: str = "topics") -> set[int]:
    """The ids among `pks` offered by the select `name`."""
    start = html.index(f'name="{name}"')
    select = html[start : html.index("</select>", start)]
    return {pk for pk in pks if f'<option value="{pk}"' in select}


@pytest.mark.django_db
def test_imported_tags_belong_to_the_imported_region(pilot):
    topics = Topic.objects.filter(external_source=SOURCE)
    types = UserType.objects.filter(external_source=SOURCE)
    assert topics.count() > 10 and types.count() > 3
    assert set(topics.values_list("region", flat=True)) == {pilot.pk}
    assert set(types.values_list("region", flat=True)) == {pilot.pk}


@pytest.mark.django_db
def test_pa_forms_offer_only_the_tags_of_the_region_and_above(role_client, tags, pilot):
    client = role_client("pa_editor")
    html = client.get(url("content-create", "process")).content.decode()
    every_topic = list(Topic.objects.values_list("pk", flat=True))
    every_type = list(UserType.objects.values_list("pk", flat=True))
    assert options(html, every_topic) == {tags["shared"].pk, tags["own"].pk}
    assert options(html, every_type, "user_types") == {tags["group"].pk}
    assert "leefloon" not in html.lower()
    # The PA of the pilot region sees its own imported tags (and the shared ones).
    pilot_pa = OrganisationFactory(kind=OrganisationKind.PUBLIC_AUTHORITY, region=pilot)
    html = (
        role_client("pa_editor", organisation=pilot_pa)
        .get(url("content-create", "process"))
        .content.decode()
    )
    mine = set(Topic.objects.filter(region=pilot).values_list("pk", flat=True))
    assert options(html, every_topic) == mine | {tags["shared"].pk}


@pytest.mark.django_db
def test_a_tag_of_another_region_is_refused_and_nothing_is_saved(role_client, tags):
    client = role_client("pa_editor")
    response = client.post(
        url("content-create", "process"),
        {"title_de": "Arbeit suchen", "topics": [tags["imported_topic"].pk]},
    )
    assert response.status_code == 200
    assert not Process.objects.filter(title_de="Arbeit suchen").exists()


@pytest.mark.django_db
def test_editor_api_refuses_tags_of_another_region(api_client, tags, pa_organisation):  # noqa: F811
    from apps.content import services

    client = api_client("pa_editor")
    with translation.override("en"):
        create = client.post(
            "/api/v1/editor/processes/",
            {
                "organisation": pa_organisation.pk,
                "title": {"de": "Wohnung suchen"},
                "topics": [tags["imported_topic"].pk],
            },
            format="json",
        )
    assert create.status_code == 400, create.content
    assert not Process.objects.filter(title_de="Wohnung suchen").exists()
    process = services.item_create(
        model=Process,
        user=client.user,
        organisation=pa_organisation,
        region=pa_organisation.region,
        data={"title_de": "Wohnung suchen"},
    )
    response = client.patch(
        f"/api/v1/editor/processes/{process.pk}/",
        {"version": process.version, "user_types": [tags["imported_type"].pk]},
        format="json",
    )
    assert response.status_code == 400
    process.refresh_from_db()
    assert process.version == 1 and not process.user_types.exists()
    ok = client.patch(
        f"/api/v1/editor/processes/{process.pk}/",
        {"version": 1, "topics": [tags["own"].pk, tags["shared"].pk]},
        format="json",
    )
    assert ok.status_code == 200, ok.content


@pytest.mark.django_db
def test_pa_taxonomy_screen_lists_and_edits_only_the_regions_tags(
    role_client, tags, pa_organisation
):
    client = role_client("pa_editor")
    html = client.get(url("content-list", "topic")).content.decode()
    assert "Lindenfelder Tafel" in html and "Wohnen" in html
    assert "Altdorfer Markt" not in html
    assert url("content-edit", "topic", tags["imported_topic"].pk) not in html
    assert url("content-edit", "topic", tags["own"].pk) in html
    assert client.get(url("content-edit", "topic", tags["imported_topic"].pk)).status_code == 404
    # A new topic belongs to the editor's region, not to everybody.
    response = client.post(url("content-create", "topic"), {"name_de": "Sprachcafé", "position": 0})
    assert response.status_code == 302
    assert Topic.objects.get(name_de="Sprachcafé").region == pa_organisation.region
