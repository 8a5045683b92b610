"""Votes through real HTTP, with and without JavaScript."""
from sqlalchemy import func, select

from participation.discussion.models import Comment, Thread
from participation.extensions import db
from participation.votes.models import CommentVote, ItemSupport, ProposalSupport

JSON = {"Accept": "application/json"}


def rows(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_item_support_without_javascript(client, item, make_user, login):
    login(make_user())
    response = client.post(f"/en/items/{item.slug}/support", data={"action": "support"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/en/items/{item.slug}#support"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This matters to me, 1 support, you support it" in html
    assert 'class="vote-button is-active"' in html
    client.post(f"/en/items/{item.slug}/support", data={"action": "support"})  # twice: still one
    assert rows(ItemSupport) == 1
    assert db.session.scalar(select(Thread.support_count)) == 1
    client.post(f"/en/items/{item.slug}/support", data={"action": "withdraw"})
    assert rows(ItemSupport) == 0
    assert db.session.scalar(select(Thread.support_count)) == 0


def test_item_support_with_javascript_answers_json(client, item, make_user, login):
    login(make_user())
    response = client.post(f"/en/items/{item.slug}/support", data={"action": "support"}, headers=JSON)
    assert response.status_code == 200
    assert response.json == {"count": 1, "state": True, "label": "This matters to me, 1 support, you support it",
                             "message": "Your support is recorded.", "next_action": "withdraw"}
    response = client.post(f"/en/items/{item.slug}/support", data={"action": "withdraw"}, headers=JSON)
    assert response.json["count"] == 0 and response.json["label"] == "This matters to me, 0 supports"


def test_only_verified_active_residents_vote(client, item, make_user, login, logout):
    assert client.post(f"/en/items/{item.slug}/support", data={"action": "support"}).status_code in (302, 401)
    assert client.post(f"/en/items/{item.slug}/support", data={"action": "support"}, headers=JSON).status_code == 401
    login(make_user(verified=False))
    response = client.post(f"/en/items/{item.slug}/support", data={"action": "support"}, headers=JSON)
    assert response.status_code == 403
    assert response.json["error"] == "Only verified residents can vote."
    response = client.post(f"/en/items/{item.slug}/support", data={"action": "support"})
    assert response.status_code == 302
    assert "Only verified residents can vote." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert rows(ItemSupport) == 0


def test_bad_vote_input_changes_nothing(client, item, make_user, login):
    login(make_user())
    assert client.post(f"/en/items/{item.slug}/support", data={"action": "twice"}).status_code == 400
    assert client.post("/en/items/no-such-item/support", data={"action": "support"}).status_code == 404
    assert client.post("/en/comments/999/vote", data={"value": "up"}).status_code == 404
    assert client.post("/en/proposals/999/support", data={"action": "support"}).status_code == 404
    assert rows(ItemSupport) == 0


def test_comment_votes_change_and_withdraw(client, item, make_user, login, post):
    author = make_user(name="Author")
    login(author)
    post(item, "Vote on me")
    comment = db.session.scalar(select(Comment))
    response = client.post(f"/en/comments/{comment.id}/vote", data={"value": "up"}, headers=JSON)
    assert response.status_code == 403
    assert response.json["error"] == "You cannot vote on what you wrote."
    login(make_user())
    url = f"/en/comments/{comment.id}/vote"
    assert client.post(url, data={"value": "up"}, headers=JSON).json["up_label"] == "Useful, 1 vote, you voted useful"
    data = client.post(url, data={"value": "down"}, headers=JSON).json
    assert (data["up"], data["down"], data["state"]) == (0, 1, -1)
    assert data["down_label"] == "Not useful, 1 vote, you voted not useful"
    assert rows(CommentVote) == 1
    data = client.post(url, data={"value": "none"}, headers=JSON).json
    assert (data["up"], data["down"], data["state"]) == (0, 0, 0)
    assert rows(CommentVote) == 0
    response = client.post(url, data={"value": "up"})
    assert response.headers["Location"] == f"/en/items/{item.slug}#comment-{comment.id}"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Useful, 1 vote, you voted useful" in html


def test_no_votes_on_deleted_comments_or_closed_threads(client, item, make_user, login, post):
    author, voter, staff = make_user(), make_user(), make_user(role="moderator")
    login(author)
    post(item, "First")
    post(item, "Second")
    first, second = db.session.scalars(select(Comment).order_by(Comment.id)).all()
    client.post(f"/en/comments/{first.id}/delete")
    login(voter)
    assert client.post(f"/en/comments/{first.id}/vote", data={"value": "up"}, headers=JSON).status_code == 403
    login(staff)
    client.post(f"/en/discussions/item/{item.id}/close", data={"note": ""})
    login(voter)
    assert client.post(f"/en/comments/{second.id}/vote", data={"value": "up"}, headers=JSON).status_code == 403
    assert rows(CommentVote) == 0


def test_proposal_support_and_threshold(app, client, item, make_user, login, make_proposal):
    app.config["PROPOSAL_SUPPORT_THRESHOLD"] = 2
    author = make_user()
    proposal = make_proposal(author, [item])
    login(author)
    response = client.post(f"/en/proposals/{proposal.id}/support", data={"action": "support"}, headers=JSON)
    assert response.status_code == 403
    for _ in range(2):
        login(make_user())
        response = client.post(f"/en/proposals/{proposal.id}/support", data={"action": "support"}, headers=JSON)
        assert response.status_code == 200
    assert response.json["label"] == "Support this proposal, 2 supports, you support it"
    db.session.refresh(proposal)
    assert proposal.support_count == 2 == rows(ProposalSupport)
    assert proposal.threshold_reached_at is not None
    html = client.get(f"/en/proposals/{proposal.id}").get_data(as_text=True)
    assert "Threshold reached, awaiting an answer" in html
    client.post(f"/en/proposals/{proposal.id}/support", data={"action": "withdraw"})
    db.session.refresh(proposal)
    assert proposal.support_count == 1


def test_priorities_rank_items_by_support(client, programme, item, other_item, make_user, login):
    for _ in range(2):
        login(make_user())
        client.post(f"/en/items/{other_item.slug}/support", data={"action": "support"})
    login(make_user())
    client.post(f"/en/items/{item.slug}/support", data={"action": "support"})
    html = client.get("/en/priorities").get_data(as_text=True)
    assert html.index(other_item.title) < html.index(item.title)
    assert "2 supports" in html and "1 support<" in html
    area = client.get(f"/en/priorities?area={item.primary_area.number}").get_data(as_text=True)
    assert item.title in area and other_item.title not in area
    assert client.get("/en/priorities?area=abc").status_code == 200


def test_recount_reports_and_fixes_drift(runner, client, item, make_user, login, post):
    login(make_user())
    post(item, "Counted")
    client.post(f"/en/items/{item.slug}/support", data={"action": "support"})
    result = runner.invoke(args=["votes", "recount"])
    assert "All counters were correct." in result.output
    thread = db.session.scalar(select(Thread))
    thread.support_count = 7
    thread.comment_count = 0
    db.session.commit()
    result = runner.invoke(args=["votes", "recount"])
    assert result.exit_code == 0
    assert f"discussion_thread {thread.id} support_count: 7 -> 1" in result.output
    assert "2 counters corrected." in result.output
    db.session.refresh(thread)
    assert (thread.support_count, thread.comment_count) == (1, 1)
