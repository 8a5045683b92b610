"""The progress page and the Atom feeds are kept, and built again whenever what they show changes."""
import re

from flask import g
from sqlalchemy import event

from participation.extensions import db
from participation.translations.services import save_translation


def _urls(item):
    return ["/it/progress", "/it/progress/feed.atom", f"/it/areas/{item.primary_area.number}/progress.atom",
            f"/it/items/{item.slug}/progress.atom"]


def _get(client, url):
    g.pop("_login_user", None)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_kept_progress_pages_read_no_progress_row(client, item, staff, statuses):
    from participation.progress import services as progress

    progress.publish_progress_update(staff, item, status=statuses["in_progress"], progress=20, text="Avviato.")
    db.session.commit()
    for url in _urls(item):
        first = _get(client, url)
        statements = []

        def note(conn, cursor, statement, parameters, context, executemany, statements=statements):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", note)
        try:
            again = _get(client, url)
        finally:
            event.remove(db.engine, "before_cursor_execute", note)
        assert again == first or url == "/it/progress"  # the page has the reader's own header around it
        assert not [s for s in statements if re.search(r"\bFROM (progress_update|item_progress|area)\b", s)], url


def test_kept_progress_pages_follow_every_change_they_show(client, item, staff, statuses):
    from participation.progress import services as progress

    for url in _urls(item):
        _get(client, url)  # kept, before anything was published
    progress.publish_progress_update(staff, item, status=statuses["in_progress"], progress=45, text="Cantiere.")
    db.session.commit()
    for url in _urls(item):
        assert item.code in _get(client, url), url
    assert "45%" in _get(client, "/it/progress")

    department = item.departments[0]
    progress.publish_progress_update(staff, item, status=statuses["in_progress"], progress=50, text="Ancora.",
                                     department=department)
    db.session.commit()
    for url in _urls(item)[1:]:
        _get(client, url)
    department.name = "Settore con un nome nuovo"
    db.session.commit()
    for url in _urls(item)[1:]:  # each update's author is its department
        assert "Settore con un nome nuovo" in _get(client, url), url

    area = item.primary_area
    _get(client, "/en/progress")
    save_translation(area, "title", "en", "An area with a new English title", by=staff)
    db.session.commit()
    assert "An area with a new English title" in _get(client, "/en/progress")


def test_only_staff_see_their_link_on_the_kept_progress_page(client, staff, make_user, login, logout):
    link = "/it/staff/progress/import"
    assert link not in _get(client, "/it/progress")  # kept for a visitor
    login(staff)
    assert link in _get(client, "/it/progress")
    login(make_user())
    assert link not in _get(client, "/it/progress")
