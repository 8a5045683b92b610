"""A large change is indexed by a background job queued with it, not by the request."""
from sqlalchemy import func, select

from participation.core.jobs import Job, run_due_jobs
from participation.discussion.models import Comment
from participation.extensions import db
from participation.search.indexing import INDEX_JOB, INLINE_LIMIT
from tests.discussion.test_pages import fill_thread
from tests.search.test_search import _count, _search


def test_a_large_change_waits_for_the_worker_and_a_small_one_does_not(app, client, item, make_user):
    def _found(word):
        db.session.commit()
        return _count(_search(client, word, kind="comment"))

    app.config["JOBS_RUN_AFTER_REQUEST"] = False
    users = [make_user()]
    created = fill_thread(item, users, roots=1)  # one comment: indexed in its own transaction
    assert _found("Root") == 1
    assert db.session.scalar(select(func.count()).select_from(Job).where(Job.kind == INDEX_JOB)) == 0
    for comment in created:
        comment.body = "Zanzariferi"  # a small edit: indexed at once
    db.session.commit()
    assert _found("zanzariferi") == 1
    many = db.session.scalars(select(Comment)).all() + fill_thread(item, users, roots=INLINE_LIMIT + 5)
    assert _found("Root") == 0  # the new comments wait for the worker
    jobs = db.session.scalars(select(Job).where(Job.kind == INDEX_JOB)).all()
    assert len(jobs) == 1 and len(jobs[0].payload["ids"]) == INLINE_LIMIT + 5
    assert run_due_jobs() == (1, 0)
    assert _found("Root") == INLINE_LIMIT + 5
    assert len(many) == INLINE_LIMIT + 6
