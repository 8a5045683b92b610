"""Data for the route walks: one or more real rows in every table.

When a feature adds tables, add a line to ``populated`` that creates a row
of each (with the feature's services), so that the walks reach its pages
with real ids and slugs.
"""
import pytest

ROLES = ("resident", "translator", "moderator", "administrator")


@pytest.fixture
def populated(app, programme, make_user):
    """The programme, one verified user per role ({role: User}), and a row of
    every other feature's tables made through its services."""
    from participation.extensions import db
    from participation.groups import services as groups
    from participation.moderation.appeals import appeal_decision
    from participation.moderation.decisions import decide_case
    from participation.moderation.reports import report_target

    users = {role: make_user(role=role, name=f"Walker {role}") for role in ROLES}
    author = make_user(name="Walker author")
    groups.seed_neighbourhoods() if hasattr(groups, "seed_neighbourhoods") else None
    neighbourhood = groups.list_neighbourhoods()[0]
    groups.create_group(author, "Walkers of the Po", neighbourhood, "A group for the route walks")
    from sqlalchemy import select

    from participation.discussion import services as discussion
    from participation.programme.models import ProgrammeItem
    from participation.proposals.services import ProposalInput, create_proposal

    item = db.session.scalar(select(ProgrammeItem).order_by(ProgrammeItem.id))
    thread = discussion.ensure_item_thread(item.id)
    comment, _created = discussion.post_comment(author, thread, "A first comment for the walk", "it")
    discussion.post_comment(users["resident"], thread, "A reply for the walk", "it", parent=comment)
    proposal = create_proposal(
        author, ProposalInput(title="A walk proposal", body="Body", item_ids=[item.id], neighbourhood_id=None,
                              group_id=None, language="it"), publish=True,
    )
    discussion.post_comment(users["resident"], discussion.ensure_proposal_thread(proposal), "On the proposal", "it")
    report = report_target(users["resident"], "profile", author.id, "spam", "walk")
    decision = decide_case(users["moderator"], report.case, "warn", "spam")
    appeal_decision(author, decision, "Please look again")
    from participation.progress.services import publish_progress_update
    from participation.progress.statuses import seed_statuses, status_by_key

    seed_statuses()
    publish_progress_update(users["moderator"], item, status=status_by_key("in_progress"), progress=30,
                            text="Walk update", documents=[("walk.pdf", b"%PDF-1.4 walk")])
    db.session.commit()
    return users


@pytest.fixture
def as_user(client, login):
    """``as_user(user_or_None)``: a test client signed in as the user (None: anonymous)."""

    def sign_in(user):
        with client.session_transaction() as session:
            session.clear()
        if user is not None:
            login(user)
        return client

    return sign_in
