"""Staff answering, and authors withdrawing or publishing, one proposal at the same moment: each change once."""
import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.notifications import services as notifications
from participation.proposals.models import TRANSITIONS, Proposal, ProposalEvent

from .conftest import as_user


@pytest.fixture
def author(make_user):
    return make_user(name="Proposer")


@pytest.fixture
def follower(make_user):
    return make_user(name="Follower")


@pytest.fixture
def proposal(make_proposal, author, follower, item):
    proposal = make_proposal(author, [item])
    notifications.follow_thread(follower, proposal.thread)
    db.session.commit()
    return proposal


def _events(proposal, kind):
    return db.session.scalars(select(ProposalEvent).where(ProposalEvent.proposal_id == proposal.id,
                                                          ProposalEvent.kind == kind)
                              .order_by(ProposalEvent.id)).all()


@pytest.mark.parametrize("statuses", [["under_evaluation"] * 8,
                                      ["under_evaluation", "accepted", "already_planned", "rejected"] * 2])
def test_staff_answering_a_proposal_at_once_change_it_along_the_workflow(
        at_once, make_user, proposal, author, follower, audit_count, notifications_of, statuses):
    staff = [make_user(role="moderator") for _ in statuses]
    at_once([as_user(member, f"/en/proposals/{proposal.id}/status", {"status": status, "answer": "Our answer"})
             for member, status in zip(staff, statuses, strict=True)])
    changes = _events(proposal, "status")
    assert changes, "one answer at least is recorded"
    previous = "published"
    for change in changes:  # every change starts where the one before ended, and is allowed from there
        assert change.from_status == previous and change.to_status in TRANSITIONS[previous]
        previous = change.to_status
    assert db.session.get(Proposal, proposal.id).status == previous
    if len(set(statuses)) == 1:
        assert len(changes) == 1
    assert audit_count("proposal_status", "proposal", proposal.id) == len(changes)
    assert len(notifications_of(author, "proposal_status")) == len(changes)
    assert len(notifications_of(follower, "proposal_status")) == len(changes)


def test_withdrawing_a_proposal_several_times_at_once_withdraws_it_once(at_once, proposal, author, follower,
                                                                         notifications_of):
    at_once([as_user(author, f"/en/proposals/{proposal.id}/withdraw", {"reason": "Done already"})
             for _ in range(8)])
    assert db.session.get(Proposal, proposal.id).status == "withdrawn"
    assert len(_events(proposal, "withdrawn")) == 1
    assert len(notifications_of(follower, "proposal_status")) == 1


def test_publishing_a_draft_several_times_at_once_publishes_it_once(at_once, make_proposal, author, item):
    draft = make_proposal(author, [item], title="A draft", publish=False)
    form = {"title": "A draft", "body": "A useful idea for the city.", "items": str(item.id), "language": "it",
            "action": "publish"}
    at_once([as_user(author, f"/en/proposals/{draft.id}/edit", form) for _ in range(8)])
    assert db.session.get(Proposal, draft.id).status == "published"
    assert len(_events(draft, "published")) == 1
