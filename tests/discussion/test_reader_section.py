"""One page of comments rendered once for all residents, and each reader's own part put in.

Readers take turns on the same kept page (discussion/section.py); each must
see exactly their own state and nothing of anyone else's.
"""
import re

import pytest
from sqlalchemy import select

from participation.discussion.models import Comment
from participation.extensions import db
from tests.discussion.test_pages import fill_thread
from tests.participation_fixtures import *  # noqa: F401,F403


def page_of(client, login, user, item, **params):
    if user is None:
        with client.session_transaction() as session:
            session.pop("_user_id", None)
    else:
        login(user)
    return client.get(f"/en/items/{item.slug}", query_string=params).get_data(as_text=True)


def actions_of(html, comment_id):
    """The actions footer of one comment (its own, not its replies')."""
    start = html.index(f'id="comment-{comment_id}"')
    footer = html.index('<footer class="comment-actions">', start)
    return html[footer:html.index("</footer>", footer)]


@pytest.fixture
def scene(item, make_user, login, client, post):
    anna, bruno, carla = make_user(name="Anna"), make_user(name="Bruno"), make_user(name="Carla")
    login(anna)
    post(item, "Anna's comment.")
    login(bruno)
    post(item, "Bruno's comment.")
    comments = {c.body: c.id for c in db.session.scalars(select(Comment))}
    # Bruno finds Anna's comment useful.
    anna_comment = comments["Anna's comment."]
    assert client.post(f"/en/comments/{anna_comment}/vote", data={"value": "up"}).status_code == 302
    return {"anna": anna, "bruno": bruno, "carla": carla, "moderator": make_user(role="moderator", name="Mara"),
            "anna_comment": comments["Anna's comment."], "bruno_comment": comments["Bruno's comment."]}


# reader -> (Anna's comment: editable, Bruno's vote pressed, vote buttons), (Bruno's comment: editable, buttons)
EXPECTED = {
    "visitor": ((False, False, False), (False, False)),
    "anna": ((True, False, False), (False, True)),
    "bruno": ((False, True, True), (True, False)),
    "carla": ((False, False, True), (False, True)),
    "moderator": ((False, False, True), (False, True)),
}


def _seen(html, comment_id):
    actions = actions_of(html, comment_id)
    return ("/edit" in actions, "is-active" in actions, "vote-button" in actions)


@pytest.mark.parametrize("order", [["carla", "anna", "bruno", "visitor", "moderator", "carla"],
                                   ["bruno", "visitor", "anna", "carla", "moderator", "bruno"]])
def test_each_reader_sees_their_own_state_on_the_shared_page(order, client, item, scene, login):
    for name in order:
        user = None if name == "visitor" else scene[name]
        html = page_of(client, login, user, item)
        anna, bruno = EXPECTED[name]
        assert _seen(html, scene["anna_comment"]) == anna, (name, "Anna's comment")
        edit, buttons = bruno
        seen = _seen(html, scene["bruno_comment"])
        assert (seen[0], seen[2]) == (edit, buttons), (name, "Bruno's comment")
        assert ('id="reply-form"' in html) == (name in ("anna", "bruno", "carla", "moderator")), name
        assert ("Hide</button>" in html) == (name == "moderator"), name


def test_a_page_of_many_comments_has_a_fixed_number_of_forms(client, item, make_user, login):
    users = [make_user() for _ in range(3)]
    reader = make_user(name="Reader")
    fill_thread(item, users, roots=3, replies_per_root=1)
    few = page_of(client, login, reader, item).count("<form")
    fill_thread(item, users, roots=40, replies_per_root=3)
    html = page_of(client, login, reader, item)
    assert html.count("<form") == few
    assert html.count('form="comment-votes"') >= 2 * 15  # every comment's buttons belong to the one vote form
    assert html.count('id="reply-form"') == 1 and html.count("data-reply=") >= 15


def test_a_reader_with_a_comment_awaiting_approval_sees_it_and_others_do_not(client, item, scene, login, post,
                                                                            make_user):
    from participation.discussion.models import Thread

    thread = db.session.scalar(select(Thread).where(Thread.programme_item_id == item.id))
    thread.premoderated = True
    db.session.commit()
    page_of(client, login, scene["carla"], item)  # the residents' page is kept
    login(scene["anna"])
    post(item, "Anna waits for approval.")
    assert "Anna waits for approval." in page_of(client, login, scene["anna"], item)
    assert "Awaiting approval" in page_of(client, login, scene["anna"], item)
    assert "Anna waits for approval." not in page_of(client, login, scene["carla"], item)
    assert "Anna waits for approval." not in page_of(client, login, None, item)


def test_a_long_conversation_shows_its_first_replies_and_links_to_the_rest(client, item, make_user, login):
    from participation.discussion.reading import REPLIES_SHOWN

    users = [make_user() for _ in range(2)]
    created = fill_thread(item, users, roots=2, replies_per_root=REPLIES_SHOWN + 3)
    root = created[0]
    html = page_of(client, login, None, item)
    assert f"Reply 0.{REPLIES_SHOWN - 1}<" in html and f"Reply 0.{REPLIES_SHOWN}<" not in html
    assert "Show 3 more replies in this conversation" in html
    assert f'?conversation={root.id}#comment-{root.id}"' in html
    whole = page_of(client, login, None, item, conversation=root.id)
    assert f"Reply 0.{REPLIES_SHOWN + 2}<" in whole and "Root 1<" not in whole
    assert "Back to all the conversations" in whole
    late = next(c for c in created if c.body == f"Reply 0.{REPLIES_SHOWN + 1}")
    assert client.get(f"/en/c/{late.id}").headers["Location"] == (
        f"/en/items/{item.slug}?conversation={root.id}#comment-{late.id}")
    early = next(c for c in created if c.body == "Reply 0.1")
    assert client.get(f"/en/c/{early.id}").headers["Location"] == f"/en/items/{item.slug}#comment-{early.id}"
    assert page_of(client, login, None, item, conversation="junk").count("Root 1<") == 1  # ignored, all shown


def test_the_reply_page_works_without_javascript(client, item, scene, login, make_user):
    anna_comment = scene["anna_comment"]
    with client.session_transaction() as session:
        session.pop("_user_id", None)
    assert client.get(f"/en/comments/{anna_comment}/reply").status_code == 302  # sign in first
    login(scene["carla"])
    html = client.get(f"/en/comments/{anna_comment}/reply").get_data(as_text=True)
    assert "In reply to <bdi>Anna</bdi>" in html and re.search(r'class="quoted-comment"[^>]*>.*s comment\.', html, re.S)
    assert re.search(rf'name="parent_id"[^>]*value="{anna_comment}"', html)
    response = client.post(f"/en/discussions/item/{item.id}/comments",
                           data={"body": "Carla replies.", "language": "en", "parent_id": str(anna_comment)})
    assert response.status_code == 302
    reply = db.session.scalar(select(Comment).where(Comment.body == "Carla replies."))
    assert reply.parent_id == anna_comment
    assert client.get("/en/comments/999999/reply").status_code == 404
    login(make_user(name="Unverified", verified=False))
    assert client.get(f"/en/comments/{anna_comment}/reply").status_code == 403
