"""Demo data of the NGO app for Lindenfeld's five NGOs (after `load_municipality`).

Each NGO gets an admin (password DEMO_PASSWORD; signs in with two factors like all
staff), a profile in the 11 languages (description, opening hours), the languages its
staff speak, topics and user types, and a counselling offer; the first two NGOs' offers
are published, the others wait in the PA's moderation queue. Written through the
services. Idempotent: profiles only get empty languages filled; an offer is found by its
external reference ("demo", "counselling.<ngo>") and never overwritten.
"""

from __future__ import annotations

from django.db import transaction

from apps.accounts.models import Membership, Organisation, User
from apps.accounts.roles import Role
from apps.content import services
from apps.content.fields import column
from apps.content.models import CounsellingOffer, OrganisationProfile, Status, Topic, UserType

SOURCE = "demo"

# One sentence per language, "%(name)s" is the organisation's name.
DESCRIPTION = {
    "de": "%(name)s berät und begleitet Neuankommende in Lindenfeld, kostenlos und vertraulich.",
    "en": "%(name)s advises and accompanies newcomers in Lindenfeld, free and confidential.",
    "ar": "تقدم %(name)s المشورة والمرافقة للقادمين الجدد في ليندنفيلد، مجانًا وبسرية تامة.",
    "prs": "%(name)s به تازه‌واردان در لیندنفلد مشوره و همراهی می‌دهد، رایگان و محرمانه.",
    "uk": "%(name)s консультує та супроводжує новоприбулих у Лінденфельді безкоштовно й конфіденційно.",  # noqa: E501
    "ru": "%(name)s консультирует и сопровождает новоприбывших в Линденфельде бесплатно и конфиденциально.",  # noqa: E501
    "zh-hans": "%(name)s 为林登菲尔德的新来者提供免费且保密的咨询和陪同服务。",
    "it": "%(name)s offre consulenza e accompagnamento ai nuovi arrivati a Lindenfeld, gratis e in modo riservato.",  # noqa: E501
    "es": "%(name)s asesora y acompaña a las personas recién llegadas a Lindenfeld, de forma gratuita y confidencial.",  # noqa: E501
    "nl": "%(name)s adviseert en begeleidt nieuwkomers in Lindenfeld, gratis en vertrouwelijk.",
    "ur": "%(name)s لنڈن فیلڈ میں نئے آنے والوں کو مفت اور رازدارانہ مشورہ اور رہنمائی دیتا ہے۔",
}  # fmt: skip
HOURS = {
    "de": "Di und Do 10–16 Uhr, sonst nach Vereinbarung",
    "en": "Tue and Thu 10 am–4 pm, otherwise by appointment",
    "ar": "الثلاثاء والخميس من 10 إلى 16، وفي غير ذلك بموعد مسبق",
    "prs": "سه‌شنبه و پنجشنبه ۱۰ تا ۱۶، در غیر آن با وقت قبلی",
    "uk": "Вт і Чт 10–16, в інший час за домовленістю",
    "ru": "Вт и Чт 10–16, в другое время по договорённости",
    "zh-hans": "周二和周四 10–16 点，其他时间请预约",
    "it": "mar e gio 10–16, altrimenti su appuntamento",
    "es": "mar y jue de 10 a 16 h, si no, con cita previa",
    "nl": "di en do 10–16 uur, anders op afspraak",
    "ur": "منگل اور جمعرات 10 سے 16 بجے، ورنہ وقت لے کر",
}  # fmt: skip
ACCESS = {
    "de": "Eingang ebenerdig, barrierefreies WC.",
    "en": "Step-free entrance, accessible toilet.",
    "ar": "مدخل بدون درج، ومرحاض مهيأ لذوي الإعاقة.",
}
# ngo key: (admin e-mail, admin name, languages spoken, topic keys, user type keys,
#           counselling kind, offer title de/en/ar, published?)
NGOS = {
    "fluechtlingshilfe-lindenfeld": (
        "ngo-admin@example.org", "Nadia NGO-Admin", ["de", "ar", "prs", "en"],
        ["asyl", "aufenthalt", "beratung"], ["asylsuchende", "gefluechtete"], "asylum",
        ("Asylverfahrensberatung", "Asylum procedure counselling", "استشارات إجراءات اللجوء"),
        True,
    ),
    "interkulturelles-zentrum-lindenfeld": (
        "admin@iz-lindenfeld.example", "Ines IZ-Admin", ["de", "ru", "uk", "tr", "en"],
        ["anerkennung", "arbeit", "wohnen", "beratung"], ["fachkraefte", "ukraine"],
        "recognition",
        ("Anerkennungsberatung", "Recognition of foreign qualifications",
         "الاعتراف بالمؤهلات الأجنبية"),
        True,
    ),
    "jugendmigrationsdienst-lindenfeld": (
        "admin@jmd-lindenfeld.example", "Jonas JMD-Admin", ["de", "ar", "en", "fr"],
        ["bildung", "arbeit"], ["gefluechtete", "studierende"], "family",
        ("Beratung für junge Menschen und Familien", "Counselling for young people and families",
         "استشارات للشباب والعائلات"),
        False,
    ),
    "frauentreff-international": (
        "admin@frauentreff-lindenfeld.example", "Fatma Frauentreff-Admin",
        ["de", "ar", "fa", "ku", "ti"], ["gesundheit", "sprache", "beratung"],
        ["gefluechtete", "asylsuchende"], "health",
        ("Gesundheitsberatung für Frauen", "Health counselling for women",
         "استشارات صحية للنساء"),
        False,
    ),
    "sprachbruecke-lindenfeld": (
        "admin@sprachbruecke-lindenfeld.example", "Sami Sprachbrücke-Admin",
        ["de", "ar", "uk", "es", "it", "zh"], ["geld", "sprache"], ["eu-buerger", "ukraine"],
        "debt",
        ("Schuldnerberatung mit Sprachmittlung", "Debt counselling with interpreters",
         "استشارات الديون مع مترجمين"),
        False,
    ),
}  # fmt: skip


@transaction.atomic
def load_ngos(*, publisher_email: str = "pa-admin@example.org") -> dict[str, int]:
    """Members, profiles and counselling offers of the demo NGOs; returns counts."""
    from apps.demo.foundation import demo_user

    topics = {t.external_id: t for t in Topic.objects.filter(external_source=SOURCE)}
    user_types = {u.external_id: u for u in UserType.objects.filter(external_source=SOURCE)}
    publisher = User.objects.filter(email=publisher_email).first()
    counts = {"profiles": 0, "counselling offers": 0, "waiting for moderation": 0}
    for key, (email, name, spoken, topic_keys, type_keys, kind, titles, publish) in NGOS.items():
        organisation = Organisation.objects.filter(slug=key).first()
        if organisation is None:
            continue
        admin = demo_user(email, name)
        Membership.objects.get_or_create(user=admin, organisation=organisation, role=Role.NGO_ADMIN)
        profile, _created = OrganisationProfile.objects.get_or_create(organisation=organisation)
        texts = {}
        for lang, text in DESCRIPTION.items():
            if not getattr(profile, column("description", lang)):
                texts[column("description", lang)] = text % {"name": organisation.name}
        for lang, text in HOURS.items():
            if not getattr(profile, column("opening_hours", lang)):
                texts[column("opening_hours", lang)] = text
        for lang, text in ACCESS.items():
            if not getattr(profile, column("accessibility", lang)):
                texts[column("accessibility", lang)] = text
        first = not profile.languages
        if texts or first:
            services.organisation_profile_save(
                organisation=organisation,
                user=admin,
                data={**texts, **({"languages": spoken} if first else {})},
                topics=[topics[k] for k in topic_keys if k in topics] if first else None,
                user_types=[user_types[k] for k in type_keys if k in user_types] if first else None,
            )
        counts["profiles"] += 1
        external_id = f"counselling.{key}"
        offer = CounsellingOffer.objects.filter(
            external_source=SOURCE, external_id=external_id
        ).first()
        if offer is None:
            title_de, title_en, title_ar = titles
            offer = services.item_create(
                model=CounsellingOffer,
                user=admin,
                organisation=organisation,
                region=organisation.region,
                data={
                    "title_de": title_de,
                    "title_en": title_en,
                    "title_ar": title_ar,
                    "summary_de": DESCRIPTION["de"] % {"name": organisation.name},
                    "summary_en": DESCRIPTION["en"] % {"name": organisation.name},
                    "summary_ar": DESCRIPTION["ar"] % {"name": organisation.name},
                    "hours_de": HOURS["de"],
                    "hours_en": HOURS["en"],
                    "hours_ar": HOURS["ar"],
                    "booking_de": f"Telefon {organisation.phone} oder E-Mail {organisation.email}",
                    "booking_en": f"Phone {organisation.phone} or e-mail {organisation.email}",
                    "kind": kind,
                    "languages": spoken,
                    "phone": organisation.phone,
                    "email": organisation.email,
                    "external_source": SOURCE,
                    "external_id": external_id,
                },
                topics=[topics[k] for k in topic_keys if k in topics],
                user_types=[user_types[k] for k in type_keys if k in user_types],
            )
            services.item_moderation_submit(item=offer, user=admin)
            if publish and publisher is not None:
                services.item_moderation_approve(item=offer, user=publisher)
        counts["counselling offers"] += 1
        offer.refresh_from_db()
        if offer.status == Status.IN_REVIEW:
            counts["waiting for moderation"] += 1
    return counts
