"""Many people voting at once against a real threaded server and a shared database (SQLite file or PostgreSQL)."""
import http.client
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from participation.discussion.models import Comment, Thread
from participation.extensions import db
from participation.proposals.models import Proposal
from participation.votes.models import CommentVote, ItemSupport, ProposalSupport


@pytest.fixture
def server(app):
    if ":memory:" in str(db.engine.url):
        pytest.skip("needs a database that several connections share")
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_port
    httpd.shutdown()
    thread.join()


def session_cookie(app, user):
    serializer = app.session_interface.get_signing_serializer(app)
    value = serializer.dumps({"_user_id": user.get_id(), "_fresh": True})
    return f"{app.config['SESSION_COOKIE_NAME']}={value}"


def count(model, **where):
    query = select(func.count()).select_from(model)
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return db.session.scalar(query)


def test_concurrent_votes_keep_counts_equal_to_rows(app, server, item, make_user, make_proposal, post, login):
    author = make_user(name="Author")
    login(author)
    post(item, "Vote on this comment")
    comment = db.session.scalar(select(Comment))
    proposal = make_proposal(author, [item])
    voters = [make_user() for _ in range(24)]
    cookies = {user.id: session_cookie(app, user) for user in voters}
    item_slug, proposal_id, comment_id = item.slug, proposal.id, comment.id
    voter_ids = [user.id for user in voters]
    db.session.commit()
    db.session.close()

    requests = []
    for user_id in voter_ids:
        for _ in range(2):  # the same person twice at the same moment
            requests.append((user_id, f"/en/items/{item_slug}/support", {"action": "support"}))
            requests.append((user_id, f"/en/proposals/{proposal_id}/support", {"action": "support"}))
        requests.append((user_id, f"/en/comments/{comment_id}/vote", {"value": "up"}))
        requests.append((user_id, f"/en/comments/{comment_id}/vote", {"value": "down"}))

    barrier = threading.Barrier(16)

    def send(request):
        user_id, path, data = request
        try:
            barrier.wait(timeout=2)
        except threading.BrokenBarrierError:
            pass
        connection = http.client.HTTPConnection("127.0.0.1", server, timeout=60)
        connection.request("POST", path, body=urlencode(data), headers={
            "Cookie": cookies[user_id], "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, body

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(send, requests))

    assert [status for status, _ in results if status != 200] == [], results[:3]
    db.session.expire_all()
    thread = db.session.scalar(select(Thread).where(Thread.kind == "item"))
    assert count(ItemSupport) == len(voter_ids) == thread.support_count
    assert count(ProposalSupport) == len(voter_ids) == db.session.get(Proposal, proposal_id).support_count
    comment = db.session.get(Comment, comment_id)
    assert count(CommentVote) == len(voter_ids)
    assert comment.up_count == count(CommentVote, value=1)
    assert comment.down_count == count(CommentVote, value=-1)
    assert comment.up_count + comment.down_count == len(voter_ids)
