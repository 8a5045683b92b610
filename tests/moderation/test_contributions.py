"""Moderating comments and proposals: hiding with placeholders, pre-moderation, blocked phrases, writing limits."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.audit.models import AuditEntry
from participation.core.models import utcnow
from participation.discussion.models import Comment, Thread
from participation.extensions import db
from participation.moderation.models import ModerationCase
from participation.moderation.screening import add_blocked_phrase
from participation.moderation.settings import set_setting
from participation.proposals.models import Proposal


def _comment(text):
    return db.session.scalar(select(Comment).where(Comment.body == text))


def _thread(item):
    return db.session.scalar(select(Thread).where(Thread.programme_item_id == item.id))


def test_hidden_comment_leaves_a_placeholder_and_its_replies(client, item, make_user, login, post):
    author = login(make_user(name="Author"))
    post(item, "Buy cheap watches here")
    parent = _comment("Buy cheap watches here")
    login(make_user(name="Replier"))
    post(item, "A sensible reply", parent_id=str(parent.id))
    assert _thread(item).comment_count == 2
    login(make_user(role="moderator"))
    client.post(f"/en/moderation/hide/comment/{parent.id}", data={"reason": "spam"})
    db.session.expire_all()
    assert _thread(item).comment_count == 1  # hidden comments do not count
    login(make_user())
    page = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    assert "Hidden by the moderators: Spam or advertising" in page
    assert "Buy cheap watches here" not in page and "A sensible reply" in page
    # Nobody replies to or votes on what is hidden.
    assert post(item, "Me too", parent_id=str(parent.id)).status_code == 400
    assert client.post(f"/en/comments/{parent.id}/vote", data={"value": "up"}).status_code == 404
    # The author hears of it, with the reason and a way to appeal.
    login(author)
    notes = client.get("/en/notifications").get_data(as_text=True)
    assert "Moderation decision: Content hidden. Reason: Spam or advertising." in notes
    assert "You can appeal it." in notes


def test_restoring_a_comment_counts_it_again(client, item, make_user, login, post):
    login(make_user())
    post(item, "Borderline remark")
    comment = _comment("Borderline remark")
    login(make_user(role="moderator"))
    client.post(f"/en/moderation/hide/comment/{comment.id}", data={"reason": "off_topic"})
    client.post(f"/en/moderation/restore/comment/{comment.id}", data={"reason": "other"})
    db.session.expire_all()
    assert _comment("Borderline remark").status == "published"
    assert _thread(item).comment_count == 1


def test_three_reports_hide_a_comment_and_the_case_shows_its_context(client, item, make_user, login, post):
    login(make_user(name="Author"))
    post(item, "Parent remark")
    parent = _comment("Parent remark")
    post(item, "Offensive words", parent_id=str(parent.id))
    comment = _comment("Offensive words")
    for _ in range(3):
        login(make_user())
        assert client.post(f"/en/report/comment/{comment.id}", data={"reason": "offensive"}).status_code == 302
    db.session.expire_all()
    assert _comment("Offensive words").status == "hidden"
    case = db.session.scalar(select(ModerationCase).where(ModerationCase.target_type == "comment"))
    login(make_user(role="moderator"))
    html = client.get(f"/en/moderation/cases/{case.id}").get_data(as_text=True)
    assert "Offensive words" in html and "Parent remark" in html and "3 reports" in html


def test_moderator_edit_of_a_comment_is_marked_and_keeps_the_original(client, item, make_user, login, post):
    login(make_user())
    post(item, "Call Mario at 333 1234567")
    comment = _comment("Call Mario at 333 1234567")
    login(make_user())
    client.post(f"/en/report/comment/{comment.id}", data={"reason": "personal_data"})
    case = db.session.scalar(select(ModerationCase))
    login(make_user(role="moderator"))
    client.post(f"/en/moderation/cases/{case.id}/decide",
                data={"action": "edit", "reason": "personal_data", "edited_text": "Call Mario"})
    page = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    assert "Call Mario" in page and "333 1234567" not in page
    assert "Personal data removed by the moderators." in page
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "edit"))
    assert entry.before_text == "Call Mario at 333 1234567"


def test_hidden_proposal_shows_only_the_reason_and_leaves_the_list(client, item, make_user, login, make_proposal):
    author = make_user(name="Proposer")
    proposal = make_proposal(author, [item], title="Shady offer", body="Buy now")
    login(make_user(role="moderator"))
    client.post(f"/en/moderation/hide/proposal/{proposal.id}", data={"reason": "spam"})
    login(make_user())
    page = client.get(f"/en/proposals/{proposal.id}").get_data(as_text=True)
    assert "Hidden by the moderators: Spam or advertising" in page and "Buy now" not in page
    assert "Shady offer" not in client.get("/en/proposals").get_data(as_text=True)
    response = client.post(f"/en/proposals/{proposal.id}/support", data={"action": "support"}, follow_redirects=True)
    assert "no longer collects support" in response.get_data(as_text=True)
    assert db.session.get(Proposal, proposal.id).support_count == 0
    login(author)
    assert "Buy now" in client.get(f"/en/proposals/{proposal.id}").get_data(as_text=True)


def test_first_contributions_of_new_accounts_wait_for_approval(client, item, make_user, login, post):
    set_setting("premoderate_first_n", 1)
    db.session.commit()
    newcomer = login(make_user(name="Newcomer"))
    response = post(item, "My very first comment")
    assert response.status_code == 302
    comment = _comment("My very first comment")
    assert comment.status == "pending" and _thread(item).comment_count == 0
    assert "Awaiting approval" in client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    login(make_user())
    assert "My very first comment" not in client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    case = db.session.scalar(select(ModerationCase).where(ModerationCase.target_id == comment.id))
    assert case.origin.value == "premoderation"
    login(make_user(role="moderator"))
    client.post(f"/en/moderation/cases/{case.id}/decide", data={"action": "approve", "reason": "other"})
    db.session.expire_all()
    assert _comment("My very first comment").status == "published" and _thread(item).comment_count == 1
    # Once one contribution is approved, the next is published at once.
    login(newcomer)
    post(item, "My second comment")
    assert _comment("My second comment").status == "published"


def test_pre_moderated_thread_holds_every_new_comment(client, item, make_user, login, post):
    login(make_user(role="moderator"))
    client.post(f"/en/discussions/item/{item.id}/premoderation", data={"premoderated": "1"})
    assert _thread(item).premoderated
    login(make_user())
    post(item, "Held in a heated thread")
    assert _comment("Held in a heated thread").status == "pending"
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "thread_premoderated"))


def test_blocked_phrase_sends_a_comment_and_a_proposal_to_review(client, item, make_user, login, post, make_proposal):
    add_blocked_phrase(make_user(role="moderator"), "compra subito")
    db.session.commit()
    login(make_user())
    response = post(item, "Offerta: COMPRA subìto!")
    assert response.status_code == 302  # not a silent rejection: it waits for review
    assert _comment("Offerta: COMPRA subìto!").status == "pending"
    proposal = make_proposal(make_user(), [item], title="Compra subito", body="Offer")
    assert proposal.moderation_status == "pending"
    origins = db.session.scalars(select(ModerationCase.origin)).all()
    assert [o.value for o in origins] == ["blocked_phrase", "blocked_phrase"]


@pytest.fixture
def limited(app):
    app.config["WRITE_RATE_LIMITS"] = True


def test_new_account_posts_once_every_15_seconds(client, item, make_user, login, post, limited):
    login(make_user())
    assert post(item, "First").status_code == 302
    response = post(item, "Second, too soon")
    assert response.status_code == 400
    assert "You are writing too fast. You can post again in" in response.get_data(as_text=True)
    assert _comment("Second, too soon") is None


def test_new_account_posts_at_most_ten_comments_an_hour(client, item, make_user, login, post, limited):
    user = login(make_user())
    thread_id = None
    post(item, "Opening")
    thread_id = _thread(item).id
    start = utcnow() - timedelta(minutes=50)
    for n in range(9):
        db.session.add(Comment(thread_id=thread_id, author_id=user.id, body=f"Earlier {n}", body_html="x",
                               language="it", created_at=start + timedelta(minutes=n), root_id=None))
    db.session.execute(Comment.__table__.update().where(Comment.body == "Opening")
                       .values(created_at=utcnow() - timedelta(minutes=5)))
    db.session.commit()
    response = post(item, "Eleventh in the hour")
    assert response.status_code == 400
    assert "You have reached the limit for now. You can post again in" in response.get_data(as_text=True)


def test_older_accounts_wait_five_seconds(client, item, make_user, login, post, limited):
    user = make_user()
    user.created_at = utcnow() - timedelta(days=3)
    db.session.commit()
    login(user)
    post(item, "One")
    db.session.execute(Comment.__table__.update().values(created_at=utcnow() - timedelta(seconds=6)))
    db.session.commit()
    assert post(item, "Two").status_code == 302


def test_three_proposals_a_day(client, item, make_user, login, make_proposal, limited):
    from participation.proposals.services import ProposalError

    author = make_user()
    for n in range(3):
        make_proposal(author, [item], title=f"Idea {n}")
    from flask_babel import force_locale

    with force_locale("en"), pytest.raises(ProposalError, match="You have reached the limit for now"):
        make_proposal(author, [item], title="Idea 4")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Proposal).where(Proposal.published_at.is_not(None))) == 3


def test_suspended_resident_cannot_write_vote_or_propose(client, item, make_user, login, post, make_proposal):
    author = make_user()
    proposal = make_proposal(author, [item])
    login(author)
    post(item, "Before")
    suspended = make_user(suspended_until=utcnow() + timedelta(days=7))
    login(suspended)
    comment = _comment("Before")
    assert post(item, "While suspended").status_code in (302, 400, 403)
    assert _comment("While suspended") is None
    assert client.post(f"/en/items/{item.slug}/support", data={"action": "support"}).status_code in (302, 400, 403)
    assert client.post(f"/en/comments/{comment.id}/vote", data={"value": "up"}).status_code in (302, 400, 403)
    assert client.post(f"/en/proposals/{proposal.id}/support", data={"action": "support"}).status_code in (302, 400, 403)
    assert client.post("/en/proposals/new", data={"title": "T", "body": "B", "items": [str(item.id)],
                                                  "action": "publish"}).status_code in (302, 400, 403)
    assert client.post(f"/en/report/comment/{comment.id}", data={"reason": "spam"}).status_code == 403
    db.session.expire_all()
    assert _thread(item).support_count == 0 and db.session.get(Proposal, proposal.id).support_count == 0
    assert db.session.scalar(select(func.count()).select_from(Proposal)) == 1
    assert db.session.scalar(select(func.count()).select_from(ModerationCase)) == 0
