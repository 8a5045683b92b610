"""Signed-in readers: the forms around the comments are kept for each audience, and every reader gets
their own choices, state and CSRF token in them."""
import re
from datetime import timedelta

from flask import g

from participation.core.models import utcnow
from participation.extensions import db


def _page(client, item):
    g.pop("_login_user", None)  # each request of a test shares its app context: load the client's reader
    g.pop("csrf_token", None)
    response = client.get(f"/en/items/{item.slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _signed_in(app, user):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = user.get_id(), True
    return client


def _comment_form(html):
    start = html.index('class="comment-form"')
    return html[start:html.index("</form>", start)]


def test_each_reader_sees_their_own_groups_follow_state_and_staff_tools(app, item, make_user, make_group, post,
                                                                       client, login):
    author = make_user(name="Author")
    login(author)
    post(item, "The first comment, so that the page has a discussion")
    member, other, moderator = make_user(name="Marta"), make_user(name="Oscar"), make_user(role="moderator")
    make_group("Amici del Po", members=[member])
    pages = {}
    for name, user in (("member", member), ("other", other), ("moderator", moderator), ("member again", member)):
        pages[name] = _page(_signed_in(app, user), item)
    assert "Amici del Po" in _comment_form(pages["member"]) and "Amici del Po" in pages["member again"]
    assert "Amici del Po" not in pages["other"] and "Amici del Po" not in pages["moderator"]
    assert "Close the discussion" in pages["moderator"]
    assert "Close the discussion" not in pages["member"] and "Close the discussion" not in pages["other"]
    assert "The first comment" in pages["other"]  # the comments are put in the kept section

    from participation.discussion.models import Thread
    from participation.notifications.models import Follow
    thread = db.session.scalar(db.select(Thread).where(Thread.programme_item_id == item.id))
    db.session.add(Follow(user_id=other.id, thread_id=thread.id))
    db.session.commit()  # following is the reader's own: the thread's revision does not move
    assert "Following this discussion: stop" in _page(_signed_in(app, other), item)
    assert "Following this discussion: stop" not in _page(_signed_in(app, member), item)


def test_each_reader_posts_with_the_token_of_their_own_page(app, item, make_user):
    app.config["WTF_CSRF_ENABLED"] = True
    first, second = make_user(), make_user()
    first_client, second_client = _signed_in(app, first), _signed_in(app, second)
    tokens = []
    for client in (first_client, second_client):  # the second reader's section is the first one's, kept
        form = _comment_form(_page(client, item))
        tokens.append(re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1))
    assert tokens[0] != tokens[1]
    url = f"/en/discussions/item/{item.id}/comments"
    g.pop("_login_user", None)
    g.pop("csrf_token", None)
    assert second_client.post(url, data={"body": "With the other's token", "language": "en",
                                         "csrf_token": tokens[0]}).status_code == 400
    g.pop("_login_user", None)
    g.pop("csrf_token", None)
    assert second_client.post(url, data={"body": "With my token", "language": "en",
                                         "csrf_token": tokens[1]}).status_code == 302


def test_a_suspended_reader_is_not_offered_the_forms_kept_for_residents(app, item, make_user, login, post):
    resident, suspended = make_user(), make_user()
    login(resident)
    post(item, "A comment, so that the page has a discussion")
    assert "Publish comment" in _page(_signed_in(app, resident), item)  # kept for residents who may comment
    suspended.suspended_until = utcnow() + timedelta(days=3)
    db.session.commit()
    html = _page(_signed_in(app, suspended), item)
    assert "A comment, so that the page" in html and "Publish comment" not in html
    assert "Publish comment" in _page(_signed_in(app, resident), item)
