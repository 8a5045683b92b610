"""Interface language: negotiation at ``/``, URL prefix, the language menu."""
import pytest

from participation.core.i18n import LANGUAGE_COOKIE, LANGUAGES
from participation.extensions import db

BASE = "http://127.0.0.1:5000"


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_every_language_code_serves_pages_in_that_language(client, programme, code):
    response = client.get(f"/{code}/items/biciplan")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    direction = "rtl" if code in ("ar", "ur") else "ltr"
    tag = {"pa": "pa-Guru", "zh": "zh-Hans"}.get(code, code)  # the script, where the code alone does not say it
    assert f'<html lang="{tag}" dir="{direction}">' in html


@pytest.mark.parametrize("url", ["/de/", "/xx/items/biciplan", "/IT/", "/itx/", "/e/about"])
def test_unknown_language_code_is_not_found(client, programme, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("fr-CH, fr;q=0.9, en;q=0.5", "fr"),
        ("uk-UA,uk;q=0.9", "uk"),
        ("ar", "ar"),
        ("sq-AL", "sq"),
        ("ro-RO,ro;q=0.8,en;q=0.5", "ro"),
        ("de-DE, en;q=0.7", "en"),
        ("de-DE, ja", "it"),
        ("", "it"),
    ],
)
def test_root_negotiates_the_browser_languages(client, accept, expected):
    response = client.get("/", headers={"Accept-Language": accept})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/{expected}/"
    assert "Accept-Language" in response.headers["Vary"] and "Cookie" in response.headers["Vary"]


def test_root_prefers_the_remembered_choice_over_the_browser(client):
    client.set_cookie(LANGUAGE_COOKIE, "uk")
    response = client.get("/", headers={"Accept-Language": "fr"})
    assert response.headers["Location"] == "/uk/"


def test_root_ignores_a_bogus_cookie(client):
    client.set_cookie(LANGUAGE_COOKIE, "klingon")
    assert client.get("/", headers={"Accept-Language": "ro"}).headers["Location"] == "/ro/"


def test_root_uses_the_account_preference_before_the_browser(client, make_user, login):
    login(make_user(language="sq"))
    assert client.get("/", headers={"Accept-Language": "fr"}).headers["Location"] == "/sq/"


def test_choosing_a_language_sets_the_cookie_and_cleans_the_address(client, programme):
    response = client.get("/ar/items/biciplan?chosen=1")
    assert response.status_code == 303
    assert response.headers["Location"] == "/ar/items/biciplan"
    cookie = client.get_cookie(LANGUAGE_COOKIE)
    assert cookie is not None and cookie.value == "ar"
    # The next visit to / goes to the chosen language whatever the browser says.
    assert client.get("/", headers={"Accept-Language": "en"}).headers["Location"] == "/ar/"


def test_choosing_a_language_keeps_the_query(client, programme):
    response = client.get("/en/departments?page=2&q=a+b&chosen=1&tag=x&tag=y")
    assert response.status_code == 303
    assert response.headers["Location"] == "/en/departments?page=2&q=a+b&tag=x&tag=y"


def test_a_signed_in_choice_is_stored_in_the_account(client, programme, make_user, login):
    user = login(make_user(language="it"))
    client.get("/uk/about?chosen=1")
    db.session.expire_all()
    assert db.session.get(type(user), user.id).language == "uk"


def test_visiting_a_page_in_another_language_does_not_change_the_preference(client, programme, make_user, login):
    user = login(make_user(language="it"))
    client.get("/en/about")
    db.session.expire_all()
    assert db.session.get(type(user), user.id).language == "it"
    assert client.get_cookie(LANGUAGE_COOKIE) is None


def test_language_menu_links_keep_the_page_and_the_query(client, programme):
    html = client.get("/it/departments?page=2&tag=x&tag=y").get_data(as_text=True)
    for code, language in LANGUAGES.items():
        link = (
            f'<a href="/{code}/departments?page=2&amp;tag=x&amp;tag=y&amp;chosen=1" '
            f'lang="{language.tag}" hreflang="{code}"'
        )
        assert link in html
        assert f">{language.native_name}</a>" in html
    assert 'aria-current="true">Italiano</a>' in html


def test_alternate_links_are_absolute_and_include_x_default(client, programme):
    html = client.get("/ro/items/biciplan?x=1").get_data(as_text=True)
    for code in LANGUAGES:
        assert f'<link rel="alternate" hreflang="{code}" href="{BASE}/{code}/items/biciplan?x=1">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="{BASE}/">' in html


def test_alternate_links_never_carry_the_choice_marker(client, programme):
    client.get("/fr/?chosen=1")
    html = client.get("/fr/").get_data(as_text=True)
    assert 'hreflang="fr" href="http://127.0.0.1:5000/fr/"' in html
    assert "chosen=1\">" not in html.split("</head>")[0]


def test_alternate_links_follow_the_public_address(app, client, programme):
    app.config["BASE_URL"] = "https://partecipa.comune.cremona.it"
    html = client.get("/en/about").get_data(as_text=True)
    assert 'hreflang="uk" href="https://partecipa.comune.cremona.it/uk/about"' in html
    assert 'hreflang="x-default" href="https://partecipa.comune.cremona.it/"' in html


def test_alternate_links_use_the_request_host_without_a_base_url(app, client, programme):
    app.config["BASE_URL"] = ""
    html = client.get("/en/about", base_url="https://example.org").get_data(as_text=True)
    assert 'hreflang="ar" href="https://example.org/ar/about"' in html


def test_interface_strings_follow_the_url_language(client, programme):
    # The English catalog is the source language: its strings are the msgids.
    html = client.get("/en/about").get_data(as_text=True)
    assert "<title>About the programme · Partecipa</title>" in html
