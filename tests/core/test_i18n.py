"""Languages: every page has lang and dir, the switcher keeps the page, first visits follow
the browser, Dari exists although Django ships no Dari."""

import pytest
from django.utils.translation import get_language_info

LANGUAGES = ["ar", "zh-hans", "prs", "nl", "en", "de", "it", "ru", "es", "uk", "ur"]
RIGHT_TO_LEFT = {"ar", "prs", "ur"}

NATIVE_NAMES = {
    "ar": "العربيّة",
    "zh-hans": "简体中文",
    "prs": "دری",
    "nl": "Nederlands",
    "en": "English",
    "de": "Deutsch",
    "it": "italiano",
    "ru": "Русский",
    "es": "español",
    "uk": "Українська",
    "ur": "اردو",
}


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGES)
def test_home_has_lang_and_direction(client, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    direction = "rtl" if code in RIGHT_TO_LEFT else "ltr"
    assert f'<html lang="{code}" dir="{direction}">' in response.content.decode()


@pytest.mark.django_db
def test_switcher_shows_every_native_name_with_its_own_direction(client):
    html = client.get("/de/").content.decode()
    for code, name in NATIVE_NAMES.items():
        direction = "rtl" if code in RIGHT_TO_LEFT else "ltr"
        assert f'hreflang="{code}" lang="{code}" dir="{direction}"' in html
        assert name in html


@pytest.mark.django_db
def test_interface_is_translated(client):
    assert "Zum Hauptinhalt springen" in client.get("/de/").content.decode()
    assert "الانتقال إلى المحتوى الرئيسي" in client.get("/ar/").content.decode()
    assert "跳到主要内容" in client.get("/zh-hans/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("next_path", "language", "expected"),
    [
        ("/de/pa/", "ar", "/ar/pa/"),
        ("/en/", "prs", "/prs/"),
        ("/ar/accounts/login/?next=/ar/pa/", "zh-hans", "/zh-hans/accounts/login/?next=/ar/pa/"),
    ],
)
def test_set_language_keeps_the_page_and_is_remembered(client, next_path, language, expected):
    """`set_language` (a POST) still works for other places; the switcher itself is links
    (below)."""
    response = client.post(
        f"/{next_path.split('/')[1]}/i18n/setlang/", {"language": language, "next": next_path}
    )
    assert response.status_code == 302
    assert response.url == expected
    assert response.cookies["micado_language"].value == language
    # Next visit to the bare address goes to the remembered language.
    assert client.get("/").url == f"/{language}/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("ar,en;q=0.8", "/ar/"),
        ("uk-UA,uk;q=0.9,ru;q=0.5", "/uk/"),
        ("fa-AF,fa;q=0.9", "/prs/"),
        ("zh-CN,zh;q=0.9", "/zh-hans/"),
        ("sw", "/de/"),
    ],
)
def test_first_visit_follows_the_browser(client, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response.url == expected


def test_dari_is_known_to_django():
    info = get_language_info("prs")
    assert info["name_local"] == "دری"
    assert info["bidi"] is True


@pytest.mark.django_db
def test_dari_pages_use_persian_strings_of_django_and_allauth(client):
    html = client.get("/prs/accounts/login/").content.decode()
    assert "گذرواژه" in html  # "password" from the vendored Persian catalogs
    assert "Password" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "language", "expected"),
    [
        ("/de/accounts/login/", "ar", "/ar/accounts/login/"),
        ("/en/", "prs", "/prs/"),
        ("/en/glossary/?letter=A", "zh-hans", "/zh-hans/glossary/?letter=A"),
        ("/ar/accounts/login/?next=/ar/pa/", "zh-hans", "/zh-hans/accounts/login/?next=/ar/pa/"),
    ],
)
def test_switcher_links_keep_the_page_and_the_choice_is_remembered(
    client, page, language, expected
):
    html = client.get(page, follow=True).content.decode()
    assert 'class="language-switcher"' in html
    assert f'href="{expected.replace("&", "&amp;")}" hreflang="{language}"' in html
    assert "/i18n/setlang/" not in html
    response = client.get(expected)
    assert response.cookies["micado_language"].value == language
    # Next visit to the bare address goes to the remembered language.
    assert client.get("/").url == f"/{language}/"
