"""Demo municipality, organisations and one account per role (for `make run`).

Lindenfeld is fictional; it lies in a fictional district of the real Land Hessen.
Idempotent: running it again updates, never duplicates.
"""

from dataclasses import dataclass

from django.db import transaction

from apps.accounts.models import Membership, Organisation, User
from apps.accounts.roles import OrganisationKind, Role
from apps.regions.models import Region, RegionLevel, TenantSettings
from apps.regions.selectors import tenant_cache_clear

DEMO_PASSWORD = "micado-demo-2026"  # noqa: S105 - demo accounts, printed by make run
DEMO_DISTRICT = ("06999", "Landkreis Lindenfeld")
DEMO_MUNICIPALITY = ("06999001", "Lindenfeld", "35999 35998")

DISPLAY_NAMES = {
    "ar": "أهلاً بكم في ليندنفيلد",
    "zh_hans": "欢迎来到林登费尔德",
    "prs": "به لیندنفلد خوش آمدید",
    "nl": "Welkom in Lindenfeld",
    "en": "Welcome to Lindenfeld",
    "de": "Willkommen in Lindenfeld",
    "it": "Benvenuti a Lindenfeld",
    "ru": "Добро пожаловать в Линденфельд",
    "es": "Bienvenidos a Lindenfeld",
    "uk": "Ласкаво просимо до Лінденфельда",
    "ur": "لنڈن فیلڈ میں خوش آمدید",
}

ORGANISATIONS = [
    (
        "stadt-lindenfeld",
        "Stadt Lindenfeld – Bürgerbüro und Ausländerbehörde",
        OrganisationKind.PUBLIC_AUTHORITY,
    ),
    ("fluechtlingshilfe-lindenfeld", "Flüchtlingshilfe Lindenfeld e. V.", OrganisationKind.NGO),
]

ACCOUNTS = [
    ("pa-admin@example.org", "Petra Admin", "stadt-lindenfeld", Role.PA_ADMIN),
    ("pa-editor@example.org", "Emil Editor", "stadt-lindenfeld", Role.PA_EDITOR),
    ("pa-translator@example.org", "Tara Translator", "stadt-lindenfeld", Role.PA_TRANSLATOR),
    ("pa-analyst@example.org", "Anna Analyst", "stadt-lindenfeld", Role.PA_ANALYST),
    ("ngo-admin@example.org", "Nadia NGO-Admin", "fluechtlingshilfe-lindenfeld", Role.NGO_ADMIN),
    ("ngo-editor@example.org", "Omar NGO-Editor", "fluechtlingshilfe-lindenfeld", Role.NGO_EDITOR),
    ("migrant@example.org", "Mina Migrant", None, None),
]
IT_ACCOUNT = ("it-admin@example.org", "Ida IT")


@dataclass
class DemoAccount:
    email: str
    role: str


@transaction.atomic
def load_foundation() -> list[DemoAccount]:
    hessen = Region.objects.get(code="06")
    district, _ = Region.objects.update_or_create(
        code=DEMO_DISTRICT[0],
        defaults={"name": DEMO_DISTRICT[1], "level": RegionLevel.DISTRICT, "parent": hessen},
    )
    code, name, postcodes = DEMO_MUNICIPALITY
    municipality, _ = Region.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "level": RegionLevel.MUNICIPALITY,
            "parent": district,
            "postcodes": postcodes,
        },
    )
    tenant, _ = TenantSettings.objects.get_or_create(
        region=municipality, defaults={"display_name": DISPLAY_NAMES["de"]}
    )
    for lang, text in DISPLAY_NAMES.items():
        setattr(tenant, f"display_name_{lang}", text)
    tenant.display_name = DISPLAY_NAMES["de"]
    tenant.contact_email = "integration@lindenfeld.example"
    tenant.contact_phone = "+49 6999 1234-0"
    tenant.default_language = "de"
    tenant.full_clean()
    tenant.save()
    tenant_cache_clear()

    organisations = {}
    for slug, org_name, kind in ORGANISATIONS:
        organisations[slug], _ = Organisation.objects.update_or_create(
            slug=slug, defaults={"name": org_name, "kind": kind, "region": municipality}
        )

    accounts = []
    for email, person, org_slug, role in ACCOUNTS:
        user = demo_user(email, person)
        if org_slug:
            Membership.objects.get_or_create(
                user=user, organisation=organisations[org_slug], role=role
            )
        accounts.append(DemoAccount(email, Role(role).label if role else "migrant"))
    it = demo_user(*IT_ACCOUNT, is_staff=True, is_superuser=True)
    accounts.append(DemoAccount(it.email, "Django admin (city IT)"))
    return accounts


def demo_user(email: str, name: str, **flags) -> User:
    from allauth.account.models import EmailAddress

    user, created = User.objects.get_or_create(email=email, defaults={"name": name, **flags})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user
