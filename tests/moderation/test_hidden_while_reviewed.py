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
