"""Run axe-core in headless Chromium against pages of the live test server."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("axe_check.mjs")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def browser_available() -> bool:
    return bool(
        shutil.which("node")
        and Path(CHROMIUM).exists()
        and (ROOT / "node_modules" / "axe-core").exists()
        and (ROOT / "node_modules" / "playwright-core").exists()
    )


def require_browser() -> None:
    """Skip locally when Chromium or the npm packages are missing; CI demands them."""
    if browser_available():
        return
    message = "needs node, Debian's chromium and `npm ci` (make test installs them when it can)"
    if os.environ.get("MICADO_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


def run_script(name: str, payload, *, timeout: int = 180) -> dict:
    """Run tests/browser/<name> (a playwright-core script) with `payload` as its JSON
    argument; return what it printed as JSON. A script that caught an error reports it
    as {"error": ...}, which fails the test here with the browser's stack."""
    require_browser()
    result = subprocess.run(
        ["node", str(Path(__file__).with_name(name)), json.dumps(payload)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout)
    assert not (isinstance(seen, dict) and "error" in seen), seen.get("error")
    return seen


def audit(pages: list[dict]) -> dict:
    return run_script(SCRIPT.name, pages)


def region_cookie(live_server_url: str, code: str) -> list[dict]:
    """The migrant app's region choice as a browser cookie for the live test server."""
    from urllib.parse import urlparse

    from apps.migrants.region import REGION_COOKIE

    host = urlparse(live_server_url).hostname
    return [{"name": REGION_COOKIE, "value": code, "domain": host, "path": "/"}]


def session_cookie(client, live_server_url: str) -> list[dict]:
    """Cookies of a signed-in Django test client, for the browser."""
    from urllib.parse import urlparse

    host = urlparse(live_server_url).hostname
    return [
        {"name": name, "value": morsel.value, "domain": host, "path": "/"}
        for name, morsel in client.cookies.items()
    ]


def check_phone_pages(results: dict) -> None:
    """Each page of an `audit` at phone width: shown (no redirect), no WCAG violation,
    nothing from another host, no sideways scrolling. Lists every page that fails."""
    problems = []
    for url, result in results.items():
        if result["status"] != 200 or result["finalUrl"] != url:
            problems.append((url, result["status"], "redirected to " + result["finalUrl"]))
        if result["violations"]:
            problems.append((url, result["violations"]))
        if result["foreignRequests"]:
            problems.append((url, result["foreignRequests"]))
        if result["overflow"] > 0:
            problems.append((url, f"{result['overflow']} px wider than the phone"))
    assert not problems, problems
