"""Votes and supports sent at the same moment, by different people and by one person twice: counts equal the rows."""
from sqlalchemy import func, select

from participation.discussion.models import Comment, Thread
from participation.extensions import db
from participation.proposals.models import Proposal, ProposalEvent
from participation.votes.models import CommentVote, ItemSupport, ProposalSupport

from .conftest import THREADS, as_user


def _rows(model, **where):
    query = select(func.count()).select_from(model)
    for column, value in where.items():
        query = query.where(getattr(model, column) == value)
    return db.session.scalar(query)


def test_comment_votes_at_once_count_each_person_once(at_once, send, make_user, comment, counters_match_recount):
    path = f"/en/comments/{comment.id}/vote"
    earlier = [make_user() for _ in range(3)]
    for user in earlier:
        send(as_user(user, path, {"value": "up"}))
    twice = [make_user() for _ in range(2)]
    once = [make_user() for _ in range(THREADS - 2 * len(twice) - len(earlier))]
    requests = [as_user(user, path, {"value": "none"}) for user in earlier[:2]]  # withdrawn
    requests.append(as_user(earlier[2], path, {"value": "down"}))  # changed
    requests += [as_user(user, path, {"value": value}) for user in twice for value in ("up", "down")]
    requests += [as_user(user, path, {"value": "up" if n % 2 else "down"}) for n, user in enumerate(once)]
    answers = at_once(requests)
    assert [answer.status for answer in answers] == [302] * len(requests)
    comment = db.session.get(Comment, comment.id)
    assert _rows(CommentVote, comment_id=comment.id) == 1 + len(twice) + len(once)
    assert comment.up_count == _rows(CommentVote, comment_id=comment.id, value=1)
    assert comment.down_count == _rows(CommentVote, comment_id=comment.id, value=-1)
    counters_match_recount()


def test_item_supports_at_once_count_each_person_once(at_once, send, make_user, item, counters_match_recount):
    path = f"/en/items/{item.slug}/support"
    leaving = [make_user() for _ in range(3)]
    for user in leaving:
        send(as_user(user, path, {"action": "support"}))
    twice = [make_user() for _ in range(2)]
    once = [make_user() for _ in range(THREADS - 2 * len(twice) - len(leaving))]
    requests = [as_user(user, path, {"action": "withdraw"}) for user in leaving]
    requests += [as_user(user, path, {"action": "support"}) for user in twice for _ in range(2)]
    requests += [as_user(user, path, {"action": "support"}) for user in once]
    answers = at_once(requests)
    assert [answer.status for answer in answers] == [302] * len(requests)
    thread = db.session.scalar(select(Thread).where(Thread.programme_item_id == item.id))
    assert thread.support_count == _rows(ItemSupport, programme_item_id=item.id) == len(twice) + len(once)
    counters_match_recount()


def test_proposal_supports_at_once_reach_the_threshold_once(app, at_once, send, make_user, item, make_proposal,
                                                           counters_match_recount):
    """Supports and withdrawals cross the threshold together: it is reached, and recorded, once."""
    app.config["PROPOSAL_SUPPORT_THRESHOLD"] = 5
    proposal = make_proposal(make_user(name="Proposer"), [item])
    path = f"/en/proposals/{proposal.id}/support"
    leaving = [make_user() for _ in range(4)]
    for user in leaving:
        send(as_user(user, path, {"action": "support"}))
    assert db.session.get(Proposal, proposal.id).threshold_reached_at is None
    twice = make_user()
    joining = [make_user() for _ in range(THREADS - len(leaving) - 2)]
    requests = [as_user(user, path, {"action": "withdraw"}) for user in leaving]
    requests += [as_user(twice, path, {"action": "support"}) for _ in range(2)]
    requests += [as_user(user, path, {"action": "support"}) for user in joining]
    answers = at_once(requests)
    assert [answer.status for answer in answers] == [302] * len(requests)
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.support_count == _rows(ProposalSupport, proposal_id=proposal.id) == 1 + len(joining)
    assert proposal.threshold_reached_at is not None
    assert _rows(ProposalEvent, proposal_id=proposal.id, kind="threshold") == 1
    counters_match_recount()
