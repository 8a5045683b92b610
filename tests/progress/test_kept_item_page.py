"""The item page's article (the item and its progress) is kept, and built again whenever it changes."""
import re

from flask import g

from participation.extensions import db
from participation.translations.services import save_translation


def _page(client, item, lang="it", **params):
    g.pop("csrf_token", None)  # each request of a test shares its app context: a token is one reader's
    response = client.get(f"/{lang}/items/{item.slug}", query_string=params)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _programme_reads(statements):
    return [s for s in statements if re.search(r"\bFROM (programme_item|item_progress|progress_update)\b", s)]


def test_a_kept_article_reads_no_row_of_the_programme(app, client, item, count_queries):
    from sqlalchemy import event

    _page(client, item)  # built and kept
    statements = []

    def note(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        again = _page(client, item)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert item.code in again
    assert statements and not _programme_reads(statements)


def test_the_kept_article_follows_every_change_it_shows(client, item, staff, statuses, make_user, login, logout):
    from participation.progress import services as progress

    resident = make_user()
    for reader in (None, resident):
        logout() if reader is None else login(reader)
        _page(client, item), _page(client, item, "en")  # kept, for visitors and residents alike

        item.title = f"Un titolo nuovo per {reader.id if reader else 'chi legge'}"
        db.session.commit()
        assert item.title in _page(client, item)

        save_translation(item, "objective", "en", f"An objective in English {reader is None}", by=staff)
        db.session.commit()
        assert f"An objective in English {reader is None}" in _page(client, item, "en")

        progress.publish_progress_update(staff, item, status=statuses["in_progress"],
                                         progress=31 + (reader is None), text="Lavori avviati.")
        db.session.commit()
        page = _page(client, item)
        assert f"{31 + (reader is None)}%" in page and "Lavori avviati." in page


def test_each_reader_sees_only_their_own_controls_on_the_kept_article(client, item, staff, make_user, login,
                                                                       logout):
    link = f"/it/items/{item.slug}/progress/new"
    login(staff)
    assert link in _page(client, item)  # staff may publish an update
    login(make_user())
    assert link not in _page(client, item)  # the same article, kept for staff, is not shown to a resident
    logout()
    assert link not in _page(client, item)


def _translate_token(html):
    form = html[html.index('class="translate-form"'):]
    return re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)


def test_a_form_in_the_kept_article_carries_its_own_readers_token(app, item, make_user):
    app.config["WTF_CSRF_ENABLED"] = True
    app.config["MACHINE_TRANSLATION_URL"] = "http://127.0.0.1:9/translate"  # the button shows; never pressed
    first, second = app.test_client(), app.test_client()
    for client in (first, second):
        with client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = make_user().get_id(), True
    g.pop("_login_user", None)
    first_page = _page(first, item, "en")
    g.pop("_login_user", None)
    second_page = _page(second, item, "en")  # the article kept for the first reader
    assert "\x00" not in first_page + second_page
    first_token, second_token = _translate_token(first_page), _translate_token(second_page)
    assert first_token != second_token and first_token not in second_page
    g.pop("_login_user", None)
    g.pop("csrf_token", None)
    assert second.post(f"/en/items/{item.slug}/support",
                       data={"action": "support", "csrf_token": first_token}).status_code == 400
    g.pop("_login_user", None)
    g.pop("csrf_token", None)
    assert second.post(f"/en/items/{item.slug}/support",
                       data={"action": "support", "csrf_token": second_token}).status_code == 302
