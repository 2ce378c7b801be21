import factory
from allauth.account.models import EmailAddress

from apps.accounts.models import Membership, Organisation, User
from apps.accounts.roles import OrganisationKind
from apps.regions.models import Region, RegionLevel


def region_state(code: str = "06") -> Region:
    """A Land created by the regions data migration."""
    return Region.objects.get(code=code)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"06{900 + n % 99:03d}")
    name = factory.Sequence(lambda n: f"Landkreis Test {n}")
    level = RegionLevel.DISTRICT
    parent = factory.LazyFunction(lambda: region_state("06"))


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    parent = factory.SubFactory(DistrictFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.parent.code}{n % 999:03d}")
    name = factory.Sequence(lambda n: f"Testgemeinde {n}")
    level = RegionLevel.MUNICIPALITY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "pw-Secret-123")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = OrganisationKind.PUBLIC_AUTHORITY
    region = factory.SubFactory(MunicipalityFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "pa_editor"
