"""Page weight of every kind of migrant page, measured in a real browser: the bytes that
cross the network (compressed, headers included) on a first visit with a cold cache and
on a repeat visit with the browser's HTTP cache warm.

    make bench        # or: .venv/bin/python bench/bench_page_weight.py

Sets up, in a temporary directory: a SQLite database with the demo (`load_demo`: the
municipality Lindenfeld and its content), `collectstatic` with the production storage
(hashed, pre-compressed files), then gunicorn with the production settings (DEBUG off,
WhiteNoise, gzip for responses without secrets; plain HTTP on 127.0.0.1). Headless
Chromium (tests/browser's playwright-core, /usr/bin/chromium) opens each page in a new
browser profile, as a first-time visitor does, waits until the page and its service
worker are done (the worker precaches the offline files), then opens the same page
again in that profile (a repeat visit: pages are revalidated, static files come from
the cache). Every response the browser receives is counted, the worker's own fetches
included; the page served from the worker's cache is not counted twice.

Goals (docs/migrants.md, "Page weight"): at most 30 KB on a first visit, 10 KB on a
repeat visit. Exits 1 if a page misses either. Skips, saying why, without Chromium.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_WEIGHT_PORT", "8103"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DRIVER = Path(__file__).with_name("page_weight.mjs")
MUNICIPALITY = "06999001"  # the demo municipality Lindenfeld
LANGUAGES = ("en", "ar")
FIRST_GOAL = 30 * 1024
REPEAT_GOAL = 10 * 1024


class CountingProxy:
    """A TCP relay in front of gunicorn that counts the bytes sent to the browser: what
    crossed the network, whatever the browser says about its caches."""

    def __init__(self, upstream_port: int):
        self.upstream = ("127.0.0.1", upstream_port)
        self.received = 0  # bytes from the server to the browser
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _addr = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    def _pump(self, source, target, count: bool):
        try:
            while data := source.recv(65536):
                if count:
                    with self.lock:
                        self.received += len(data)
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def _relay(self, client):
        try:
            server = socket.create_connection(self.upstream)
        except OSError:
            client.close()
            return
        threading.Thread(target=self._pump, args=(client, server, False), daemon=True).start()
        self._pump(server, client, True)
        client.close()
        server.close()

    def snapshot(self) -> int:
        with self.lock:
            return self.received


def page_paths(lang: str) -> list[tuple[str, str]]:
    """(name, path) of one page of each kind, with demo content (Django is set up)."""
    from apps.content.models import Course, Event, GlossaryTerm, Information, Process, Status

    def first(model):
        published = model.objects.filter(status=Status.PUBLISHED).order_by("pk")
        return (published.filter(region__code=MUNICIPALITY).first() or published.first()).pk

    def heaviest_process():
        return max(
            Process.objects.filter(status=Status.PUBLISHED, region__code=MUNICIPALITY),
            key=lambda p: p.steps.count(),
        ).pk

    return [
        ("home", f"/{lang}/"),
        ("region", f"/{lang}/region/"),
        ("guide list", f"/{lang}/processes/"),
        ("process page", f"/{lang}/processes/{heaviest_process()}/"),
        ("glossary", f"/{lang}/glossary/"),
        ("glossary term", f"/{lang}/glossary/{first(GlossaryTerm)}/"),
        ("information list", f"/{lang}/information/"),
        ("information page", f"/{lang}/information/{first(Information)}/"),
        ("event list", f"/{lang}/events/"),
        ("event page", f"/{lang}/events/{first(Event)}/"),
        ("course list", f"/{lang}/courses/"),
        ("course page", f"/{lang}/courses/{first(Course)}/"),
        ("search", f"/{lang}/search/?q=" + ("Anmeldung" if lang == "en" else "تسجيل")),
        ("statistics", f"/{lang}/statistics/"),
        ("offline page", f"/{lang}/offline/"),
    ]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - ours
                response.read()
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def drive(config: dict, proxy: CountingProxy, log: Path) -> tuple[list, dict]:
    """Run the browser script; at each of its marks note the bytes sent so far and the
    requests the server logged. Returns the marks and what the script reported."""
    driver = subprocess.Popen(
        ["node", str(DRIVER), json.dumps(config)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
    )  # fmt: skip
    marks = []
    seen = {"error": "the browser script ended without a result"}
    try:
        for line in driver.stdout:
            if line.startswith("mark "):
                time.sleep(0.2)  # let the last bytes through the relay
                logged = log.read_text().splitlines() if log.exists() else []
                marks.append((line[5:].strip(), proxy.snapshot(), logged))
                driver.stdin.write("ok\n")
                driver.stdin.flush()
            elif line.startswith("result "):
                seen = json.loads(line[7:])
        driver.wait(timeout=60)
    finally:
        if driver.poll() is None:
            driver.kill()
    return marks, seen


def weigh(pages: list, marks: list) -> list[dict]:
    """Per page: bytes and logged requests between its marks (start, first, repeat)."""
    rows = []
    for index, (lang, name, path) in enumerate(pages):
        start, first, repeat = marks[3 * index : 3 * index + 3]
        expected = [f"{what} {index}" for what in ("start", "first", "repeat")]
        assert [start[0], first[0], repeat[0]] == expected, (start[0], expected)
        rows.append(
            {
                "lang": lang,
                "name": name,
                "path": path,
                "first": {"bytes": first[1] - start[1], "requests": first[2][len(start[2]) :]},
                "repeat": {"bytes": repeat[1] - first[1], "requests": repeat[2][len(first[2]) :]},
            }
        )
    return rows


def kb(n: int) -> str:
    return f"{n / 1024:6.1f}"


def main() -> int:
    if not (shutil.which("node") and Path(CHROMIUM).exists()):
        print(f"skipped: needs node and Chromium at {CHROMIUM}")
        return 0
    if not (ROOT / "node_modules" / "playwright-core").exists():
        print("skipped: needs `npm ci` (playwright-core)")
        return 0
    work = Path(tempfile.mkdtemp(prefix="micado-bench-weight-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "micado.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on 127.0.0.1, no proxy in front
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "MICADO_VAR_DIR": str(work),
        "MICADO_DEFAULT_REGION": MUNICIPALITY,
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)  # local-memory cache: one worker process below
    os.environ.update(env)
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)
    pages = [(lang, name, path) for lang in LANGUAGES for name, path in page_paths(lang)]
    from django.db import connections

    connections.close_all()

    log = work / "access.log"
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "micado.wsgi:application",
         "--bind", f"127.0.0.1:{PORT}", "--workers", "1", "--threads", "4",
         "--log-level", "warning", "--access-logfile", str(log),
         "--access-logformat", "%(s)s %(B)s %(U)s%(q)s"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        wait_for(f"http://127.0.0.1:{PORT}/healthz")
        proxy = CountingProxy(PORT)
        # "localhost" is a secure context for the browser, so the service worker runs.
        base = f"http://localhost:{proxy.port}"
        config = {
            "base": base,
            "chromium": CHROMIUM,
            "pages": [{"lang": lang, "name": name, "path": path} for lang, name, path in pages],
        }
        marks, seen = drive(config, proxy, log)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    if "error" in seen:
        print(seen["error"])
        return 1
    rows = weigh(pages, marks)

    print(
        "server: gunicorn (1 worker, 4 threads), micado.settings.production (DEBUG off, "
        "WhiteNoise), SQLite with load_demo, plain HTTP on localhost"
    )
    print(f"browser: {seen['browser']} headless, 320 px, a new profile per page (cold cache)")
    print(
        "bytes the server sent (headers + bodies as sent, i.e. compressed), counted on the "
        "wire; KB = 1024 bytes"
    )
    header = (
        f"{'page':<17} {'lang':<4} {'first KB':>8} {'reqs':>4} {'HTML KB':>7} "
        f"{'repeat KB':>9} {'reqs':>4}  HTML encoding"
    )
    print(header)
    print("-" * len(header))
    failures = []
    for row, info in zip(rows, seen["pages"], strict=True):
        first, repeat = row["first"], row["repeat"]
        mark = ""
        if first["bytes"] > FIRST_GOAL or repeat["bytes"] > REPEAT_GOAL:
            mark = "  <- over the goal"
            failures.append(f"{row['lang']} {row['name']}")
        print(
            f"{row['name']:<17} {row['lang']:<4} {kb(first['bytes']):>8} "
            f"{len(first['requests']):>4} {kb(info['documentBytes']):>7} "
            f"{kb(repeat['bytes']):>9} {len(repeat['requests']):>4}  "
            f"{info['documentEncoding'] or 'none'}{mark}"
        )
    heaviest = max(rows, key=lambda r: r["first"]["bytes"])
    print(
        f"heaviest first visit: {heaviest['lang']} {heaviest['name']}, "
        f"{heaviest['first']['bytes']:,} bytes; goals: first <= {FIRST_GOAL // 1024} KB, "
        f"repeat <= {REPEAT_GOAL // 1024} KB"
    )
    if "--verbose" in sys.argv:  # what the server answered (status, body bytes, path)
        for row in rows:
            print(f"\n{row['lang']} {row['name']}")
            for visit in ("first", "repeat"):
                for line in row[visit]["requests"]:
                    print(f"  {visit:<6} {line}")
    if failures:
        print("over the goal: " + ", ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
