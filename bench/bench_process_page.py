"""Benchmark of the Arabic process page, served by gunicorn on PostgreSQL, loaded from a
separate process (wrk, else a small Python load generator), against the framework's
floor: a bare Django view returning the same bytes, in the same run and server.

    make bench        # or: .venv/bin/python bench/bench_process_page.py

Creates the database `micado_bench` (dropped and recreated; BENCH_DATABASE_URL to change),
migrates it, writes a realistic process (8 steps, 3 offices, 5 documents, glossary
mentions, texts in Arabic, German and English), starts gunicorn with the production
settings (DEBUG off) plus the floor route (bench/floor_settings.py), Redis as cache if it
answers at BENCH_REDIS_URL (redis://127.0.0.1:6379/14, flushed), and prints requests/s,
p50 and p99 latency of both and their ratio (goal: at least 0.5). Skips, saying why,
if PostgreSQL is unreachable.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/micado_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
PORT = int(os.environ.get("BENCH_PORT", "8765"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
# Page and floor are loaded in turns, ROUNDS times each: on a shared, noisy machine a load
# that comes and goes then hits both alike. The figures are the medians of the rounds.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(max(2, (os.cpu_count() or 2) + 1))))
MUNICIPALITY = "06411000"  # Darmstadt (AGS), below Hessen and the federation
HOST = f"http://127.0.0.1:{PORT}"


# --- the content ------------------------------------------------------------------------------

TERMS = {
    "anmeldung": {
        "de": ("Anmeldung", "Die Meldung Ihrer Wohnadresse beim Bürgeramt."),
        "en": ("Registration", "Registering your home address at the citizens' office."),
        "ar": ("تسجيل السكن", "تسجيل عنوان سكنك لدى مكتب المواطنين خلال أسبوعين من الانتقال."),
    },
    "aufenthaltstitel": {
        "de": ("Aufenthaltstitel", "Die Erlaubnis, in Deutschland zu leben."),
        "en": ("Residence permit", "The permission to live in Germany."),
        "ar": ("تصريح الإقامة", "الإذن الرسمي بالعيش في ألمانيا لمدة محددة."),
    },
    "wohnungsgeber": {
        "de": ("Wohnungsgeberbestätigung", "Bescheinigung des Vermieters über den Einzug."),
        "en": ("Landlord's confirmation", "A form from your landlord confirming you moved in."),
        "ar": ("تأكيد المؤجر", "نموذج يوقعه المؤجر يؤكد أنك انتقلت إلى المسكن."),
    },
    "steuer": {
        "de": ("Steuer-ID", "Ihre persönliche Steuer-Identifikationsnummer."),
        "en": ("Tax ID", "Your personal tax identification number."),
        "ar": ("الرقم الضريبي", "رقم التعريف الضريبي الشخصي الذي يصلك بالبريد بعد التسجيل."),
    },
}

STEPS = [
    ("Termin online buchen", "Book an appointment online", "احجز موعدًا عبر الإنترنت",
     "احجز موعدًا لدى مكتب المواطنين عبر الموقع الإلكتروني للمدينة. المواعيد مجانية، وغالبًا ما "
     "تتوفر مواعيد جديدة في الصباح الباكر. إذا لم تجد موعدًا فاتصل بالخط الساخن للمدينة. "
     "ستحتاج إلى {anmeldung} خلال أسبوعين من الانتقال.", 0, "free", "10 minutes"),
    ("Wohnungsgeberbestätigung holen", "Get the landlord's confirmation", "احصل على تأكيد المؤجر",
     "اطلب من المؤجر أن يملأ ويوقع {wohnungsgeber}. بدون هذا النموذج لا يمكن إتمام التسجيل. "
     "إذا كنت تسكن عند أقارب أو أصدقاء، فيجب على صاحب المسكن أن يوقع النموذج.", None, "free",
     "1–3 days"),
    ("Dokumente zusammenstellen", "Gather your documents", "اجمع مستنداتك",
     "ضع جواز السفر أو بطاقة الهوية و{aufenthaltstitel} إن وجد وتأكيد المؤجر في ملف واحد. "
     "إذا كانت لديك عائلة فأحضر وثائق جميع أفراد العائلة وشهادات الميلاد والزواج مترجمة.",
     None, "", "1 hour"),
    ("Zum Bürgeramt gehen", "Go to the citizens' office", "اذهب إلى مكتب المواطنين",
     "اذهب في الموعد المحدد إلى مكتب المواطنين. خذ رقمًا من الجهاز عند المدخل وانتظر حتى يظهر "
     "رقمك على الشاشة. يمكنك أن تحضر معك شخصًا يترجم لك إذا احتجت.", 0, "free", "30 minutes"),
    ("Formular ausfüllen", "Fill in the form", "املأ الاستمارة",
     "يساعدك الموظف في ملء استمارة {anmeldung}. تحقق من كتابة اسمك وتاريخ ميلادك بشكل صحيح كما "
     "في جواز السفر، لأن هذه البيانات ستظهر على جميع الرسائل الرسمية.", 0, "free", "15 minutes"),
    ("Meldebescheinigung erhalten", "Receive the registration certificate", "استلم شهادة التسجيل",
     "تحصل مباشرة على شهادة التسجيل. احتفظ بها جيدًا: تحتاجها لفتح حساب بنكي ولعقد العمل "
     "ولتسجيل الأطفال في المدرسة. انسخ منها نسخة واحدة على الأقل.", 0, "free", "5 minutes"),
    ("Ausländerbehörde informieren", "Inform the foreigners' office", "أبلغ دائرة الأجانب",
     "إذا كان لديك {aufenthaltstitel} فأبلغ دائرة الأجانب بعنوانك الجديد. يتم ذلك غالبًا "
     "تلقائيًا، لكن اسأل للتأكد. قد يُطلب منك تحديث العنوان على بطاقة الإقامة.", 1, "free",
     "2 weeks"),
    ("Steuer-ID abwarten", "Wait for your tax ID", "انتظر رقمك الضريبي",
     "بعد التسجيل يصلك {steuer} بالبريد خلال أربعة أسابيع تقريبًا. أعطه لصاحب العمل. إذا لم "
     "يصلك فاتصل بالمكتب الاتحادي للضرائب.", None, "free", "4 weeks"),
]  # fmt: skip

OFFICES = [
    ("Bürgeramt Mitte", "Citizens' office Centre", "مكتب المواطنين – الوسط", "Luisenplatz 5"),
    ("Ausländerbehörde", "Foreigners' office", "دائرة الأجانب", "Grafenstraße 30"),
    (
        "Bürgeramt Nord",
        "Citizens' office North",
        "مكتب المواطنين – الشمال",
        "Kranichsteiner Str. 1",
    ),
]

DOCUMENTS = [
    ("Reisepass", "Passport", "جواز السفر"),
    ("Wohnungsgeberbestätigung", "Landlord's confirmation", "تأكيد المؤجر"),
    ("Aufenthaltstitel", "Residence permit", "تصريح الإقامة"),
    ("Geburtsurkunde", "Birth certificate", "شهادة الميلاد"),
    ("Meldebescheinigung", "Registration certificate", "شهادة التسجيل"),
]


def load_content() -> int:
    """Write the process and everything it shows; returns its pk (Django is set up)."""
    from django.utils import timezone

    from apps.accounts.models import Organisation
    from apps.content.mentions import mention_encode
    from apps.content.models import (
        Comment,
        DocumentType,
        GlossaryTerm,
        Office,
        Process,
        Status,
        Step,
        StepLink,
        Topic,
        UserType,
    )
    from apps.regions.models import Region, RegionLevel

    de, _c = Region.objects.get_or_create(
        code="DE", defaults={"name": "Deutschland", "level": RegionLevel.FEDERATION}
    )
    hessen, _c = Region.objects.get_or_create(
        code="06", defaults={"name": "Hessen", "level": RegionLevel.STATE, "parent": de}
    )
    district, _c = Region.objects.get_or_create(
        code="06411",
        defaults={"name": "Darmstadt", "level": RegionLevel.DISTRICT, "parent": hessen},
    )
    town, _c = Region.objects.get_or_create(
        code=MUNICIPALITY,
        defaults={"name": "Darmstadt", "level": RegionLevel.MUNICIPALITY, "parent": district},
    )
    org = Organisation.objects.create(
        name="Stadt Darmstadt", slug="stadt-darmstadt", kind="pa", region=town
    )
    ngo = Organisation.objects.create(
        name="Interkulturelles Büro", slug="ikb", kind="ngo", region=town
    )
    common = {
        "region": town,
        "organisation": org,
        "source_language": "de",
        "status": Status.PUBLISHED,
        "published_at": timezone.now(),
    }

    def texts(field: str, de_text: str, en_text: str, ar_text: str) -> dict:
        return {f"{field}_de": de_text, f"{field}_en": en_text, f"{field}_ar": ar_text}

    terms = {}
    for key, langs in TERMS.items():
        terms[key] = GlossaryTerm.objects.create(
            **common,
            **{f"term_{lang}": text for lang, (text, _e) in langs.items()},
            **{f"explanation_{lang}": f"<p>{expl}</p>" for lang, (_t, expl) in langs.items()},
        )
    offices = [
        Office.objects.create(
            **common,
            **texts("name", de_text, en_text, ar_text),
            **texts("opening_hours", "Mo–Fr 8–12, Do 14–18", "Mon–Fri 8–12, Thu 2–6 pm",
                    "الاثنين–الجمعة 8–12، الخميس 14–18"),
            **texts("accessibility", "Stufenloser Eingang, Aufzug", "Step-free entrance, lift",
                    "مدخل بدون درج، مصعد"),
            address=address, postcode="64283", city="Darmstadt", latitude="49.872800",
            longitude="8.651200", phone="+49 6151 1150", email="buergeramt@example.org",
            website="https://www.example.org/buergeramt",
        )
        for de_text, en_text, ar_text, address in OFFICES
    ]  # fmt: skip
    documents = [
        DocumentType.objects.create(**common, **texts("name", *names), validity_days=3650)
        for names in DOCUMENTS
    ]
    topic = Topic.objects.create(name_de="Wohnen", name_en="Housing", name_ar="السكن", icon="home")
    group = UserType.objects.create(name_de="Geflüchtete", name_en="Refugees", name_ar="لاجئون")
    process = Process.objects.create(
        **common,
        **texts("title", "Wohnsitz anmelden", "Register your address", "تسجيل عنوان السكن"),
        **texts(
            "summary",
            "Wer in Darmstadt einzieht, meldet sich innerhalb von zwei Wochen an.",
            "Everyone who moves to Darmstadt registers within two weeks.",
            "كل من ينتقل إلى دارمشتات يجب أن يسجل عنوانه خلال أسبوعين.",
        ),
        description_ar=(
            "<p>"
            + mention_encode("g", terms["anmeldung"].pk, "تسجيل السكن")
            + " شرط لكثير من الخطوات التالية: الحساب البنكي، العمل، المدرسة، التأمين الصحي. "
            + "هذا الدليل يشرح الخطوات بالترتيب، ومتى يمكنك تخطي خطوة.</p>"
        ),
        description_de="<p>Die Anmeldung ist Voraussetzung für Konto, Arbeit und Schule.</p>",
        description_en="<p>Registration is needed for a bank account, work and school.</p>",
        link="https://www.example.org/anmeldung",
    )
    process.topics.add(topic)
    process.user_types.add(group)
    steps = []
    for position, (de_t, en_t, ar_t, ar_desc, office, cost, duration) in enumerate(STEPS):
        ar_html = ar_desc.format(**{k: mention_encode("g", t.pk, TERMS[k]["ar"][0])
                                    for k, t in terms.items()})  # fmt: skip
        step = Step.objects.create(
            process=process,
            position=position,
            office=offices[office] if office is not None else None,
            **texts("title", de_t, en_t, ar_t),
            description_ar=f"<p>{ar_html}</p>",
            description_de=f"<p>{de_t}.</p>",
            description_en=f"<p>{en_t}.</p>",
            **texts("cost", "kostenlos" if cost == "free" else cost, cost,
                    "مجاني" if cost == "free" else cost),
            **texts("duration", duration, duration, duration),
        )  # fmt: skip
        step.required_documents.set(documents[:3] if position in (2, 3, 4) else documents[:1])
        if position == 5:
            step.produced_documents.set([documents[4]])
        steps.append(step)
    for a, b in zip(steps, steps[1:], strict=False):
        StepLink.objects.create(process=process, from_step=a, to_step=b)
    StepLink.objects.create(
        process=process,
        from_step=steps[1],
        to_step=steps[3],
        label_de="Wenn Sie schon alle Dokumente haben",
        label_en="If you already have all documents",
        label_ar="إذا كانت لديك كل المستندات بالفعل",
    )
    for text in ("اذهب مبكرًا: الطابور قصير في الصباح.", "خذ نسخة من كل مستند معك."):
        Comment.objects.create(
            **{**common, "organisation": ngo}, process=process, text_ar=text, text_de=text
        )
    return process.pk


# --- load generators --------------------------------------------------------------------------


def run_wrk(url: str, cookie: str) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "-H", f"Cookie: {cookie}",
         url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}

    def percentile(p: str) -> float:
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        return float(m.group(1)) * unit[m.group(2)]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": percentile("50"),
        "p99": percentile("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def python_load(url: str, cookie: str, seconds: float, connections: int) -> dict:
    """Fallback load generator (run in its own process): keep-alive connections, one thread
    each; the server runs elsewhere, so the GIL only limits how hard we push."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        mine = []
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            conn.request("GET", parts.path, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - start) * 1000)
            if response.status != 200:
                errors[0] += 1
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": latencies[len(latencies) // 2],
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "errors": errors[0],
    }


def median_of(results: list[dict]) -> dict:
    """The median of each figure over the rounds; errors added up."""
    import statistics

    return {
        **{k: statistics.median(r[k] for r in results) for k in ("rps", "p50", "p99")},
        "errors": sum(r["errors"] for r in results),
    }


def load(url: str, cookie: str) -> dict:
    if shutil.which("wrk"):
        return run_wrk(url, cookie)
    out = subprocess.run(
        [sys.executable, __file__, "--load", url, cookie, str(SECONDS), str(CONNECTIONS)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return json.loads(out)


# --- the run ----------------------------------------------------------------------------------


def _maintenance_url() -> str:
    return PG_URL.rsplit("/", 1)[0] + "/postgres"


def recreate_database() -> str | None:
    """Drop and create the bench database; the reason if PostgreSQL is unreachable."""
    import psycopg
    from psycopg import sql

    name = PG_URL.rsplit("/", 1)[1]
    try:
        with psycopg.connect(_maintenance_url(), autocommit=True, connect_timeout=3) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as exc:
        return str(exc).strip().splitlines()[0]
    return None


def redis_available() -> bool:
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.flushdb()
    except Exception:  # noqa: BLE001 - any failure means: run without Redis
        return False
    return True


def wait_for(request: urllib.request.Request, seconds: float = 30) -> bytes:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - ours
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def main() -> int:
    reason = recreate_database()
    if reason:
        print(f"skipped: PostgreSQL is unreachable at {_maintenance_url()} ({reason})")
        return 0
    use_redis = redis_available()
    work = Path(tempfile.mkdtemp(prefix="micado-bench-page-"))
    floor_file = work / "page.html"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.floor_settings",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": PG_URL,
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on 127.0.0.1, no proxy in front
        "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
        "MICADO_VAR_DIR": str(work),
        "MICADO_DEFAULT_REGION": "DE",
        "BENCH_FLOOR_FILE": str(floor_file),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)
    if use_redis:
        env["REDIS_URL"] = REDIS_URL
    os.environ.update(env)
    if not use_redis:
        os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    pk = load_content()
    from django.db import connections

    connections.close_all()

    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "micado.wsgi:application",
         "--bind", f"127.0.0.1:{PORT}", "--workers", str(WORKERS), "--worker-class", "sync",
         "--keep-alive", "5", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        page_url = f"{HOST}/ar/processes/{pk}/"
        # A returning anonymous visitor: their region and the language they chose (so the
        # page does not set the language cookie again); no session, so the page is the
        # shared cached one (apps/migrants/pages/cache.py). The first request renders it.
        cookie = f"micado_region={MUNICIPALITY}; micado_language=ar"
        body = wait_for(urllib.request.Request(page_url, headers={"Cookie": cookie}))
        text = body.decode()
        assert "تسجيل عنوان السكن" in text and text.count('class="flow-step') == len(STEPS), (
            "the page does not show the process"
        )
        assert "csrfmiddlewaretoken" not in text, "the anonymous page is not shareable"
        with urllib.request.urlopen(  # noqa: S310 - ours
            urllib.request.Request(page_url, headers={"Cookie": cookie}), timeout=5
        ) as again:
            assert again.read() == body, "the second request does not serve the stored page"
        floor_file.write_bytes(body)
        for url in (page_url, f"{HOST}/bench-floor/"):  # warm every worker
            python_load(url, cookie, 2, CONNECTIONS)
        rounds = []
        for _round in range(ROUNDS):
            rounds.append((load(page_url, cookie), load(f"{HOST}/bench-floor/", cookie)))
        page = median_of([p for p, _f in rounds])
        floor = median_of([f for _p, f in rounds])
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)

    tool = "wrk" if shutil.which("wrk") else "python load generator (wrk not installed)"
    print(
        f"server: gunicorn, {WORKERS} sync workers, DEBUG off, PostgreSQL {PG_URL}, cache: "
        + (f"Redis {REDIS_URL}" if use_redis else "local memory (no Redis)")
    )
    print(
        f"load: {tool}, {CONNECTIONS} keep-alive connections, {SECONDS} s per URL and round, "
        f"{ROUNDS} rounds taking turns (medians below)"
    )
    print(
        "ratio per round: "
        + ", ".join(f"{p['rps'] / f['rps']:.2f} ({p['rps']:.0f}/{f['rps']:.0f})" for p, f in rounds)
    )
    print(
        f"page: {len(body):,} bytes, {len(gzip.compress(body, 6)):,} bytes gzip "
        f"({len(STEPS)} steps, Arabic)"
    )
    for name, r in (("Arabic process page (anonymous)", page), ("bare view, same bytes", floor)):
        print(
            f"{name:<34} {r['rps']:8.0f} req/s   p50 {r['p50']:6.2f} ms   p99 {r['p99']:6.2f} ms"
            + (f"   {r['errors']} errors" if r["errors"] else "")
        )
    ratio = page["rps"] / floor["rps"]
    print(f"ratio (page / floor, req/s): {ratio:.2f} (goal >= 0.5)")
    return 0 if not (page["errors"] or floor["errors"]) else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--load":
        url, cookie, seconds, connections = sys.argv[2:6]
        print(json.dumps(python_load(url, cookie, float(seconds), int(connections))))
        raise SystemExit(0)
    raise SystemExit(main())
