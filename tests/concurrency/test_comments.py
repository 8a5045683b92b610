"""A thread's comment and position counts while people post, delete and hide at the same moment."""
from sqlalchemy import func, select

from participation.discussion.models import Comment, CommentVersion, Thread
from participation.extensions import db

from .conftest import THREADS, as_user


def _thread(comment_or_item_thread_id):
    return db.session.get(Thread, comment_or_item_thread_id)


def test_residents_posting_at_once_are_each_counted_once(at_once, make_user, item, comment,
                                                         counters_match_recount):
    path = f"/en/discussions/item/{item.id}/comments"
    twice = make_user(name="Double clicker")
    others = [make_user() for _ in range(THREADS - 2)]
    positions = ["for", "against", "neutral"]
    requests = [as_user(twice, path, {"body": "Sent twice", "language": "it", "position": "against"})
                for _ in range(2)]
    requests += [as_user(user, path, {"body": f"Opinion {n}", "language": "it", "position": positions[n % 3]})
                 for n, user in enumerate(others)]
    answers = at_once(requests)
    assert [answer.status for answer in answers] == [302] * THREADS
    assert db.session.scalar(select(func.count()).where(Comment.author_id == twice.id)) == 1
    thread = _thread(comment.thread_id)
    assert thread.comment_count == 1 + 1 + len(others)
    assert thread.for_count + thread.against_count + thread.neutral_count == thread.comment_count
    counters_match_recount()


def test_deleting_a_comment_several_times_at_once_counts_it_out_once(at_once, comment, counters_match_recount):
    answers = at_once([as_user(comment.author, f"/en/comments/{comment.id}/delete") for _ in range(8)])
    assert {answer.status for answer in answers} <= {302, 403, 404}
    thread = _thread(comment.thread_id)
    assert (thread.comment_count, thread.for_count) == (0, 0)
    assert db.session.scalar(select(func.count()).select_from(CommentVersion)
                             .where(CommentVersion.comment_id == comment.id)) == 1
    counters_match_recount()


def test_deleting_hiding_reporting_and_answering_one_comment_at_once_keep_the_counts(
        at_once, make_user, item, comment, audit_count, counters_match_recount):
    moderators = [make_user(role="moderator") for _ in range(2)]
    reporters = [make_user() for _ in range(3)]
    repliers = [make_user() for _ in range(3)]
    requests = [as_user(comment.author, f"/en/comments/{comment.id}/delete") for _ in range(2)]
    requests += [as_user(m, f"/en/moderation/hide/comment/{comment.id}", {"reason": "spam"}) for m in moderators]
    requests += [as_user(user, f"/en/report/comment/{comment.id}", {"reason": "spam"}) for user in reporters]
    requests += [as_user(user, f"/en/discussions/item/{item.id}/comments",
                         {"body": f"Reply {n}", "language": "it", "parent_id": str(comment.id)})
                 for n, user in enumerate(repliers)]
    answers = at_once(requests)
    assert all(answer.status < 500 for answer in answers)
    comment = db.session.get(Comment, comment.id)
    assert comment.deleted_at is not None or comment.status == "hidden"
    assert audit_count("hide", "comment", comment.id) + audit_count("auto_hide", "comment", comment.id) <= 1
    replies = db.session.scalar(select(func.count()).where(Comment.parent_id == comment.id))
    thread = _thread(comment.thread_id)
    assert (thread.comment_count, thread.for_count) == (replies, 0)
    counters_match_recount()


def test_marking_an_official_answer_several_times_at_once_records_it_once(
        at_once, make_user, item, make_proposal, audit_count, notifications_of):
    from participation.discussion.services import ensure_proposal_thread, post_comment

    proposer = make_user(name="Proposer")
    proposal = make_proposal(proposer, [item])
    staff = make_user(role="moderator", name="City office")
    answer, _ = post_comment(staff, ensure_proposal_thread(proposal), "The council will discuss it.", "it")
    db.session.commit()
    before = len(notifications_of(proposer, "proposal_status"))
    at_once([as_user(staff, f"/en/comments/{answer.id}/official", {"official": "1"}) for _ in range(8)])
    assert db.session.get(Comment, answer.id).is_official
    assert audit_count("official_answer", "comment", answer.id) == 1
    assert len(notifications_of(proposer, "proposal_status")) == before + 1
