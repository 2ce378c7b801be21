"""Installable, offline-capable app: manifest, service worker, offline page, and the
"Keep this topic for offline reading" panel on guide lists."""

import json

import pytest
from django.test import Client

from apps.regions.models import TenantSettings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("lang", "direction"), [("en", "ltr"), ("de", "ltr"), ("ar", "rtl")])
def test_manifest_in_the_page_language(client, town, lang, direction):
    TenantSettings.objects.create(
        region=town, display_name="Neustadt hilft", primary_colour="#123456"
    )
    response = client.get(f"/{lang}/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["lang"] == lang
    assert data["dir"] == direction
    assert data["start_url"] == f"/{lang}/"
    assert data["scope"] == "/"
    assert data["display"] == "standalone"
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in data["icons"]:  # same origin: paths, no host
        assert icon["src"].startswith("/static/img/")
    assert data["name"]
    assert data["theme_color"].startswith("#")


def test_manifest_uses_tenant_name_and_colour(settings, municipality):
    from apps.regions.selectors import tenant_cache_clear

    settings.MICADO_DEFAULT_REGION = municipality.code
    TenantSettings.objects.create(
        region=municipality, display_name="Neustadt hilft", primary_colour="#123456"
    )
    tenant_cache_clear()
    data = json.loads(Client().get("/de/manifest.webmanifest").content)
    assert data["name"] == "Neustadt hilft"
    assert data["theme_color"] == "#123456"
    # The description is the interface text, translated.
    assert data["description"] != ""


def test_migrant_pages_link_manifest_and_scripts_without_inline_code(client, make_process):
    process = make_process()
    html = client.get(f"/ar/processes/{process.pk}/").content.decode()
    assert '<link rel="manifest" href="/ar/manifest.webmanifest">' in html
    assert 'data-sw="/sw.js"' in html
    assert 'data-offline="/ar/offline/"' in html
    assert "<script>" not in html and " style=" not in html


def test_pa_pages_do_not_link_the_manifest(role_client):
    html = role_client("pa_admin").get("/en/pa/").content.decode()
    assert "manifest.webmanifest" not in html
    assert "/sw.js" not in html


def test_service_worker_served_from_the_root(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    config = json.loads(body.split("self.MICADO = ", 1)[1].split(";\n", 1)[0])
    assert config["version"]
    assert "/static/css/migrants.css" in config["precache"]
    assert config["staticUrl"] == "/static/"
    # Private and staff pages are never stored on the device.
    for prefix in ("/en/me/", "/ar/pa/", "/de/ngo/", "/en/accounts/", "/api/"):
        assert prefix in config["neverCache"]
    assert 'addEventListener("fetch"' in body
    # Nothing from another host.
    assert "http://" not in body and "https://" not in body


def test_service_worker_is_not_under_a_language_prefix(client):
    assert client.get("/en/sw.js").status_code == 404


def test_worker_version_follows_the_setting(client, settings):
    from apps.migrants.offline.views import offline_version

    offline_version.cache_clear()
    settings.MICADO_OFFLINE_VERSION = "build-42"
    try:
        body = client.get("/sw.js").content.decode()
        assert '"version":"build-42"' in body
    finally:
        offline_version.cache_clear()


def test_csp_allows_the_worker_and_manifest_from_this_origin(client):
    # worker-src and manifest-src fall back to script-src / default-src 'self'.
    csp = client.get("/sw.js")["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "You are offline"),
        ("de", 'lang="de"'),
        ("ar", 'dir="rtl"'),
        ("zh-hans", 'lang="zh-hans"'),
    ],
)
def test_offline_page_in_each_language(client, lang, text):
    response = client.get(f"/{lang}/offline/")
    assert response.status_code == 200
    html = response.content.decode()
    assert text in html
    assert "data-offline-list" in html
    assert 'id="feedback"' not in html  # no feedback form on the offline page


def test_topic_list_offers_to_keep_the_topic(client, make_process, topic):
    make_process()
    html = client.get(f"/en/processes/?topic={topic.pk}").content.decode()
    assert "Keep this topic for offline reading" in html
    assert 'data-offline-keep data-links=".card-list h3 a" data-glossary="/en/glossary/"' in html
    # Hidden until the script shows it: without JavaScript there is nothing to press.
    assert "data-failed=" in html
    section = html.split("data-offline-keep", 1)[1].split(">", 1)[0]
    assert section.endswith(" hidden")


def test_no_keep_panel_without_guides(client, topic):
    html = client.get(f"/en/processes/?topic={topic.pk}").content.decode()
    assert "Keep this topic for offline reading" not in html


def test_offline_banner_is_hidden_by_default(client):
    html = client.get("/en/").content.decode()
    assert "data-offline-banner hidden" in html
