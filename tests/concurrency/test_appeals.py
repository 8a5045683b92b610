"""The same appeal sent, or answered, several times at the same moment: one appeal, one answer."""
import pytest
from sqlalchemy import select

from participation.discussion.models import Comment, Thread
from participation.extensions import db
from participation.moderation.models import Appeal, AppealStatus, Decision

from .conftest import THREADS, as_user


@pytest.fixture
def decider(make_user):
    return make_user(role="moderator", name="Deciding moderator")


@pytest.fixture
def reviewers(make_user):
    """Who may answer an appeal besides the moderator it is assigned to: administrators."""
    return [make_user(role="moderator", name="Reviewer"), make_user(role="administrator", name="Admin A"),
            make_user(role="administrator", name="Admin B")]


@pytest.fixture
def decision(send, decider, reviewers, comment):
    """The comment hidden by a moderator from its page: a decision its author may appeal."""
    send(as_user(decider, f"/en/moderation/hide/comment/{comment.id}", {"reason": "offensive"}))
    return db.session.scalar(select(Decision).where(Decision.target_id == comment.id))


def _appeals(decision):
    return db.session.scalars(select(Appeal).where(Appeal.decision_id == decision.id)).all()


def test_appealing_a_decision_several_times_at_once_sends_one_appeal(at_once, comment, decision, reviewers,
                                                                      audit_count, notifications_of):
    answers = at_once([as_user(comment.author, f"/en/decisions/{decision.id}/appeal", {"text": "It was fair."})
                       for _ in range(THREADS)])
    assert sum(answer.location.endswith("/en/account/decisions") for answer in answers) == 1
    appeal, = _appeals(decision)
    assert audit_count("appeal", "comment", comment.id) == 1
    told = [n for member in reviewers for n in notifications_of(member, "moderation_queue")
            if n.data.get("event") == "appeal"]
    assert len(told) == 1 and told[0].user_id == appeal.assigned_to_id


@pytest.mark.parametrize("outcomes", [["overturn"] * 8, ["overturn", "uphold"] * 4])
def test_answering_an_appeal_several_times_at_once_answers_it_once(
        at_once, send, comment, decision, reviewers, audit_count, notifications_of, counters_match_recount,
        outcomes):
    send(as_user(comment.author, f"/en/decisions/{decision.id}/appeal", {"text": "It was fair."}))
    appeal, = _appeals(decision)
    assigned = next(member for member in reviewers if member.id == appeal.assigned_to_id)
    deciders = [assigned, *[member for member in reviewers if member.role.value == "administrator"
                            and member.id != assigned.id]]
    answers = at_once([as_user(deciders[n % len(deciders)], f"/en/moderation/appeals/{appeal.id}/decide",
                               {"outcome": outcome, "note": "Second look"}) for n, outcome in enumerate(outcomes)])
    assert sum(answer.location.endswith("/en/moderation") for answer in answers) == 1
    appeal = db.session.get(Appeal, appeal.id)
    assert appeal.status in (AppealStatus.OVERTURNED, AppealStatus.UPHELD)
    overturned = appeal.status == AppealStatus.OVERTURNED
    assert audit_count("appeal_overturned", "comment", comment.id) == overturned
    assert audit_count("appeal_upheld", "comment", comment.id) == (not overturned)
    results = [n for n in notifications_of(comment.author, "moderation_decision") if n.data.get("appeal_status")]
    assert [n.data["appeal_status"] for n in results] == [appeal.status.value]
    assert db.session.get(Comment, comment.id).status == ("published" if overturned else "hidden")
    assert db.session.get(Thread, comment.thread_id).comment_count == (1 if overturned else 0)
    counters_match_recount()
