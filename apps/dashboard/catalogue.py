"""The indicator catalogue: what the dashboard measures, with source and licence.

Plain data, used by the data migration that creates the catalogue and by
`indicator_catalogue_sync` (which a deployment runs after adding entries).
Names of the indicators shown to the public are given in all 11 languages;
the others in German and English (modeltranslation falls back to them).
"""

DESTATIS = "Statistisches Bundesamt (Destatis), GENESIS-Online"
DESTATIS_URL = "https://www-genesis.destatis.de/"
DL_DE_BY = "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)"
GWK = "Gemeinsame Wissenschaftskonferenz (GWK), Bundesanzeiger"
GWK_LICENCE = "Amtliches Werk (§ 5 UrhG), frei verwendbar"
PLATFORM = "micado platform (own figures)"
PLATFORM_LICENCE = "Own figures of this platform"
TO_BE_IMPORTED = "To be imported by the Land or Kommune"

LANGS = ("ar", "zh_hans", "prs", "nl", "en", "de", "it", "ru", "es", "uk", "ur")

# (code, topic, unit, cadence, higher_is_better, is_capacity, source, licence, names, description)
INDICATORS = [
    {
        "code": "population",
        "topic": "population",
        "unit": "count",
        "cadence": "annual",
        "higher_is_better": None,
        "source": f"{DESTATIS}, Tabelle 12411-0010",
        "source_url": DESTATIS_URL,
        "licence": DL_DE_BY,
        "ordering": 10,
        "name": {
            "ar": "عدد السكان",
            "zh_hans": "人口",
            "prs": "جمعیت",
            "nl": "Bevolking",
            "en": "Population",
            "de": "Bevölkerung",
            "it": "Popolazione",
            "ru": "Численность населения",
            "es": "Población",
            "uk": "Чисельність населення",
            "ur": "آبادی",
        },
        "description": {
            "en": "Population on 31 December (continuous update of the census).",
            "de": "Bevölkerungsstand am 31. Dezember (Fortschreibung auf Grundlage des Zensus).",
        },
    },
    {
        "code": "unemployed",
        "topic": "labour",
        "unit": "count",
        "cadence": "annual",
        "higher_is_better": False,
        "source": f"{DESTATIS}, Tabelle 13211-0007 (Bundesagentur für Arbeit)",
        "source_url": DESTATIS_URL,
        "licence": DL_DE_BY,
        "ordering": 10,
        "name": {
            "ar": "العاطلون عن العمل",
            "zh_hans": "失业人数",
            "prs": "بیکاران",
            "nl": "Werklozen",
            "en": "Unemployed persons",
            "de": "Arbeitslose",
            "it": "Disoccupati",
            "ru": "Безработные",
            "es": "Personas desempleadas",
            "uk": "Безробітні",
            "ur": "بے روزگار افراد",
        },
        "description": {
            "en": "Registered unemployed persons, annual average.",
            "de": "Registrierte Arbeitslose, Jahresdurchschnitt.",
        },
    },
    {
        "code": "unemployment_rate",
        "topic": "labour",
        "unit": "percent",
        "cadence": "annual",
        "higher_is_better": False,
        "source": f"{DESTATIS}, Tabelle 13211-0007 (Bundesagentur für Arbeit)",
        "source_url": DESTATIS_URL,
        "licence": DL_DE_BY,
        "ordering": 20,
        "name": {
            "ar": "معدل البطالة (جميع القوى العاملة المدنية)",
            "zh_hans": "失业率（全部民用劳动力）",
            "prs": "نرخ بیکاری (تمام نیروی کار ملکی)",
            "nl": "Werkloosheidspercentage (gehele civiele beroepsbevolking)",
            "en": "Unemployment rate (all civilian labour force)",
            "de": "Arbeitslosenquote aller zivilen Erwerbspersonen",
            "it": "Tasso di disoccupazione (tutta la forza lavoro civile)",
            "ru": "Уровень безработицы (вся гражданская рабочая сила)",
            "es": "Tasa de desempleo (toda la población activa civil)",
            "uk": "Рівень безробіття (уся цивільна робоча сила)",
            "ur": "بے روزگاری کی شرح (تمام شہری افرادی قوت)",
        },
        "description": {
            "en": "Unemployed persons as a share of all civilian persons in the labour force.",
            "de": "Anteil der Arbeitslosen an allen zivilen Erwerbspersonen.",
        },
    },
    {
        "code": "unemployment_rate_dependent",
        "topic": "labour",
        "unit": "percent",
        "cadence": "annual",
        "higher_is_better": False,
        "source": f"{DESTATIS}, Tabelle 13211-0007 (Bundesagentur für Arbeit)",
        "source_url": DESTATIS_URL,
        "licence": DL_DE_BY,
        "ordering": 30,
        "name": {
            "ar": "معدل البطالة (العاملون بأجر المدنيون)",
            "zh_hans": "失业率（受雇民用劳动力）",
            "prs": "نرخ بیکاری (کارکنان مزدبگیر ملکی)",
            "nl": "Werkloosheidspercentage (civiele werknemers in loondienst)",
            "en": "Unemployment rate (dependent civilian labour force)",
            "de": "Arbeitslosenquote der abhängigen zivilen Erwerbspersonen",
            "it": "Tasso di disoccupazione (lavoratori dipendenti civili)",
            "ru": "Уровень безработицы (гражданские наёмные работники)",
            "es": "Tasa de desempleo (población activa civil asalariada)",
            "uk": "Рівень безробіття (цивільні наймані працівники)",
            "ur": "بے روزگاری کی شرح (شہری تنخواہ دار افرادی قوت)",
        },
        "description": {
            "en": "Unemployed persons as a share of dependent civilian persons "
            "in the labour force.",
            "de": "Anteil der Arbeitslosen an den abhängigen zivilen Erwerbspersonen.",
        },
    },
    {
        "code": "vacancies",
        "topic": "labour",
        "unit": "count",
        "cadence": "annual",
        "higher_is_better": True,
        "source": f"{DESTATIS}, Tabelle 13211-0007 (Bundesagentur für Arbeit)",
        "source_url": DESTATIS_URL,
        "licence": DL_DE_BY,
        "ordering": 40,
        "name": {
            "ar": "الوظائف الشاغرة المسجلة",
            "zh_hans": "登记的空缺职位",
            "prs": "وظایف خالی ثبت‌شده",
            "nl": "Gemelde vacatures",
            "en": "Registered vacancies",
            "de": "Gemeldete Arbeitsstellen",
            "it": "Posti di lavoro vacanti registrati",
            "ru": "Зарегистрированные вакансии",
            "es": "Vacantes registradas",
            "uk": "Зареєстровані вакансії",
            "ur": "رجسٹرڈ خالی آسامیاں",
        },
        "description": {
            "en": "Job vacancies registered with the employment agency (unsubsidised), "
            "annual average.",
            "de": "Bei der Bundesagentur gemeldete ungeförderte Arbeitsstellen, "
            "Jahresdurchschnitt.",
        },
    },
    {
        "code": "protection_seekers",
        "topic": "reception",
        "unit": "count",
        "cadence": "annual",
        "higher_is_better": None,
        "source": f"{DESTATIS}, Tabelle 12531-0024",
        "source_url": DESTATIS_URL,
        "licence": DL_DE_BY,
        "ordering": 10,
        "name": {
            "ar": "طالبو الحماية (من أفغانستان وإريتريا والعراق وإيران وسوريا)",
            "zh_hans": "寻求保护者（来自阿富汗、厄立特里亚、伊拉克、伊朗和叙利亚）",
            "prs": "پناه‌جویان (از افغانستان، اریتره، عراق، ایران و سوریه)",
            "nl": "Beschermingszoekenden (uit Afghanistan, Eritrea, Irak, Iran en Syrië)",
            "en": "Protection seekers (from Afghanistan, Eritrea, Iraq, Iran and Syria)",
            "de": "Schutzsuchende (aus Afghanistan, Eritrea, Irak, Iran und Syrien)",
            "it": "Persone in cerca di protezione (da Afghanistan, Eritrea, Iraq, Iran e Siria)",
            "ru": "Лица, ищущие защиты (из Афганистана, Эритреи, Ирака, Ирана и Сирии)",
            "es": "Personas que buscan protección (de Afganistán, Eritrea, Irak, Irán y Siria)",
            "uk": "Особи, які шукають захисту (з Афганістану, Еритреї, Іраку, Ірану та Сирії)",
            "ur": "تحفظ کے متلاشی (افغانستان، اریٹیریا، عراق، ایران اور شام سے)",
        },
        "description": {
            "en": "Protection seekers on 31 December with the nationality of one of the five "
            "countries in table 12531-0024, all sexes and marital statuses.",
            "de": "Schutzsuchende am 31. Dezember mit einer der fünf Staatsangehörigkeiten "
            "der Tabelle 12531-0024, alle Geschlechter und Familienstände.",
        },
    },
    {
        "code": "protection_seekers_female",
        "topic": "reception",
        "unit": "count",
        "cadence": "annual",
        "higher_is_better": None,
        "source": f"{DESTATIS}, Tabelle 12531-0024",
        "source_url": DESTATIS_URL,
        "licence": DL_DE_BY,
        "ordering": 20,
        "name": {
            "ar": "طالبات الحماية (من أفغانستان وإريتريا والعراق وإيران وسوريا)",
            "zh_hans": "女性寻求保护者（来自阿富汗、厄立特里亚、伊拉克、伊朗和叙利亚）",
            "prs": "زنان پناه‌جو (از افغانستان، اریتره، عراق، ایران و سوریه)",
            "nl": "Vrouwelijke beschermingszoekenden "
            "(uit Afghanistan, Eritrea, Irak, Iran en Syrië)",
            "en": "Female protection seekers (from Afghanistan, Eritrea, Iraq, Iran and Syria)",
            "de": "Weibliche Schutzsuchende (aus Afghanistan, Eritrea, Irak, Iran und Syrien)",
            "it": "Donne in cerca di protezione (da Afghanistan, Eritrea, Iraq, Iran e Siria)",
            "ru": "Женщины, ищущие защиты (из Афганистана, Эритреи, Ирака, Ирана и Сирии)",
            "es": "Mujeres que buscan protección (de Afganistán, Eritrea, Irak, Irán y Siria)",
            "uk": "Жінки, які шукають захисту (з Афганістану, Еритреї, Іраку, Ірану та Сирії)",
            "ur": "تحفظ کی متلاشی خواتین (افغانستان، اریٹیریا، عراق، ایران اور شام سے)",
        },
        "description": {
            "en": "Female protection seekers on 31 December, same five nationalities.",
            "de": "Weibliche Schutzsuchende am 31. Dezember, dieselben fünf Staatsangehörigkeiten.",
        },
    },
    {
        "code": "protection_seekers_syria",
        "topic": "reception",
        "unit": "count",
        "cadence": "annual",
        "higher_is_better": None,
        "source": f"{DESTATIS}, Tabelle 12531-0024",
        "source_url": DESTATIS_URL,
        "licence": DL_DE_BY,
        "ordering": 30,
        "name": {
            "ar": "طالبو الحماية من سوريا",
            "zh_hans": "来自叙利亚的寻求保护者",
            "prs": "پناه‌جویان از سوریه",
            "nl": "Beschermingszoekenden uit Syrië",
            "en": "Protection seekers from Syria",
            "de": "Schutzsuchende aus Syrien",
            "it": "Persone in cerca di protezione dalla Siria",
            "ru": "Лица, ищущие защиты, из Сирии",
            "es": "Personas que buscan protección procedentes de Siria",
            "uk": "Особи, які шукають захисту, з Сирії",
            "ur": "شام سے تحفظ کے متلاشی",
        },
        "description": {"en": "", "de": ""},
    },
    {
        "code": "protection_seekers_afghanistan",
        "topic": "reception",
        "unit": "count",
        "cadence": "annual",
        "higher_is_better": None,
        "source": f"{DESTATIS}, Tabelle 12531-0024",
        "source_url": DESTATIS_URL,
        "licence": DL_DE_BY,
        "ordering": 40,
        "name": {
            "ar": "طالبو الحماية من أفغانستان",
            "zh_hans": "来自阿富汗的寻求保护者",
            "prs": "پناه‌جویان از افغانستان",
            "nl": "Beschermingszoekenden uit Afghanistan",
            "en": "Protection seekers from Afghanistan",
            "de": "Schutzsuchende aus Afghanistan",
            "it": "Persone in cerca di protezione dall'Afghanistan",
            "ru": "Лица, ищущие защиты, из Афганистана",
            "es": "Personas que buscan protección procedentes de Afganistán",
            "uk": "Особи, які шукають захисту, з Афганістану",
            "ur": "افغانستان سے تحفظ کے متلاشی",
        },
        "description": {"en": "", "de": ""},
    },
    {
        "code": "koenigstein_share",
        "topic": "distribution",
        "unit": "percent",
        "cadence": "annual",
        "higher_is_better": None,
        "source": GWK,
        "source_url": "https://www.gwk-bonn.de/",
        "licence": GWK_LICENCE,
        "ordering": 10,
        "name": {
            "ar": "الحصة وفق مفتاح كونيغشتاين",
            "zh_hans": "柯尼希施泰因分配比例",
            "prs": "سهم بر اساس کلید کونیگشتاین",
            "nl": "Aandeel volgens de Königsteiner Schlüssel",
            "en": "Share under the Königstein key",
            "de": "Anteil nach dem Königsteiner Schlüssel",
            "it": "Quota secondo la chiave di Königstein",
            "ru": "Доля по Кёнигштайнскому ключу",
            "es": "Cuota según la clave de Königstein",
            "uk": "Частка за Кеніґштайнським ключем",
            "ur": "کونیگسٹائن کلید کے مطابق حصہ",
        },
        "description": {
            "en": "Share of each Land in per cent: two thirds tax revenue, one third population.",
            "de": "Anteil jedes Landes in Prozent: zwei Drittel Steueraufkommen, ein Drittel "
            "Bevölkerungszahl.",
        },
    },
]

# Indicators without shipped data: a Land or Kommune imports them (long CSV or JSON push).
_IMPORTED = [
    (
        "free_accommodation_places",
        "reception",
        "places",
        True,
        True,
        "Free places in reception and accommodation",
        "Freie Plätze in Aufnahme und Unterbringung",
    ),
    (
        "free_childcare_places",
        "childcare",
        "places",
        True,
        True,
        "Free childcare places",
        "Freie Kita-Plätze",
    ),
    (
        "free_school_places",
        "school",
        "places",
        True,
        True,
        "Free school places",
        "Freie Schulplätze",
    ),
    (
        "free_course_places",
        "courses",
        "places",
        True,
        True,
        "Free places in integration courses",
        "Freie Plätze in Integrationskursen",
    ),
    (
        "housing_vacancy_rate",
        "housing",
        "percent",
        True,
        False,
        "Housing vacancy rate",
        "Leerstandsquote bei Wohnungen",
    ),
    (
        "recognition_counselling_centres",
        "recognition",
        "count",
        True,
        False,
        "Recognition counselling centres",
        "Beratungsstellen zur Anerkennung",
    ),
    (
        "naturalisations",
        "naturalisation",
        "count",
        True,
        False,
        "Naturalisations",
        "Einbürgerungen",
    ),
]
for _i, (_code, _topic, _unit, _better, _capacity, _en, _de) in enumerate(_IMPORTED):
    INDICATORS.append(
        {
            "code": _code,
            "topic": _topic,
            "unit": _unit,
            "cadence": "annual" if not _capacity else "monthly",
            "higher_is_better": _better,
            "is_capacity": _capacity,
            "source": TO_BE_IMPORTED,
            "source_url": "",
            "licence": TO_BE_IMPORTED,
            "ordering": 50 + _i,
            "name": {"en": _en, "de": _de},
            "description": {"en": "", "de": ""},
        }
    )

# The platform's own figures, computed per region by a scheduled task.
_PLATFORM = [
    (
        "platform_ngos",
        "civil_society",
        "Active civil-society organisations",
        "Aktive zivilgesellschaftliche Organisationen",
    ),
    (
        "platform_ngo_offers",
        "civil_society",
        "Published offers of civil-society organisations",
        "Veröffentlichte Angebote zivilgesellschaftlicher Organisationen",
    ),
    ("platform_courses", "courses", "Published courses", "Veröffentlichte Kurse"),
    (
        "platform_course_places",
        "courses",
        "Free places in published courses",
        "Freie Plätze in veröffentlichten Kursen",
    ),
    (
        "platform_counselling",
        "recognition",
        "Published counselling services",
        "Veröffentlichte Beratungsangebote",
    ),
    ("platform_events", "civil_society", "Published events", "Veröffentlichte Veranstaltungen"),
    (
        "platform_processes",
        "platform",
        "Published step-by-step guides",
        "Veröffentlichte Schritt-für-Schritt-Anleitungen",
    ),
]
for _i, (_code, _topic, _en, _de) in enumerate(_PLATFORM):
    INDICATORS.append(
        {
            "code": _code,
            "topic": _topic,
            "unit": "places" if _code == "platform_course_places" else "count",
            "cadence": "daily",
            "higher_is_better": True,
            "source": PLATFORM,
            "source_url": "",
            "licence": PLATFORM_LICENCE,
            "ordering": 80 + _i,
            "name": {"en": _en, "de": _de},
            "description": {
                "en": "Counted every night for the region and every region below it.",
                "de": "Jede Nacht gezählt für die Region und alle Regionen darunter.",
            },
        }
    )

LANGUAGE_NAMES = {
    "ar": ("Arabic", "Arabisch"),
    "zh_hans": ("Chinese", "Chinesisch"),
    "prs": ("Dari", "Dari"),
    "nl": ("Dutch", "Niederländisch"),
    "en": ("English", "Englisch"),
    "de": ("German", "Deutsch"),
    "it": ("Italian", "Italienisch"),
    "ru": ("Russian", "Russisch"),
    "es": ("Spanish", "Spanisch"),
    "uk": ("Ukrainian", "Ukrainisch"),
    "ur": ("Urdu", "Urdu"),
}
for _i, (_lang, (_en, _de)) in enumerate(LANGUAGE_NAMES.items()):
    INDICATORS.append(
        {
            "code": f"platform_processes_{_lang}",
            "topic": "platform",
            "unit": "count",
            "cadence": "daily",
            "higher_is_better": True,
            "source": PLATFORM,
            "source_url": "",
            "licence": PLATFORM_LICENCE,
            "ordering": 90 + _i,
            "name": {
                "en": f"Step-by-step guides available in {_en}",
                "de": f"Schritt-für-Schritt-Anleitungen auf {_de}",
            },
            "description": {"en": "", "de": ""},
        }
    )


def indicator_fields(entry: dict) -> dict:
    """The model field values of one catalogue entry (translated columns spelled out)."""
    fields = {
        key: entry.get(key, default)
        for key, default in (
            ("topic", ""),
            ("unit", "count"),
            ("cadence", "annual"),
            ("higher_is_better", None),
            ("is_capacity", False),
            ("source", ""),
            ("source_url", ""),
            ("licence", ""),
            ("ordering", 100),
        )
    }
    for lang in LANGS:
        # None, not "": a missing translation falls back to the configured languages.
        fields[f"name_{lang}"] = entry["name"].get(lang) or None
        fields[f"description_{lang}"] = entry["description"].get(lang) or None
    fields["name"] = entry["name"]["de"]
    fields["description"] = entry["description"].get("de", "")
    return fields
