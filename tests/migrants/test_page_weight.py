"""Page weight: HTML compressed where no secret is in it (BREACH), ETags for repeat
visits, and the production static storage (hashed, pre-compressed files)."""

import gzip
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import brotli
import pytest
from django.test import Client

from tests.content.factories import CourseFactory, EventFactory
from tests.migrants.conftest import client_in

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
BROWSER = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br, zstd"}
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip"}


def decompress(response) -> bytes:
    encoding = response["Content-Encoding"]
    return (
        brotli.decompress(response.content)
        if encoding == "br"
        else gzip.decompress(response.content)
    )


@pytest.fixture
def pages(make_process, make_term, make_information, town, organisation):
    process = make_process()
    term = make_term()
    info = make_information()
    event = EventFactory(region=town, organisation=organisation, title_en="Welcome café")
    course = CourseFactory(region=town, organisation=organisation, title_en="German A1")
    return [
        "/{lang}/",
        "/{lang}/processes/",
        f"/{{lang}}/processes/{process.pk}/",
        "/{lang}/glossary/",
        f"/{{lang}}/glossary/{term.pk}/",
        "/{lang}/information/",
        f"/{{lang}}/information/{info.pk}/",
        "/{lang}/events/",
        f"/{{lang}}/events/{event.pk}/",
        "/{lang}/courses/",
        f"/{{lang}}/courses/{course.pk}/",
        "/{lang}/search/?q=Register",
        "/{lang}/region/",
        "/{lang}/offline/",
    ]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_anonymous_migrant_pages_are_compressed(client, town, pages, lang):
    """First request (rendered) and second (served from the page cache): Brotli for a
    browser that takes it, else gzip; the same page as an uncompressed request gets."""
    for template in pages:
        path = template.format(lang=lang)
        plain = client_in(town).get(path)
        assert plain.status_code == 200, path
        assert not plain.has_header("Content-Encoding")
        for headers, encoding in ((BROWSER, "br"), (BROWSER, "br"), (GZIP, "gzip")):
            response = client.get(path, **headers)
            assert response.status_code == 200, path
            assert response["Content-Encoding"] == encoding, path
            assert "Accept-Encoding" in response["Vary"], path
            assert int(response["Content-Length"]) == len(response.content)
            html = decompress(response)
            assert html == plain.content, path
            assert b"csrfmiddlewaretoken" not in html
            assert len(response.content) < len(plain.content) / 2, path


def test_the_service_worker_and_manifest_are_compressed(client):
    for path in ("/sw.js", "/en/manifest.webmanifest"):
        response = client.get(path, **BROWSER)
        assert response["Content-Encoding"] == "br", path


def test_a_page_with_a_csrf_token_is_not_compressed():
    response = Client().get("/en/accounts/login/", **BROWSER)
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()  # plain text: not gzip
    assert not response.has_header("Content-Encoding")


def test_a_signed_in_visitor_gets_nothing_compressed(town, pages, make_user):
    member = client_in(town)
    member.force_login(make_user("migrant"))
    for template in pages[:5]:
        response = member.get(template.format(lang="en"), **BROWSER)
        assert response.status_code == 200
        assert not response.has_header("Content-Encoding")
        assert b"csrfmiddlewaretoken" in response.content  # the sign-out form
    space = member.get("/en/me/", **BROWSER)
    assert not space.has_header("Content-Encoding")


def test_an_anonymous_visitor_with_a_session_gets_nothing_compressed(client, pages):
    path = pages[2].format(lang="en")
    answered = client.post("/en/feedback/", {"path": path, "helpful": "yes"})
    assert answered.status_code == 302
    assert "sessionid" in client.cookies
    response = client.get(path, **BROWSER)
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def test_a_staff_api_request_with_credentials_is_not_compressed(client, pages):
    response = client.get("/en/", HTTP_AUTHORIZATION="Token abc", **BROWSER)
    assert not response.has_header("Content-Encoding")


def test_pages_outside_the_page_cache_answer_304_on_a_repeat_visit(client, pages):
    """Search, region and offline pages are rendered per request; an unchanged page is
    still only a 304 for a browser that has it."""
    for template in ("/en/search/?q=Register", "/en/region/", "/ar/offline/"):
        path = template.format(lang="en")
        first = client.get(path, **BROWSER)
        etag = first["ETag"]
        again = client.get(path, HTTP_IF_NONE_MATCH=etag, **BROWSER)
        assert again.status_code == 304, path
        assert again.content == b""


def production(code: str) -> str:
    """Run `code` with the production settings (as `manage.py` would) and return what
    it printed."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "micado.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "micado.example",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_production_serves_hashed_compressed_static_files_and_compresses_html():
    out = json.loads(
        production(
            "import json; from django.conf import settings; print(json.dumps({"
            "'storage': settings.STORAGES['staticfiles']['BACKEND'],"
            "'middleware': settings.MIDDLEWARE, 'debug': settings.DEBUG}))"
        )
    )
    assert out["storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert out["debug"] is False
    middleware = out["middleware"]
    gzip_at = middleware.index("apps.core.compression.PublicCompressionMiddleware")
    # After WhiteNoise (static files are compressed ahead of time), before the page cache
    # (so cached pages are compressed too) and everything that writes the body.
    assert middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") < gzip_at
    assert gzip_at < middleware.index("apps.migrants.pages.cache.PageCacheMiddleware")
    assert "django.middleware.gzip.GZipMiddleware" not in middleware


def test_production_deploy_check_is_clean():
    out = production(
        "from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    assert "no issues" in out


@pytest.mark.parametrize(
    ("path", "content_type", "policy"),
    [
        ("/static/css/migrants.0123456789ab.css", "text/css", False),
        ("/static/js/migrants-offline.0123456789ab.js", 'text/javascript; charset="utf-8"', False),
        ("/static/img/migrants-icons.0123456789ab.svg", "image/svg+xml", True),  # a document
        ("/theme.css", "text/css; charset=utf-8", False),
        ("/sw.js", "application/javascript; charset=utf-8", True),  # a worker
        ("/en/", "text/html; charset=utf-8", True),
    ],
)
def test_the_policy_is_sent_wherever_it_has_an_effect(rf, path, content_type, policy):
    from django.conf import settings
    from django.http import HttpResponse

    from apps.core.middleware import ContentSecurityPolicyMiddleware

    middleware = ContentSecurityPolicyMiddleware(lambda r: HttpResponse(content_type=content_type))
    response = middleware(rf.get(path))
    assert (response.get("Content-Security-Policy") == settings.MICADO_CSP) is policy
