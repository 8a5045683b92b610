"""Residents reporting the same contribution at the same moment: each report counted once, the target hidden once."""
import pytest
from sqlalchemy import func, select

from participation.discussion.models import Comment, Thread
from participation.extensions import db
from participation.moderation.models import CaseStatus, HiddenTarget, ModerationCase, Report
from participation.proposals.models import Proposal

from .conftest import THREADS, as_user


def _cases(target_type, target_id):
    return db.session.scalars(
        select(ModerationCase).where(ModerationCase.target_type == target_type, ModerationCase.target_id == target_id)
        .order_by(ModerationCase.id)
    ).all()


def _reports_in(case):
    return db.session.scalars(select(Report).where(Report.case_id == case.id)).all()


@pytest.fixture
def hidden_once(audit_count, notifications_of, emails_to):
    """Assert one case holds every report, and the hiding was recorded, and announced to staff, once."""

    def check(target_type, target_id, reporters, staff, action="auto_hide"):
        cases = _cases(target_type, target_id)
        assert len(cases) == 1
        case = cases[0]
        assert case.report_count == len(_reports_in(case)) == len(reporters)
        assert case.auto_hidden
        assert audit_count(action, target_type, target_id) == 1
        for member in staff:
            assert len(notifications_of(member, "moderation_queue")) == 1
            assert emails_to(member) == 1

    return check


def _report_all(at_once, reporters, target_type, target_id):
    answers = at_once([as_user(user, f"/en/report/{target_type}/{target_id}", {"reason": "offensive"})
                       for user in reporters])
    assert [answer.status for answer in answers] == [302] * len(reporters)


def test_ten_residents_reporting_a_comment_hide_it_once(at_once, make_user, comment, staff, hidden_once,
                                                         counters_match_recount):
    reporters = [make_user() for _ in range(THREADS)]
    thread_id = comment.thread_id
    _report_all(at_once, reporters, "comment", comment.id)
    assert db.session.get(Comment, comment.id).status == "hidden"
    thread = db.session.get(Thread, thread_id)
    assert (thread.comment_count, thread.for_count) == (0, 0)  # lowered once, not once per report
    hidden_once("comment", comment.id, reporters, staff)
    counters_match_recount()


def test_ten_residents_reporting_a_proposal_hide_it_once(at_once, make_user, item, make_proposal, staff,
                                                          hidden_once):
    proposal = make_proposal(make_user(name="Proposer"), [item])
    reporters = [make_user() for _ in range(THREADS)]
    _report_all(at_once, reporters, "proposal", proposal.id)
    assert db.session.get(Proposal, proposal.id).moderation_status == "hidden"
    hidden_once("proposal", proposal.id, reporters, staff)


@pytest.mark.parametrize("target_type", ["group", "profile"])
def test_ten_residents_reporting_a_group_or_profile_hide_it_once(at_once, make_user, make_group, staff,
                                                                  hidden_once, target_type):
    target_id = make_group("Amici del Po").id if target_type == "group" else make_user(name="Spam Shop").id
    reporters = [make_user() for _ in range(THREADS)]
    _report_all(at_once, reporters, target_type, target_id)
    rows = db.session.scalar(select(func.count()).select_from(HiddenTarget).where(
        HiddenTarget.target_type == target_type, HiddenTarget.target_id == target_id))
    assert rows == 1
    hidden_once(target_type, target_id, reporters, staff)


def test_staff_and_residents_reporting_at_once_hide_once(at_once, make_user, comment, staff, audit_count,
                                                          notifications_of, counters_match_recount):
    """A report by staff hides at once: several staff reports together still hide once."""
    reporters = [make_user(role="moderator") for _ in range(4)] + [make_user() for _ in range(THREADS - 4)]
    _report_all(at_once, reporters, "comment", comment.id)
    assert audit_count("auto_hide", "comment", comment.id) + audit_count("hide_on_staff_report", "comment",
                                                                         comment.id) == 1
    for member in staff:
        assert len(notifications_of(member, "moderation_queue")) == 1
    case, = _cases("comment", comment.id)
    assert case.report_count == len(_reports_in(case)) == THREADS
    counters_match_recount()


def test_reports_arriving_while_a_moderator_dismisses_the_case_are_not_lost(
        at_once, send, make_user, comment, staff, audit_count, notifications_of, counters_match_recount):
    """Reports sent while the case is being closed either count in it (and hear the outcome) or open the next one."""
    first = [make_user() for _ in range(3)]
    for user in first:
        send(as_user(user, f"/en/report/comment/{comment.id}", {"reason": "spam"}))
    case, = _cases("comment", comment.id)
    assert case.auto_hidden
    moderator = staff[0]
    later = [make_user() for _ in range(THREADS - 1)]
    answers = at_once(
        [as_user(moderator, f"/en/moderation/cases/{case.id}/decide", {"action": "dismiss", "reason": "other"})]
        + [as_user(user, f"/en/report/comment/{comment.id}", {"reason": "spam"}) for user in later]
    )
    assert answers[0].location.endswith("/en/moderation")  # the decision was recorded
    closed, *reopened = _cases("comment", comment.id)
    assert closed.status == CaseStatus.CLOSED and len(reopened) <= 1
    assert all(c.status == CaseStatus.OPEN for c in reopened)
    told = set()
    for case in [closed, *reopened]:
        reports = _reports_in(case)
        assert case.report_count == len(reports)
        if case.status == CaseStatus.CLOSED:
            assert all(report.outcome_notified_at is not None for report in reports)
            told = {report.reporter_id for report in reports}
    assert sum(len(_reports_in(case)) for case in [closed, *reopened]) == len(first) + len(later)
    for user in first + later:
        assert len(notifications_of(user, "report_outcome")) == (1 if user.id in told else 0)
    # Hidden again exactly when the next case gathered enough reports, and recorded once each time.
    hidden_again = bool(reopened) and reopened[0].auto_hidden
    assert db.session.get(Comment, comment.id).status == ("hidden" if hidden_again else "published")
    assert audit_count("auto_hide", "comment", comment.id) == 1 + hidden_again
    counters_match_recount()
