"""The translation screens for staff and translators."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.core.models import utcnow
from participation.extensions import db
from participation.permissions import can_translate
from participation.translations.models import ContentTranslation
from participation.translations.services import save_translation, translated


def _count():
    return db.session.scalar(select(func.count()).select_from(ContentTranslation))


@pytest.mark.parametrize(
    ("role", "verified", "suspended", "allowed"),
    [
        ("resident", True, False, False),
        ("translator", True, False, True),
        ("moderator", True, False, True),
        ("administrator", True, False, True),
        ("translator", False, False, False),
        ("translator", True, True, False),
    ],
)
def test_who_may_translate(app, client, login, make_user, item, role, verified, suspended, allowed):
    fields = {"suspended_until": utcnow() + timedelta(days=3)} if suspended else {}
    user = login(make_user(role=role, verified=verified, **fields))
    assert can_translate(user) is allowed
    listing = client.get("/en/admin/translations")
    edit_url = f"/en/admin/translations/item/{item.id}/fr"
    post = client.post(edit_url, data={"title": "Plan vélo"})
    assert listing.status_code == (200 if allowed else 403)
    assert client.get(edit_url).status_code == (200 if allowed else 403)
    assert post.status_code == (303 if allowed else 403)
    assert _count() == (1 if allowed else 0)
    home = client.get("/en/").get_data(as_text=True)
    assert ('href="/en/admin/translations"' in home) is allowed


def test_anonymous_visitors_are_turned_away(client, item):
    assert client.get("/it/admin/translations").status_code in (302, 401)
    assert client.post(f"/it/admin/translations/item/{item.id}/en", data={"title": "x"}).status_code in (302, 401)
    assert _count() == 0
    assert can_translate(None) is False


@pytest.fixture
def translator(login, make_user):
    return login(make_user(role="translator"))


def test_list_shows_status_and_filters(client, translator, item, area):
    save_translation(item, "title", "en", "Cycling plan")
    save_translation(area, "title", "ro", "Cultura")
    db.session.commit()
    pages = [client.get(f"/en/admin/translations?page={n}").get_data(as_text=True) for n in (1, 2, 3)]
    html = "".join(pages)
    assert "<caption" in pages[0] and [page.count("<tr>") for page in pages] == [1 + 50, 1 + 50, 1 + 7]
    assert all("107 entries" in page for page in pages)
    assert 'href="/en/admin/translations?page=3"' in pages[0] and 'aria-current="page">Page 2' in pages[1]
    assert client.get("/en/admin/translations?page=4").status_code == 404
    assert client.get("/en/admin/translations?page=x").status_code == 404
    assert f'href="/en/admin/translations/item/{item.id}/en">Partial' in html
    filtered = client.get("/en/admin/translations?language=ro&status=partial").get_data(as_text=True)
    assert filtered.count("<tr>") == 1 + 1 and "Città per una cultura" in filtered
    assert 'lang="ro">Română</th>' in filtered and ">English</th>" not in filtered
    assert 'class="pagination"' not in filtered
    items_only = client.get("/en/admin/translations?type=item&status=missing&language=uk&page=2").get_data(
        as_text=True)
    assert items_only.count("<tr>") == 1 + 41 and "91 entries" in items_only
    assert 'href="/en/admin/translations?page=1&amp;language=uk&amp;status=missing&amp;type=item"' in items_only
    bogus = client.get("/en/admin/translations?language=xx&status=nope&type=zzz")
    assert bogus.status_code == 200 and bogus.get_data(as_text=True).count("<tr>") == 1 + 50


def test_edit_screen_shows_the_original_beside_each_field(client, translator, item):
    html = client.get(f"/en/admin/translations/item/{item.id}/ar").get_data(as_text=True)
    assert html.count('class="translation-field"') == 3
    assert html.count('<div lang="it" dir="ltr">') == 3
    assert item.objective in html
    assert '<textarea aria-describedby="macro_actions-help" dir="rtl" id="macro_actions" lang="ar"' in html


def test_saving_a_translation_with_macro_actions_as_text(client, translator, item):
    text = "First paragraph.\n\n- one\n- two"
    response = client.post(f"/en/admin/translations/item/{item.id}/en",
                           data={"title": " Cycling   plan ", "objective": "", "macro_actions": text})
    assert response.status_code == 303
    assert translated(item, "title", "en") == ("Cycling plan", "en")
    assert translated(item, "macro_actions", "en")[0] == [
        {"type": "paragraph", "text": "First paragraph."}, {"type": "list", "items": ["one", "two"]}
    ]
    assert translated(item, "objective", "en")[1] == "it"
    row = db.session.scalar(select(ContentTranslation).where(ContentTranslation.field == "title"))
    assert row.translated_by_id == translator.id and not row.is_machine
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Translation saved." in page
    assert "First paragraph.\n\n- one\n- two</textarea>" in page


def test_a_too_long_title_shows_the_error_summary_and_changes_nothing(client, translator, item):
    response = client.post(f"/en/admin/translations/item/{item.id}/en",
                           data={"title": "x" * 301, "objective": "Kept text"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert 'role="alert"' in html and 'href="#title"' in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="title-error"' in html
    assert "Kept text</textarea>" in html
    assert _count() == 0


@pytest.mark.parametrize(
    "url", ["/en/admin/translations/item/99999/en", "/en/admin/translations/user/1/en",
            "/en/admin/translations/item/{id}/it", "/en/admin/translations/item/{id}/de"],
)
def test_unknown_targets_are_not_found(client, translator, item, url):
    assert client.get(url.format(id=item.id)).status_code == 404


def test_the_status_page_counts_shipped_translations_as_not_yet_reviewed(client, runner, programme, make_user, login):
    runner.invoke(args=["programme", "import-translations"])
    login(make_user(role="translator"))
    html = client.get("/en/admin/translations?language=fr").get_data(as_text=True)
    counts = html[html.index('<table class="translation-counts">'):html.index("</table>")]
    # every area, item and department, as shipped: none reviewed yet
    assert '<th scope="row" lang="fr">Français</th><td>0</td><td>0</td><td>0</td><td>107</td><td>0</td>' in counts
    assert '<th scope="col">Not yet reviewed</th>' in counts


def test_saving_the_screen_unchanged_reviews_a_shipped_translation(client, translator, item):
    save_translation(item, "title", "en", "Cycling plan")  # as an import stores it: nobody reviewed it
    db.session.commit()
    assert "Not yet reviewed" in client.get(f"/en/admin/translations/item/{item.id}/en").get_data(as_text=True)
    assert "Translation not yet reviewed by the City." in client.get("/en/items/biciplan").get_data(as_text=True)
    response = client.post(f"/en/admin/translations/item/{item.id}/en",
                           data={"title": "Cycling plan", "objective": "", "macro_actions": ""})
    assert response.status_code == 303
    db.session.expire_all()
    row = db.session.scalar(select(ContentTranslation).where(ContentTranslation.field == "title"))
    assert row.reviewed_by_id == translator.id and row.translated_by_id is None and row.value == "Cycling plan"
    assert "Translation saved." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Translation reviewed by the City." in client.get("/en/items/biciplan").get_data(as_text=True)
