"""Moderators acting on the same case or target at the same moment: one claim, one decision, one hiding."""
import pytest
from sqlalchemy import select

from participation.audit.models import AuditEntry
from participation.discussion.models import Comment, Thread
from participation.extensions import db
from participation.moderation.models import Action, CaseStatus, Decision, ModerationCase

from .conftest import as_user

MODERATORS = 8


@pytest.fixture
def moderators(make_user):
    return [make_user(role="moderator", name=f"Moderator {n}") for n in range(MODERATORS)]


@pytest.fixture
def reported(send, make_user, comment):
    """The comment reported by three residents (so hidden pending review); returns (reporters, case)."""
    reporters = [make_user() for _ in range(3)]
    for user in reporters:
        send(as_user(user, f"/en/report/comment/{comment.id}", {"reason": "spam"}))
    case = db.session.scalar(select(ModerationCase).where(ModerationCase.target_id == comment.id))
    assert case.auto_hidden
    return reporters, case


def _decisions(comment):
    return db.session.scalars(
        select(Decision).where(Decision.target_type == "comment", Decision.target_id == comment.id)
    ).all()


def _audited(comment, actions):
    return db.session.scalars(select(AuditEntry).where(
        AuditEntry.target_type == "comment", AuditEntry.target_id == comment.id,
        AuditEntry.action.in_([action.value for action in actions]))).all()


def test_moderators_claiming_a_case_at_once_leave_one_claim(at_once, moderators, reported):
    _, case = reported
    answers = at_once([as_user(moderator, f"/en/moderation/cases/{case.id}/claim", follow_redirects=True)
                       for moderator in moderators])
    won = [moderator for moderator, answer in zip(moderators, answers, strict=True)
           if "You are now working on this case." in answer.text]
    assert len(won) == 1
    assert sum("Another moderator is working on this case." in answer.text for answer in answers) == MODERATORS - 1
    assert db.session.get(ModerationCase, case.id).claimed_by_id == won[0].id


@pytest.mark.parametrize("actions", [["hide"] * MODERATORS, ["hide", "dismiss"] * (MODERATORS // 2),
                                     ["warn", "dismiss"] * (MODERATORS // 2)])
def test_moderators_deciding_a_case_at_once_decide_it_once(at_once, moderators, reported, comment, notifications_of,
                                                            counters_match_recount, actions):
    reporters, case = reported
    answers = at_once([as_user(moderator, f"/en/moderation/cases/{case.id}/decide",
                               {"action": action, "reason": "spam", "note": "Checked"})
                       for moderator, action in zip(moderators, actions, strict=True)])
    recorded = [answer for answer in answers if answer.location.endswith("/en/moderation")]
    assert len(recorded) == 1
    decision, = _decisions(comment)
    assert decision.case_id == case.id and db.session.get(ModerationCase, case.id).status == CaseStatus.CLOSED
    assert len(_audited(comment, Action)) == 1
    author_told = notifications_of(comment.author, "moderation_decision")
    assert len(author_told) == (0 if decision.action == Action.DISMISS else 1)
    for reporter in reporters:
        assert len(notifications_of(reporter, "report_outcome")) == 1
    visible = decision.action == Action.DISMISS  # a warning leaves the comment hidden pending review as it was
    assert db.session.get(Comment, comment.id).status == ("published" if visible else "hidden")
    assert db.session.get(Thread, comment.thread_id).comment_count == (1 if visible else 0)
    counters_match_recount()


def test_moderators_hiding_a_comment_at_once_from_its_page_hide_it_once(
        at_once, moderators, comment, notifications_of, audit_count, counters_match_recount):
    answers = at_once([as_user(moderator, f"/en/moderation/hide/comment/{comment.id}", {"reason": "offensive"},
                               follow_redirects=True) for moderator in moderators])
    assert sum("Hidden." in answer.text for answer in answers) == 1
    assert len(_decisions(comment)) == 1
    assert audit_count("hide", "comment", comment.id) == 1
    assert len(notifications_of(comment.author, "moderation_decision")) == 1
    assert db.session.get(Thread, comment.thread_id).comment_count == 0
    counters_match_recount()


def test_moderators_restoring_a_comment_at_once_restore_it_once(
        at_once, send, moderators, comment, notifications_of, audit_count, counters_match_recount):
    send(as_user(moderators[0], f"/en/moderation/hide/comment/{comment.id}", {"reason": "offensive"}))
    assert db.session.get(Comment, comment.id).status == "hidden"
    answers = at_once([as_user(moderator, f"/en/moderation/restore/comment/{comment.id}", {"reason": "other"},
                               follow_redirects=True) for moderator in moderators])
    assert sum("Visible again." in answer.text for answer in answers) == 1
    assert audit_count("restore", "comment", comment.id) == 1
    assert len(notifications_of(comment.author, "moderation_decision")) == 2  # hidden, then restored
    thread = db.session.get(Thread, comment.thread_id)
    assert (thread.comment_count, thread.for_count) == (1, 1)  # raised once, not once per request
    counters_match_recount()


def test_a_direct_hiding_and_a_decision_at_once_decide_once(at_once, moderators, reported, comment, audit_count,
                                                             counters_match_recount):
    """Half the moderators hide from the public page (which closes the open case), half dismiss the case."""
    _, case = reported
    requests = []
    for n, moderator in enumerate(moderators):
        if n % 2:
            requests.append(as_user(moderator, f"/en/moderation/hide/comment/{comment.id}", {"reason": "spam"}))
        else:
            requests.append(as_user(moderator, f"/en/moderation/cases/{case.id}/decide",
                                    {"action": "dismiss", "reason": "other"}))
    at_once(requests)
    decision = _decisions(comment)[0]
    assert decision.case_id == case.id
    if decision.action == Action.HIDE:
        # The case was closed hiding the comment; nobody could dismiss it afterwards.
        assert len(_decisions(comment)) == 1
        assert db.session.get(Comment, comment.id).status == "hidden"
    else:
        # Dismissed and visible again; later direct hidings each found it visible at most once.
        later = _decisions(comment)[1:]
        assert len(later) <= 1 and all(d.action == Action.HIDE and d.case_id is None for d in later)
        assert db.session.get(Comment, comment.id).status == ("hidden" if later else "published")
    assert audit_count("hide", "comment", comment.id) + audit_count("dismiss", "comment", comment.id) \
        == len(_decisions(comment))
    counters_match_recount()
