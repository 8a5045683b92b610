"""A contribution hidden by reports says it waits for review; the reason shows once a moderator decides."""
from sqlalchemy import select

from participation.discussion.models import Comment
from participation.extensions import db
from participation.translations.services import save_translation


def _comment(text):
    return db.session.scalar(select(Comment).where(Comment.body == text))


def _report_three_times(client, make_user, login, comment):
    for _ in range(3):
        login(make_user())
        client.post(f"/en/report/comment/{comment.id}", data={"reason": "spam", "note": "I think it is spam"})


def test_hidden_by_reports_is_neutral_until_a_moderator_decides(client, item, make_user, login, post, open_case):
    login(make_user(name="Author"))
    post(item, "Visit my garden shop for plants")
    comment = _comment("Visit my garden shop for plants")
    _report_three_times(client, make_user, login, comment)
    db.session.refresh(comment)
    assert comment.status == "hidden"
    page = client.get(f"/en/items/{item.slug}").text
    assert "Hidden while the moderators review reports about it." in page
    assert "Spam or advertising" not in page.split('id="discussion"')[1]

    case = open_case("comment", comment.id)
    login(make_user(role="moderator"))
    client.post(f"/en/moderation/cases/{case.id}/decide", data={"action": "hide", "reason": "off_topic"})
    page = client.get(f"/en/items/{item.slug}").text
    assert "Hidden by the moderators: Off-topic" in page
    assert "Hidden while the moderators review" not in page


def test_case_context_shows_the_discussion_title_in_the_reviewers_language(
        client, item, make_user, login, post, open_case):
    save_translation(item, "title", "en", "Higher education hub")
    db.session.commit()
    login(make_user(name="Author"))
    post(item, "Visit my garden shop for plants")
    comment = _comment("Visit my garden shop for plants")
    _report_three_times(client, make_user, login, comment)
    case = open_case("comment", comment.id)
    login(make_user(role="moderator"))
    page = client.get(f"/en/moderation/cases/{case.id}").text
    context = page[page.index('class="context"'):]
    assert "Higher education hub" in context.split("</ul>")[0]
    assert item.title not in context.split("</ul>")[0]
    italian = client.get(f"/it/moderation/cases/{case.id}").text
    assert item.title in italian[italian.index('class="context"'):].split("</ul>")[0]


def test_a_case_held_for_a_blocked_phrase_names_the_phrase(client, item, make_user, login, post, open_case):
    from participation.moderation.screening import add_blocked_phrase

    add_blocked_phrase(make_user(role="moderator"), "cheap watches")
    db.session.commit()
    login(make_user(name="Seller"))
    post(item, "Buy CHEAP   watches at my stall")
    comment = _comment("Buy CHEAP   watches at my stall")
    assert comment.status == "pending"
    case = open_case("comment", comment.id)
    login(make_user(role="moderator", name="Reviewer"))
    page = client.get(f"/en/moderation/cases/{case.id}").text
    assert "Held for review because it contains the blocked phrase “cheap watches”." in page


def test_an_authors_history_marks_a_hiding_that_was_undone(client, item, make_user, login, post, open_case):
    author = make_user(name="Author")
    login(author)
    post(item, "First comment with shop links")
    first = _comment("First comment with shop links")
    _report_three_times(client, make_user, login, first)
    moderator = make_user(role="moderator", name="Mod")
    login(moderator)
    client.post(f"/en/moderation/cases/{open_case('comment', first.id).id}/decide",
                data={"action": "hide", "reason": "spam"})
    client.post(f"/en/moderation/restore/comment/{first.id}", data={"reason": "other"})
    db.session.refresh(first)
    assert first.status == "published"

    login(author)
    post(item, "Second comment, also reported")
    second = _comment("Second comment, also reported")
    _report_three_times(client, make_user, login, second)
    login(moderator)
    page = client.get(f"/en/moderation/cases/{open_case('comment', second.id).id}").text
    history = page[page.index("Content hidden"):][:400]
    assert "Undone: the content is visible again." in history
    assert page.index("<del>") < page.index("Content hidden")
