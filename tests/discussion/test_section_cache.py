"""The kept discussion (discussion/section.py) is never stale, for visitors and for residents.

Each row of the matrix warms the cache with a visit (anonymous, or by a
signed-in resident who takes no part in the change), makes one change
through HTTP as the person allowed to make it, and reads the page again as
the same reader: the change must show at once.
"""
import re

import pytest
from sqlalchemy import select

from participation.discussion.models import Comment, Thread
from participation.extensions import db

PASSWORD = "a long enough secret"


def discussion_of(html):
    """The discussion section of a page (the rest of a page differs per response: the CSP nonce)."""
    start = html.index('<section class="discussion"')
    return html[start:html.index("data-vote-status", start)]


def anonymous_page(client, logout, item, **params):
    logout()
    return discussion_of(client.get(f"/en/items/{item.slug}", query_string=params).get_data(as_text=True))


def resident_page(client, login, reader, item, **params):
    """The section as a signed-in resident reads it, without the per-response form tokens."""
    login(reader)
    html = discussion_of(client.get(f"/en/items/{item.slug}", query_string=params).get_data(as_text=True))
    return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', html)


def revision(item):
    db.session.expire_all()
    return db.session.scalar(select(Thread.revision).where(Thread.programme_item_id == item.id))


@pytest.fixture
def scene(client, item, make_user, login, post):
    """Anna's comment with a reply by Bruno, on an item; a moderator, a staff member, an administrator."""
    anna = make_user(name="Anna", password=PASSWORD)
    bruno = make_user(name="Bruno")
    login(anna)
    post(item, "Anna says the buses are late.")
    comment = db.session.scalar(select(Comment).order_by(Comment.id.desc()))
    login(bruno)
    post(item, "Bruno agrees.", parent_id=str(comment.id))
    return {"anna": anna, "bruno": bruno, "comment": comment,
            "moderator": make_user(role="moderator", name="Mara"), "staff": make_user(role="administrator", name="Sergio"),
            "admin": make_user(role="administrator", name="Ada"), "reader": make_user(name="Carla")}


def _post_reply(client, item, scene, post, login):
    login(scene["bruno"])
    post(item, "Bruno adds a second thought.", parent_id=str(scene["comment"].id))


CHANGES = {
    "new comment": (
        lambda c, i, s, post, login: (login(s["bruno"]), post(i, "A brand new conversation.")),
        lambda html: "A brand new conversation." in html),
    "reply": (_post_reply, lambda html: "Bruno adds a second thought." in html),
    "edit": (
        lambda c, i, s, post, login: (login(s["anna"]),
                                      c.post(f"/en/comments/{s['comment'].id}/edit", data={"body": "Anna, edited."})),
        lambda html: "Anna, edited." in html and "Anna says the buses are late." not in html),
    "delete": (
        lambda c, i, s, post, login: (login(s["anna"]), c.post(f"/en/comments/{s['comment'].id}/delete")),
        lambda html: "Comment deleted by its author" in html and "Anna says the buses are late." not in html),
    "vote": (
        lambda c, i, s, post, login: (login(s["bruno"]),
                                      c.post(f"/en/comments/{s['comment'].id}/vote", data={"value": "up"})),
        lambda html: "Useful, 1 vote" in html),
    "moderator hides": (
        lambda c, i, s, post, login: (login(s["moderator"]),
                                      c.post(f"/en/moderation/hide/comment/{s['comment'].id}",
                                             data={"reason": "spam"})),
        lambda html: "Anna says the buses are late." not in html),
    "official answer": (
        lambda c, i, s, post, login: (login(s["staff"]), post(i, "The city answers.", official="y")),
        lambda html: "official-answers" in html and "The city answers." in html),
    "closed": (
        lambda c, i, s, post, login: (login(s["staff"]),
                                      c.post(f"/en/discussions/item/{i.id}/close", data={"note": "Moved to council."})),
        lambda html: "This discussion is closed." in html and "Moved to council." in html),
    "author becomes a moderator": (
        lambda c, i, s, post, login: (login(s["admin"]),
                                      c.post(f"/en/admin/roles/{s['anna'].id}", data={"role": "moderator"})),
        lambda html: 'Anna</bdi></strong> <span class="badge">Staff</span>' in html),
    "author deletes the account": (
        lambda c, i, s, post, login: (login(s["anna"]), c.post("/en/account/delete", data={"password": PASSWORD})),
        lambda html: "Anna says the buses are late." in html and "Anna</bdi></strong>" not in html),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_an_anonymous_reader_sees_every_change_at_once(change, client, item, scene, post, login, logout):
    act, shows = CHANGES[change]
    before = anonymous_page(client, logout, item)
    assert anonymous_page(client, logout, item) == before  # served from the cache, unchanged
    assert not shows(before), "the change is already visible before it was made"
    start = revision(item)
    act(client, item, scene, post, login)
    assert revision(item) > start
    after = anonymous_page(client, logout, item)
    assert shows(after), f"{change}: the anonymous page still shows the thread as it was"


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_signed_in_resident_sees_every_change_at_once(change, client, item, scene, post, login):
    act, shows = CHANGES[change]
    before = resident_page(client, login, scene["reader"], item)
    assert resident_page(client, login, scene["reader"], item) == before  # the kept page, unchanged
    assert "vote-button" in before and "data-reply=" in before  # the page of a resident who may take part
    assert not shows(before), "the change is already visible before it was made"
    act(client, item, scene, post, login)
    after = resident_page(client, login, scene["reader"], item)
    assert shows(after), f"{change}: the resident's page still shows the thread as it was"


def test_a_second_anonymous_visit_reads_no_comments(client, item, scene, logout, count_queries):
    first_page = anonymous_page(client, logout, item)
    with count_queries() as first:
        client.get(f"/en/items/{item.slug}?sort=newest")
    with count_queries() as second:
        again = discussion_of(client.get(f"/en/items/{item.slug}?sort=newest").get_data(as_text=True))
    assert second() < first()
    assert "Anna says the buses are late." in again and "Bruno agrees." in again
    assert again != first_page  # another sort order is another entry


def test_each_language_and_page_has_its_own_entry(client, item, scene, logout):
    english = anonymous_page(client, logout, item)
    italian = discussion_of(client.get(f"/it/items/{item.slug}").get_data(as_text=True))
    assert "Discussion" in english and "Discussione" in italian
    assert "Discussione" not in english


def test_signed_in_readers_get_their_own_controls(client, item, scene, login, logout):
    anonymous_page(client, logout, item)
    login(scene["anna"])
    html = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    assert f'/en/comments/{scene["comment"].id}/edit' in html
    assert "Sign in with a verified account to comment" not in html


def test_the_cache_can_be_turned_off(app, client, item, scene, logout):
    from participation.discussion.cache import SectionCache

    app.extensions["kept parts"] = SectionCache(0)
    first = anonymous_page(client, logout, item)
    assert "Anna says the buses are late." in first
    assert anonymous_page(client, logout, item) == first


def test_a_stored_page_is_bounded_by_the_budget():
    from participation.discussion.cache import SectionCache

    cache = SectionCache(100)
    calls = []

    def render(text):
        def inner():
            calls.append(text)
            return text
        return inner

    assert cache.get_or_render("a", render("x" * 60)) == "x" * 60
    assert cache.get_or_render("a", render("other")) == "x" * 60  # kept
    cache.get_or_render("b", render("y" * 60))  # evicts "a": 120 characters exceed the budget
    assert cache.get_or_render("a", render("z")) == "z"
    cache.get_or_render("big", render("w" * 500))  # larger than the whole budget: rendered, never kept
    assert cache.get_or_render("big", render("v")) == "v"
    assert calls == ["x" * 60, "y" * 60, "z", "w" * 500, "v"]
