"""`flask dev seed`: the counts of each size, consistent counters, the same data for the same seed."""
import hashlib

from sqlalchemy import func, select

from participation.accounts.models import User
from participation.answers.models import AnswerRequest
from participation.dev.seed import SEED_EMAIL_DOMAIN, SEED_PASSWORD, SIZES
from participation.dev.seed_answers import STAFF_PER_DEPARTMENT
from participation.discussion.models import Comment, Thread
from participation.extensions import db
from participation.programme.models import Department
from participation.programme.staff import DepartmentMember
from participation.proposals.models import Proposal
from participation.votes.models import CommentVote, ItemSupport, ProposalSupport
from tests.conftest import PROGRAMME_PATH, empty_database

SEEDED = (User, Proposal, Thread, Comment, ItemSupport, CommentVote, ProposalSupport, AnswerRequest, DepartmentMember)


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def _digest():
    """A fingerprint of every seeded table, row by row in identifier order."""
    digest = hashlib.sha256()
    for model in SEEDED:
        table = model.__table__
        for row in db.session.execute(select(table).order_by(*table.primary_key.columns)):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def _fresh_database_with_programme():
    from participation.programme.services import import_programme_file

    db.session.remove()
    empty_database()
    import_programme_file(str(PROGRAMME_PATH))
    db.session.commit()


def test_size_s_has_the_documented_counts_and_no_counter_drift(runner, client, programme):
    result = runner.invoke(args=["dev", "seed", "--size", "S"])
    assert result.exit_code == 0, result.output
    size = SIZES["S"]
    staff = STAFF_PER_DEPARTMENT * _count(Department)
    assert _count(User) == size.residents + staff and _count(DepartmentMember) == staff
    # The official answers of the departments come on top of the residents' comments.
    answers = db.session.scalar(select(func.count()).where(Comment.is_official.is_(True)))
    assert _count(Comment) == size.comments + answers
    requests = db.session.scalars(select(AnswerRequest)).all()
    assert len(requests) > 20 and 0 < answers == sum(r.answered_at is not None for r in requests) < len(requests)
    assert any(r.status() == "answered_late" for r in requests) and any(r.status() == "overdue" for r in requests)
    assert _count(ItemSupport) + _count(CommentVote) + _count(ProposalSupport) == size.votes
    assert _count(Proposal) == size.proposals
    biggest, thread_id = db.session.execute(
        select(Thread.comment_count, Thread.id).order_by(Thread.comment_count.desc()).limit(1)).one()
    answered_there = db.session.scalar(select(func.count()).where(Comment.thread_id == thread_id,
                                                                  Comment.is_official.is_(True)))
    assert biggest == size.big_item_comments + answered_there
    # One visible depth rule: replies never go deeper than three levels.
    assert db.session.scalar(select(func.max(Comment.depth))) <= 3

    recount = runner.invoke(args=["votes", "recount"])
    assert recount.exit_code == 0
    assert "All counters were correct." in recount.output

    # The documented password opens every generated account.
    response = client.post("/it/login", data={"email": f"resident7@{SEED_EMAIL_DOMAIN}", "password": SEED_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]


def test_the_same_seed_gives_the_same_data_and_another_seed_does_not(runner, programme):
    assert runner.invoke(args=["dev", "seed", "--size", "T", "--seed", "7"]).exit_code == 0
    first = _digest()
    _fresh_database_with_programme()
    assert runner.invoke(args=["dev", "seed", "--size", "T", "--seed", "7"]).exit_code == 0
    assert _digest() == first
    _fresh_database_with_programme()
    assert runner.invoke(args=["dev", "seed", "--size", "T", "--seed", "8"]).exit_code == 0
    assert _digest() != first


def test_seed_refuses_production_a_second_run_and_a_database_without_programme(runner, monkeypatch):
    result = runner.invoke(args=["dev", "seed", "--size", "T"])
    assert result.exit_code != 0
    assert "Import the programme first" in result.output
    assert _count(User) == 0

    from participation.programme.services import import_programme_file

    import_programme_file(str(PROGRAMME_PATH))
    db.session.commit()
    assert runner.invoke(args=["dev", "seed", "--size", "T"]).exit_code == 0
    again = runner.invoke(args=["dev", "seed", "--size", "T"])
    assert again.exit_code != 0
    assert "already seeded" in again.output
    assert _count(User) == SIZES["T"].residents + STAFF_PER_DEPARTMENT * _count(Department)

    monkeypatch.setenv("PARTICIPATION_ENV", "production")
    refused = runner.invoke(args=["dev", "seed", "--size", "T"])
    assert refused.exit_code != 0
    assert "production" in refused.output
