"""The participation predicates as a matrix of people and actions."""
from datetime import timedelta

import pytest
from flask_login import AnonymousUserMixin

from participation import permissions as p
from participation.core.models import utcnow
from participation.discussion.models import Comment, Thread
from participation.proposals.models import Proposal


@pytest.fixture
def people(make_user):
    return {
        "anonymous": AnonymousUserMixin(),
        "unverified": make_user(verified=False),
        "resident": make_user(),
        "author": make_user(),
        "suspended": make_user(suspended_until=utcnow() + timedelta(days=2)),
        "deleted": make_user(deleted_at=utcnow()),
        "moderator": make_user(role="moderator"),
        "admin": make_user(role="administrator"),
    }


def allowed(people, check):
    return {name for name, user in people.items() if check(user)}


ACTIVE = {"resident", "author", "moderator", "admin"}


def test_who_may_comment_and_vote(people):
    open_thread = Thread(kind="item", programme_item_id=1)
    closed = Thread(kind="item", programme_item_id=2, closed_at=utcnow())
    comment = Comment(author_id=people["author"].id, created_at=utcnow(), thread=open_thread)
    assert allowed(people, lambda u: p.can_comment(u, open_thread)) == ACTIVE
    assert allowed(people, lambda u: p.can_comment(u, None)) == ACTIVE
    assert allowed(people, lambda u: p.can_comment(u, closed)) == set()
    assert allowed(people, lambda u: p.can_vote_on(u, comment)) == ACTIVE - {"author"}


def test_who_may_edit_and_delete_a_comment(people):
    thread = Thread(kind="item", programme_item_id=1)
    fresh = Comment(author_id=people["author"].id, created_at=utcnow(), thread=thread)
    old = Comment(author_id=people["author"].id, created_at=utcnow() - timedelta(minutes=16), thread=thread)
    assert allowed(people, lambda u: p.can_edit_comment(u, fresh)) == {"author"}
    assert allowed(people, lambda u: p.can_edit_comment(u, old)) == set()
    assert p.can_edit_comment(people["author"], old, now=old.created_at + timedelta(minutes=15))
    assert allowed(people, lambda u: p.can_delete_comment(u, old)) == {"author"}
    fresh.deleted_at = utcnow()
    assert allowed(people, lambda u: p.can_delete_comment(u, fresh)) == set()


def test_staff_only_actions(people):
    staff = {"moderator", "admin"}
    for predicate in (p.can_mark_official, p.can_close_thread, p.can_answer_proposal, p.can_see_comment_versions):
        assert allowed(people, predicate) == staff, predicate.__name__
    suspended_moderator = people["moderator"]
    suspended_moderator.suspended_until = utcnow() + timedelta(days=1)
    assert not p.can_close_thread(suspended_moderator)


def test_who_may_propose_edit_and_withdraw(people):
    author = people["author"]
    draft = Proposal(author_id=author.id, status="draft", support_count=0)
    published = Proposal(author_id=author.id, status="published", support_count=0)
    supported = Proposal(author_id=author.id, status="published", support_count=1)
    assert allowed(people, p.can_submit_proposal) == ACTIVE
    assert allowed(people, lambda u: p.can_view_proposal(u, draft)) == {"author"}
    assert allowed(people, lambda u: p.can_view_proposal(u, published)) == set(people)
    assert allowed(people, lambda u: p.can_edit_proposal(u, draft)) == {"author"}
    assert allowed(people, lambda u: p.can_edit_proposal(u, published)) == {"author"}
    assert allowed(people, lambda u: p.can_edit_proposal(u, supported)) == set()
    assert allowed(people, lambda u: p.can_withdraw_proposal(u, supported)) == {"author"}
    assert allowed(people, lambda u: p.can_withdraw_proposal(u, draft)) == set()
    assert allowed(people, lambda u: p.can_vote_on(u, published)) == ACTIVE - {"author"}


def test_predicates_are_template_globals(app):
    for name in ("can_comment", "can_vote_on", "can_edit_comment", "can_delete_comment", "can_mark_official",
                 "can_close_thread", "can_submit_proposal", "can_edit_proposal", "can_answer_proposal"):
        assert app.jinja_env.globals[name] is getattr(p, name)
