from fractions import Fraction

import pytest

from apps.dashboard.allocation import (
    KEY_INDEX,
    KEY_KOENIGSTEIN,
    KEY_POPULATION,
    AllocationError,
    allocation_simulate,
    largest_remainder,
)
from apps.dashboard.index import default_weights
from apps.dashboard.selectors import states


def test_largest_remainder_small_example():
    allocation, exact = largest_remainder(10, {"a": 1, "b": 1, "c": 1})
    assert sorted(allocation.values()) == [3, 3, 4]
    assert allocation["a"] == 4  # tie on remainders and quotas: official key order
    assert exact["b"] == Fraction(10, 3)


def test_largest_remainder_respects_caps():
    allocation, _exact = largest_remainder(100, {"a": 1, "b": 1, "c": 2}, {"c": 10})
    assert allocation == {"a": 45, "b": 45, "c": 10}


def test_largest_remainder_rejects_bad_keys():
    with pytest.raises(AllocationError):
        largest_remainder(10, {"a": 0, "b": 0})
    with pytest.raises(AllocationError):
        largest_remainder(10, {"a": -1, "b": 2})


@pytest.mark.django_db
def test_100000_people_by_koenigstein_2019(shipped_data):
    sim = allocation_simulate(
        total=100_000, year="2019", states=states(), weights=default_weights(), capacity_codes=[]
    )
    assert KEY_KOENIGSTEIN in sim.keys
    people = [row.people[KEY_KOENIGSTEIN] for row in sim.rows]
    assert sum(people) == 100_000
    assert all(isinstance(p, int) for p in people)
    for row in sim.rows:
        exact = row.shares[KEY_KOENIGSTEIN] * 1000  # share in % of 100,000
        assert abs(row.people[KEY_KOENIGSTEIN] - exact) < 1
    nrw = next(r for r in sim.rows if r.region.code == "05")
    assert nrw.people[KEY_KOENIGSTEIN] == 21076


@pytest.mark.django_db
def test_population_and_index_keys(shipped_data):
    sim = allocation_simulate(
        total=100_000, year="2019", states=states(), weights=default_weights(), capacity_codes=[]
    )
    assert sim.keys == [KEY_KOENIGSTEIN, KEY_POPULATION, KEY_INDEX]
    assert sim.population_period == "2019-12-31"
    for key in sim.keys:
        assert sum(r.people[key] for r in sim.rows) == 100_000
    bw = next(r for r in sim.rows if r.region.code == "08")
    from apps.dashboard.models import Observation

    pop = Observation.objects.filter(indicator__code="population", period="2019-12-31")
    total = sum(o.value for o in pop)
    assert abs(bw.people[KEY_POPULATION] - 100_000 * 11100394 / float(total)) < 1
    assert bw.drivers  # the index key names what moves it


@pytest.mark.django_db
def test_capacity_caps_the_index_key(shipped_data):
    from apps.dashboard.services import import_file

    import_file(
        kind="long_csv",
        content=b"region;indicator;period;value\n11;free_accommodation_places;2024-05;500\n",
        file_name="cap.csv",
    )
    sim = allocation_simulate(
        total=100_000,
        year="2019",
        states=states(),
        weights=default_weights(),
        capacity_codes=["free_accommodation_places"],
    )
    berlin = next(r for r in sim.rows if r.region.code == "11")
    assert berlin.people[KEY_INDEX] == 500
    assert berlin.capped
    assert sum(r.people[KEY_INDEX] for r in sim.rows) == 100_000
