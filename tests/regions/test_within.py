"""One rule for "a region at or below another", used by content permissions and feedback."""

import pytest

from apps.accounts.models import Organisation
from apps.regions.models import Region
from apps.regions.selectors import region_within, region_within_q
from tests.factories import DistrictFactory, MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    town = MunicipalityFactory()
    other_town = MunicipalityFactory(parent=DistrictFactory())
    return {
        "town": town,
        "district": town.parent,
        "land": town.parent.parent,
        "federation": Region.objects.get(code="DE"),
        "other_town": other_town,
    }


@pytest.mark.parametrize(
    ("ancestor", "below"),
    [
        ("town", {"town"}),
        ("district", {"district", "town"}),
        ("land", {"land", "district", "town", "other_town"}),
        ("federation", {"federation"}),  # a federal office is not every Land's office
    ],
)
def test_the_predicate_and_the_filter_agree(tree, ancestor, below):
    root = tree[ancestor]
    orgs = {name: OrganisationFactory(region=region) for name, region in tree.items()}
    found = {
        name
        for name, region in tree.items()
        if region_within(region, ancestor_id=root.pk, ancestor_code=root.code)
    }
    assert found == below
    listed = set(
        Organisation.objects.filter(
            region_within_q(ancestor_id=root.pk, ancestor_code=root.code)
        ).values_list("pk", flat=True)
    )
    assert listed == {orgs[name].pk for name in below}
    assert not region_within(None, ancestor_id=root.pk, ancestor_code=root.code)
