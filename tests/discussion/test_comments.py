"""Commenting on programme items through real HTTP requests."""
from datetime import timedelta

from flask import g
from sqlalchemy import select

from participation.core.models import utcnow
from participation.discussion.models import Comment, Thread
from participation.extensions import db


def comments():
    return db.session.scalars(select(Comment).order_by(Comment.id)).all()


def page(client, item, **params):
    return client.get(f"/en/items/{item.slug}", query_string=params).get_data(as_text=True)


def test_comment_is_published_with_its_position(client, item, make_user, login, post):
    login(make_user(name="Anna"))
    response = post(item, "Bella idea.\nDavvero.\n\nSecondo paragrafo", position="for")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/en/c/")
    html = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "<p>Bella idea.<br>Davvero.</p><p>Secondo paragrafo</p>" in html
    assert "Anna" in html
    assert "In favour: 1 comment" in html
    assert "1 comment" in html
    thread = db.session.scalar(select(Thread))
    assert (thread.comment_count, thread.for_count, thread.against_count) == (1, 1, 0)


def test_web_addresses_become_safe_links_and_markup_is_text(client, item, make_user, login, post):
    login(make_user())
    post(item, 'See https://example.org/a?b=1 <script>alert(1)</script> <a href="javascript:x()">x</a>'
               ' <img src=x onerror=alert(2)>')
    stored = comments()[0]
    assert '<a href="https://example.org/a?b=1" rel="nofollow ugc noopener">' in stored.body_html
    assert "<script" not in stored.body_html and "&lt;script&gt;" in stored.body_html
    assert "<img" not in stored.body_html and '<a href="javascript' not in stored.body_html
    html = page(client, item)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_empty_comment_is_refused_with_an_error_summary(client, item, make_user, login, post):
    login(make_user())
    response = post(item, "   \n  ")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<title>Error:" in html
    assert 'role="alert"' in html and 'href="#body"' in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="body-hint body-error"' in html
    assert "Write a comment before sending it." in html
    assert comments() == []


def test_oversized_comment_is_refused_and_the_text_kept(client, item, make_user, login, post):
    login(make_user())
    text = "x" * 5001
    response = post(item, text)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "at most 5000 characters" in html
    assert text in html  # nothing the person typed is lost
    assert comments() == []
    assert post(item, "y" * 5000).status_code == 302


def test_unverified_and_suspended_residents_cannot_comment(client, item, make_user, login, post):
    login(make_user(verified=False))
    response = post(item, "Hello")
    assert response.status_code == 400
    assert "You are not allowed to comment." in response.get_data(as_text=True)
    login(make_user(suspended_until=utcnow() + timedelta(days=1)))
    assert post(item, "Hello").status_code == 400
    assert comments() == []


def test_anonymous_visitor_cannot_comment(client, item, post):
    assert post(item, "Hello").status_code in (302, 401)  # to sign-in once it exists
    assert comments() == []
    assert "Sign in with a verified account to comment" in page(client, item)


def test_comment_on_missing_item_or_kind_is_404(client, item, make_user, login):
    login(make_user())
    assert client.post("/en/discussions/item/99999/comments", data={"body": "x", "language": "it"}).status_code == 404
    assert client.post(f"/en/discussions/blog/{item.id}/comments", data={"body": "x", "language": "it"}).status_code == 404
    assert comments() == []


def test_double_click_stores_the_comment_once(client, item, make_user, login, post):
    login(make_user())
    first = post(item, "Same text")
    second = post(item, "Same text")
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert len(comments()) == 1
    assert db.session.scalar(select(Thread.comment_count)) == 1
    # Ten seconds later the same words are a new comment.
    comments()[0].created_at = utcnow() - timedelta(seconds=11)
    db.session.commit()
    post(item, "Same text")
    assert len(comments()) == 2


def test_reply_to_a_comment_of_another_thread_is_refused(client, programme, item, make_user, login, post):
    from participation.programme.models import ProgrammeItem

    other = db.session.scalar(select(ProgrammeItem).where(ProgrammeItem.id != item.id))
    login(make_user())
    post(other, "On the other item")
    foreign = comments()[0]
    response = post(item, "Reply", parent_id=str(foreign.id))
    assert response.status_code == 400
    assert "You can only reply to a comment of this discussion." in response.get_data(as_text=True)
    for missing in ("424242", "99999999999999999999999", "-3", "0"):
        response = post(item, "Reply", parent_id=missing)
        assert response.status_code == 400
        assert "The comment you are replying to does not exist." in response.get_data(as_text=True)
    assert len(comments()) == 1


def test_position_is_refused_on_bad_value(client, item, make_user, login, post):
    login(make_user())
    assert post(item, "Hm", position="maybe").status_code == 400
    assert comments() == []


def test_closed_thread_refuses_comments_and_shows_the_note(client, item, make_user, login, post):
    staff = make_user(role="moderator")
    resident = make_user()
    login(staff)
    response = client.post(f"/en/discussions/item/{item.id}/close", data={"note": "Discussion moved to the council."})
    assert response.status_code == 302
    login(resident)
    html = page(client, item)
    assert "This discussion is closed." in html and "Discussion moved to the council." in html
    response = post(item, "Too late")
    assert response.status_code == 400
    assert "This discussion is closed." in response.get_data(as_text=True)
    assert comments() == []
    assert client.post(f"/en/discussions/item/{item.id}/reopen").status_code == 403
    login(staff)
    client.post(f"/en/discussions/item/{item.id}/reopen")
    login(resident)
    assert post(item, "Now it works").status_code == 302


def test_residents_cannot_close_threads(client, item, make_user, login):
    login(make_user())
    assert client.post(f"/en/discussions/item/{item.id}/close", data={"note": "x"}).status_code == 403
    assert db.session.scalar(select(Thread.closed_at)) is None


def test_author_edits_within_fifteen_minutes(client, item, make_user, login, post):
    author = make_user()
    login(author)
    post(item, "First words")
    comment = comments()[0]
    response = client.post(f"/en/comments/{comment.id}/edit", data={"body": "Better words"})
    assert response.status_code == 302
    html = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "Better words" in html and "edited" in html
    db.session.refresh(comment)
    assert [v.body for v in comment.versions] == ["First words"]
    comment.created_at = utcnow() - timedelta(minutes=16)
    db.session.commit()
    assert client.post(f"/en/comments/{comment.id}/edit", data={"body": "Too late"}).status_code == 403
    db.session.refresh(comment)
    assert comment.body == "Better words"


def test_others_cannot_edit_and_only_staff_see_versions(client, item, make_user, login, post):
    login(make_user())
    post(item, "Mine")
    comment = comments()[0]
    client.post(f"/en/comments/{comment.id}/edit", data={"body": "Mine, edited"})
    login(make_user())
    assert client.post(f"/en/comments/{comment.id}/edit", data={"body": "Hacked"}).status_code == 403
    assert client.get(f"/en/comments/{comment.id}/versions").status_code == 403
    login(make_user(role="moderator"))
    html = client.get(f"/en/comments/{comment.id}/versions").get_data(as_text=True)
    assert "Mine" in html and "Mine, edited" in html


def test_edit_with_empty_text_is_refused(client, item, make_user, login, post):
    login(make_user())
    post(item, "Words")
    comment = comments()[0]
    response = client.post(f"/en/comments/{comment.id}/edit", data={"body": " "})
    assert response.status_code == 400
    db.session.refresh(comment)
    assert comment.body == "Words"


def test_deleted_comment_keeps_its_replies(client, item, make_user, login, post):
    author, other = make_user(name="Author"), make_user(name="Replier")
    login(author)
    post(item, "Original thought", position="against")
    parent = comments()[0]
    login(other)
    post(item, "A reply", parent_id=str(parent.id))
    assert client.post(f"/en/comments/{parent.id}/delete").status_code == 403
    login(author)
    assert client.post(f"/en/comments/{parent.id}/delete").status_code == 302
    html = page(client, item)
    assert "Comment deleted by its author" in html
    assert "Original thought" not in html
    assert "A reply" in html
    thread = db.session.scalar(select(Thread))
    db.session.refresh(thread)
    assert (thread.comment_count, thread.against_count) == (1, 0)


def test_replies_nest_three_levels_then_go_flat(client, item, make_user, login, post):
    names = ["Uno", "Due", "Tre", "Quattro", "Cinque"]
    parent_id = None
    for name in names:
        login(make_user(name=name))
        data = {"parent_id": str(parent_id)} if parent_id else {}
        post(item, f"Text by {name}", **data)
        parent_id = comments()[-1].id
    html = page(client, item)
    assert [c.depth for c in comments()] == [0, 1, 2, 3, 4]
    assert "in reply to <bdi>Tre</bdi>" in html and "in reply to <bdi>Quattro</bdi>" in html
    assert "in reply to Due" not in html
    assert html.count('class="replies"') == 2 and html.count('class="replies replies-flat"') == 1


def test_staff_official_answer_is_highlighted_at_the_top(client, item, make_user, login, post):
    login(make_user())
    post(item, "A question")
    staff = make_user(role="administrator", name="Ufficio")
    login(staff)
    post(item, "The official position of the city", official="y")
    html = page(client, item)
    top = html.index("official-answers")
    assert top < html.index("A question")
    assert "The official position of the city" in html[top:html.index("A question")]
    answer = comments()[1]
    assert answer.is_official
    client.post(f"/en/comments/{answer.id}/official", data={"official": "0"})
    db.session.refresh(answer)
    assert not answer.is_official


def test_the_newest_official_answers_are_summed_up_and_every_one_is_a_link_away(client, item, make_user, login,
                                                                                 post):
    from participation.discussion.reading import OFFICIALS_SHOWN

    login(make_user(role="administrator", name="Ufficio"))
    answers = OFFICIALS_SHOWN + 2
    for n in range(answers):
        post(item, f"Official answer number {n}.", official="y")
    html = page(client, item)
    box = html[html.index('class="official-answers"'):html.index('class="comments"')]
    shown = [n for n in range(answers) if f"Official answer number {n}." in box]
    assert shown == list(range(answers - OFFICIALS_SHOWN, answers))  # the newest
    assert "Show every official answer" in box
    assert f"The {OFFICIALS_SHOWN} most recent official answers; each is also in its conversation below." in box
    assert all(f"Official answer number {n}." in html for n in range(answers))  # each in its conversation too
    every = page(client, item, officials="all")
    box = every[every.index('class="official-answers"'):every.index('class="comments"')]
    assert all(f"Official answer number {n}." in box for n in range(answers))
    assert "Show every official answer" not in box
    with client.session_transaction() as session:  # a visitor: the page kept for everyone who is not signed in
        session.clear()
    g.pop("_login_user", None)
    visitor = page(client, item, officials="all")
    assert f"Official answer number {answers - OFFICIALS_SHOWN - 1}." in visitor[:visitor.index('class="comments"')]
    visitor = page(client, item)
    assert f"Official answer number {answers - OFFICIALS_SHOWN - 1}." not in visitor[:visitor.index('class="comments"')]


def test_residents_cannot_give_official_answers(client, item, make_user, login, post):
    login(make_user())
    response = post(item, "Pretending", official="y")
    assert response.status_code == 400
    assert comments() == []
    post(item, "Normal")
    assert client.post(f"/en/comments/{comments()[0].id}/official", data={"official": "1"}).status_code == 403


def test_sorting_newest_and_most_useful(client, item, make_user, login, post):
    login(make_user())
    for text in ("Alpha", "Beta", "Gamma"):
        post(item, text)
    beta = comments()[1]
    beta.up_count = 5
    db.session.commit()
    oldest = page(client, item)
    assert oldest.index("Alpha") < oldest.index("Beta") < oldest.index("Gamma")
    newest = page(client, item, sort="newest")
    assert newest.index("Gamma") < newest.index("Beta") < newest.index("Alpha")
    useful = page(client, item, sort="supported")
    assert useful.index("Beta") < useful.index("Alpha") < useful.index("Gamma")
    assert page(client, item, sort="bogus").index("Alpha") < oldest.index("Gamma")
    assert client.get(f"/en/items/{item.slug}", query_string={"page": "x"}).status_code == 404
