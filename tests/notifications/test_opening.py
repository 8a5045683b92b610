"""Opening a notification from the list marks it read on the way to its page."""
from sqlalchemy import select

from participation.discussion.models import Comment
from participation.extensions import db
from participation.notifications.models import Notification


def _reply_to_anna(item, make_user, login, post):
    anna, bruno = make_user(name="Anna"), make_user(name="Bruno")
    login(anna)
    post(item, "Anna's thought")
    parent = db.session.scalar(select(Comment).where(Comment.body == "Anna's thought"))
    login(bruno)
    post(item, "Bruno replies", parent_id=str(parent.id))
    note = db.session.scalar(select(Notification).where(Notification.user_id == anna.id, Notification.kind == "reply"))
    return anna, bruno, note


def test_opening_a_notification_marks_it_read_and_leads_to_its_page(client, item, make_user, login, post):
    anna, _bruno, note = _reply_to_anna(item, make_user, login, post)
    login(anna)
    listing = client.get("/en/notifications").text
    assert "Notifications (1 unread)" in listing
    assert f'<form method="post" action="/en/notifications/{note.id}/open"' in listing

    opened = client.post(f"/en/notifications/{note.id}/open")
    reply = db.session.scalar(select(Comment).where(Comment.body == "Bruno replies"))
    assert opened.status_code == 302
    assert opened.headers["Location"] == f"/en/c/{reply.id}"
    page = client.get(opened.headers["Location"], follow_redirects=True).text
    assert "Bruno replies" in page
    assert "unread" not in page.split("<main")[0]  # the header no longer counts it
    db.session.refresh(note)
    read_at = note.read_at
    assert read_at is not None

    # Read now: the list links straight to the page, and opening it again changes nothing.
    listing = client.get("/en/notifications").text
    assert f'href="/en/c/{reply.id}"' in listing and f"/notifications/{note.id}/open" not in listing
    again = client.post(f"/en/notifications/{note.id}/open")
    assert again.headers["Location"] == f"/en/c/{reply.id}"
    db.session.refresh(note)
    assert note.read_at == read_at


def test_it_leads_to_the_page_in_the_language_of_the_list(client, item, make_user, login, post):
    anna, _bruno, note = _reply_to_anna(item, make_user, login, post)
    login(anna)
    assert client.post(f"/it/notifications/{note.id}/open").headers["Location"].startswith("/it/c/")


def test_only_its_owner_opens_it_and_a_get_changes_nothing(client, item, make_user, login, post):
    anna, bruno, note = _reply_to_anna(item, make_user, login, post)
    login(bruno)
    assert client.post(f"/en/notifications/{note.id}/open").status_code == 404
    login(anna)
    assert client.get(f"/en/notifications/{note.id}/open").status_code == 405
    db.session.refresh(note)
    assert note.read_at is None
    assert "Notifications (1 unread)" in client.get("/en/notifications").text
