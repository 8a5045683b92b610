"""The real forms of the pages: CSRF tokens, no inline scripts, proposal threads."""
import re

from sqlalchemy import select

from participation.discussion.models import Comment
from participation.extensions import db


def test_forms_carry_csrf_tokens_and_posts_without_them_fail(app, client, item, make_user, login, post):
    app.config["WTF_CSRF_ENABLED"] = True
    author = make_user()
    voter = make_user()
    login(voter)
    html = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    assert client.post(f"/en/discussions/item/{item.id}/comments",
                       data={"body": "No token", "language": "it"}).status_code == 400
    response = client.post(f"/en/discussions/item/{item.id}/comments",
                           data={"body": "With token", "language": "it", "csrf_token": token})
    assert response.status_code == 302
    assert client.post(f"/en/items/{item.slug}/support", data={"action": "support"}).status_code == 400
    support_form = html[html.index('action="/en/items/polo-alta-formazione/support"'):]
    support_token = re.search(r'name="csrf_token" value="([^"]+)"', support_form).group(1)
    assert client.post(f"/en/items/{item.slug}/support",
                       data={"action": "support", "csrf_token": support_token}).status_code == 302
    assert [c.body for c in db.session.scalars(select(Comment))] == ["With token"]
    assert author  # a second person exists so vote buttons on others' comments render


def test_pages_have_no_inline_scripts_styles_or_handlers(client, item, make_user, login, post, make_proposal):
    login(make_user())
    post(item, "Something to show", position="neutral")
    proposal = make_proposal(make_user(), [item])
    for url in (f"/en/items/{item.slug}", f"/en/proposals/{proposal.id}", "/en/proposals", "/en/priorities",
                "/en/notifications", "/en/proposals/new"):
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\ssrc=)", html), url
        assert " style=" not in html and not re.search(r"\son[a-z]+=", html), url


def test_vote_buttons_name_their_state(client, item, make_user, login, post):
    login(make_user(name="Writer"))
    post(item, "Useful comment")
    login(make_user())
    html = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    assert '<button type="submit" class="vote-button" data-vote-label>' \
           "This matters to me, 0 supports</button>" in html
    assert "Useful, 0 votes</button>" in html and "Not useful, 0 votes</button>" in html
    assert 'aria-live="polite"' in html and "/static/js/votes.js" in html


def test_comments_on_proposals_and_their_bad_input(client, item, make_user, login, make_proposal):
    author = make_user()
    proposal = make_proposal(author, [item], title="Open idea")
    draft = make_proposal(author, [item], title="Hidden draft", publish=False)
    login(make_user())
    url = f"/en/discussions/proposal/{proposal.id}/comments"
    response = client.post(url, data={"body": "Good", "language": "it", "position": "for"})
    assert response.status_code == 302
    assert db.session.scalar(select(Comment.position)) is None  # positions belong to programme items
    html = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "Open idea" in html and "Good" in html
    assert client.post(f"/en/discussions/proposal/{draft.id}/comments",
                       data={"body": "Peek", "language": "it"}).status_code == 404
    assert [c.body for c in db.session.scalars(select(Comment))] == ["Good"]


def test_reply_to_a_hidden_comment_is_refused(client, item, make_user, login, post):
    login(make_user())
    post(item, "Soon hidden")
    hidden = db.session.scalar(select(Comment))
    hidden.status = "hidden"
    db.session.commit()
    login(make_user())
    response = post(item, "Reply", parent_id=str(hidden.id))
    assert response.status_code == 400
    assert "no longer available" in response.get_data(as_text=True)
    assert client.post(f"/en/comments/{hidden.id}/vote", data={"value": "up"}).status_code == 404
