"""Proposals: drafting, publishing, editing, withdrawing, the staff workflow and listings."""
from datetime import timedelta

from sqlalchemy import select

from participation.core.models import utcnow
from participation.extensions import db
from participation.notifications.models import Notification
from participation.proposals.models import Proposal


def form(item, **fields):
    data = {"title": "More benches in the park", "body": "Benches near the playground.\nShade too.",
            "items": [str(item.id)], "neighbourhood": "", "group_id": "", "language": "it", "action": "publish"}
    data.update(fields)
    return data


def proposals():
    return db.session.scalars(select(Proposal).order_by(Proposal.id)).all()


def test_draft_preview_then_publish(client, item, make_user, login, logout):
    author = make_user(name="Author")
    login(author)
    assert client.get(f"/en/proposals/new?item={item.id}").status_code == 200
    response = client.post("/en/proposals/new", data=form(item, action="preview"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Preview" in html and "<p>Benches near the playground.<br>Shade too.</p>" in html
    assert proposals() == []
    response = client.post("/en/proposals/new", data=form(item, action="draft"))
    draft = proposals()[0]
    assert draft.status == "draft"
    assert response.headers["Location"] == f"/en/proposals/{draft.id}/edit"
    logout()
    assert client.get(f"/en/proposals/{draft.id}").status_code == 404
    assert "More benches" not in client.get("/en/proposals").get_data(as_text=True)
    login(author)
    response = client.post(f"/en/proposals/{draft.id}/edit", data=form(item, title="Benches and shade"))
    assert response.headers["Location"] == f"/en/proposals/{draft.id}"
    db.session.refresh(draft)
    assert (draft.status, draft.title) == ("published", "Benches and shade")
    assert draft.thread is not None
    logout()
    html = client.get(f"/en/proposals/{draft.id}").get_data(as_text=True)
    assert "Benches and shade" in html and "Author" in html and "Whole city" in html
    assert item.title in client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    assert "Benches and shade" in client.get(f"/en/items/{item.slug}").get_data(as_text=True)


def test_bad_proposals_are_refused_with_messages(client, item, make_user, login):
    login(make_user())
    cases = [
        (form(item, items=[]), "Choose at least one programme item"),
        (form(item, title="x" * 151), "at most 150 characters"),
        (form(item, title="   "), "Give your proposal a title."),
        (form(item, body="y" * 10001), "at most 10000 characters"),
        (form(item, items=["99999"]), "Choose programme items from the list."),
        (form(item, items=["abc"]), "Choose programme items from the list."),
    ]
    for data, message in cases:
        response = client.post("/en/proposals/new", data=data)
        html = response.get_data(as_text=True)
        assert response.status_code == 400, message
        assert message in html
        assert "<title>Error:" in html and 'role="alert"' in html
    assert proposals() == []


def test_double_click_publishes_once(client, item, make_user, login):
    login(make_user())
    client.post("/en/proposals/new", data=form(item))
    client.post("/en/proposals/new", data=form(item))
    assert len(proposals()) == 1


def test_unverified_cannot_propose(client, item, make_user, login):
    login(make_user(verified=False))
    assert client.get("/en/proposals/new").status_code == 403
    assert client.post("/en/proposals/new", data=form(item)).status_code == 403
    assert proposals() == []


def test_edit_only_until_first_support(client, item, make_user, login, make_proposal):
    author = make_user()
    proposal = make_proposal(author, [item])
    login(author)
    assert client.get(f"/en/proposals/{proposal.id}/edit").status_code == 200
    login(make_user())
    assert client.get(f"/en/proposals/{proposal.id}/edit").status_code == 403
    client.post(f"/en/proposals/{proposal.id}/support", data={"action": "support"})
    login(author)
    assert client.post(f"/en/proposals/{proposal.id}/edit", data=form(item, title="Changed")).status_code == 403
    db.session.refresh(proposal)
    assert proposal.title != "Changed"


def test_edit_stops_after_first_comment(client, item, make_user, login, make_proposal):
    author = make_user()
    proposal = make_proposal(author, [item])
    login(make_user())
    client.post(f"/en/discussions/proposal/{proposal.id}/comments", data={"body": "Nice", "language": "it"})
    login(author)
    assert client.get(f"/en/proposals/{proposal.id}/edit").status_code == 403


def test_withdraw_needs_a_reason(client, item, make_user, login, make_proposal):
    author = make_user()
    proposal = make_proposal(author, [item])
    login(author)
    response = client.post(f"/en/proposals/{proposal.id}/withdraw", data={"reason": " "})
    assert response.status_code == 400
    assert "Say why you withdraw the proposal." in response.get_data(as_text=True)
    client.post(f"/en/proposals/{proposal.id}/withdraw", data={"reason": "Already solved."})
    db.session.refresh(proposal)
    assert proposal.status == "withdrawn"
    html = client.get(f"/en/proposals/{proposal.id}").get_data(as_text=True)
    assert "Already solved." in html and "Withdrawn by the author" in html
    login(make_user())
    assert client.post(f"/en/proposals/{proposal.id}/support", data={"action": "support"}, headers={
        "Accept": "application/json"}).status_code == 403


def test_staff_workflow_with_history_and_notifications(client, item, make_user, login, make_proposal):
    author = make_user(name="Author")
    follower = make_user(name="Follower")
    proposal = make_proposal(author, [item])
    login(follower)
    client.post(f"/en/follow/thread/{proposal.thread.id}", data={"action": "follow"})
    staff = make_user(role="moderator")
    login(staff)
    url = f"/en/proposals/{proposal.id}/status"
    assert client.post(url, data={"status": "implemented", "answer": ""}).status_code == 400
    response = client.post(url, data={"status": "rejected", "answer": ""})
    assert response.status_code == 400
    assert "Give the reason for rejecting the proposal." in response.get_data(as_text=True)
    assert client.post(url, data={"status": "under_evaluation", "answer": ""}).status_code == 302
    assert client.post(url, data={"status": "accepted", "answer": "We will do it in 2026."}).status_code == 302
    assert client.post(url, data={"status": "implemented", "answer": ""}).status_code == 302
    db.session.refresh(proposal)
    assert proposal.status == "implemented"
    assert [(e.kind, e.to_status) for e in proposal.events] == [
        ("published", "published"), ("status", "under_evaluation"), ("status", "accepted"),
        ("status", "implemented")]
    html = client.get(f"/en/proposals/{proposal.id}").get_data(as_text=True)
    assert "We will do it in 2026." in html and "Status changed from" in html
    for person in (author, follower):
        kinds = db.session.scalars(select(Notification.data).where(Notification.user_id == person.id)).all()
        assert [d["status"] for d in kinds] == ["under_evaluation", "accepted", "implemented"]
    login(author)
    assert client.post(url, data={"status": "accepted", "answer": ""}).status_code == 403


def test_list_filters_sorts_and_paginates(client, programme, item, other_item, make_user, login, make_proposal):
    author = make_user()
    first = make_proposal(author, [item], title="First about item")
    second = make_proposal(author, [other_item], title="Second about other")
    make_proposal(author, [item], title="Secret draft", publish=False)
    second.support_count = 3
    first.thread.comment_count = 5
    db.session.commit()
    html = client.get("/en/proposals").get_data(as_text=True)
    assert html.index("Second about other") < html.index("First about item")
    assert "Secret draft" not in html
    assert "2 proposals" in html
    html = client.get("/en/proposals?sort=commented").get_data(as_text=True)
    assert html.index("First about item") < html.index("Second about other")
    html = client.get("/en/proposals?sort=newest").get_data(as_text=True)
    assert html.index("Second about other") < html.index("First about item")
    html = client.get(f"/en/proposals?item={item.id}").get_data(as_text=True)
    assert "First about item" in html and "Second about other" not in html
    html = client.get(f"/en/proposals?area={other_item.primary_area.number}").get_data(as_text=True)
    assert "Second about other" in html
    html = client.get("/en/proposals?status=accepted").get_data(as_text=True)
    assert "0 proposals" in html
    assert client.get("/en/proposals?status=bogus&sort=bogus&page=abc&item=x").status_code == 200
    for n in range(21):
        make_proposal(author, [item], title=f"Bulk {n}")
    html = client.get("/en/proposals").get_data(as_text=True)
    assert "Page 2" in html
    assert "Bulk" in client.get("/en/proposals?page=2").get_data(as_text=True)


def test_staff_queue_puts_threshold_first_with_waiting_time(client, item, make_user, login, make_proposal):
    author = make_user()
    old = make_proposal(author, [item], title="Old and quiet")
    popular = make_proposal(author, [item], title="Popular one")
    popular.threshold_reached_at = utcnow() - timedelta(days=3)
    old.published_at = utcnow() - timedelta(days=30)
    db.session.commit()
    login(make_user())
    assert client.get("/en/staff/proposals").status_code == 403
    login(make_user(role="administrator"))
    html = client.get("/en/staff/proposals").get_data(as_text=True)
    assert html.index("Popular one") < html.index("Old and quiet")
    assert "3 days" in html and ("4 weeks" in html or "1 month" in html)
