"""The NGO demo data: members, profiles in 11 languages, counselling offers, a queue."""

import pytest

from apps.accounts.roles import Role
from apps.content.fields import column, language_codes
from apps.content.models import CounsellingOffer, OrganisationProfile, Status
from apps.demo.foundation import load_foundation
from apps.demo.municipality import load_municipality
from apps.demo.ngos import NGOS, load_ngos


@pytest.mark.django_db
def test_demo_ngos():
    load_foundation()
    load_municipality()
    counts = load_ngos()
    assert counts == {"profiles": 5, "counselling offers": 5, "waiting for moderation": 3}
    for key in NGOS:
        profile = OrganisationProfile.objects.select_related("organisation").get(
            organisation__slug=key
        )
        assert all(getattr(profile, column("description", c)) for c in language_codes())
        assert profile.topics.exists() and profile.languages
        assert profile.organisation.memberships.filter(role=Role.NGO_ADMIN).exists()
    assert CounsellingOffer.objects.filter(status=Status.PUBLISHED).count() == 2
    assert load_ngos() == counts  # a second run changes nothing
    assert CounsellingOffer.objects.count() == 5
