"""Follows and notifications in the site."""
from sqlalchemy import select

from participation.extensions import db
from participation.notifications.models import Follow, Notification
from participation.notifications.services import notify


def notes(user):
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                              .order_by(Notification.id)).all()


def test_reply_and_followed_comment_notifications(client, item, make_user, login, post):
    anna, bruno, carla = make_user(name="Anna"), make_user(name="Bruno"), make_user(name="Carla")
    login(anna)
    post(item, "Anna's thought")
    login(carla)
    post(item, "Carla's thought")  # Carla now follows the item's discussion
    anna_comment = db.session.scalar(select(Follow).where(Follow.user_id == anna.id))
    assert anna_comment is not None
    login(bruno)
    from participation.discussion.models import Comment

    parent = db.session.scalar(select(Comment).where(Comment.body == "Anna's thought"))
    post(item, "Bruno replies", parent_id=str(parent.id))
    assert [n.kind for n in notes(anna)] == ["followed_comment", "reply"]
    assert [n.kind for n in notes(carla)] == ["followed_comment"]
    assert notes(bruno) == []
    login(anna)
    html = client.get("/en/items/" + item.slug).get_data(as_text=True)
    assert "Notifications (2 unread)" in html
    html = client.get("/en/notifications").get_data(as_text=True)
    assert "Bruno replied to your comment on “Polo alta formazione”." in html
    reply_note = notes(anna)[1]
    # An unread notification opens through the route that marks it read (tests/notifications/test_opening.py).
    assert f'action="/en/notifications/{reply_note.id}/open"' in html
    assert client.post(f"/en/notifications/{reply_note.id}/read").status_code == 302
    assert "Notifications (1 unread)" in client.get("/en/notifications").get_data(as_text=True)
    client.post("/en/notifications/read-all")
    html = client.get("/en/notifications").get_data(as_text=True)
    assert "unread" not in html.split("<main")[0]


def test_people_cannot_read_others_notifications(client, item, make_user, login):
    anna, bruno = make_user(), make_user()
    note = notify(anna, "group_decision", group="Amici del parco", accepted=True)
    db.session.commit()
    login(bruno)
    assert client.post(f"/en/notifications/{note.id}/read").status_code == 404
    assert "Amici del parco" not in client.get("/en/notifications").get_data(as_text=True)
    db.session.refresh(note)
    assert note.read_at is None
    login(anna)
    assert "Your request to join Amici del parco was accepted." in client.get("/en/notifications").get_data(
        as_text=True)


def test_anonymous_visitors_have_no_notification_pages(client):
    assert client.get("/en/notifications").status_code in (302, 401)
    assert client.post("/en/notifications/read-all").status_code in (302, 401)


def test_unfollow_stops_comment_notifications(client, item, make_user, login, post):
    anna, bruno = make_user(), make_user()
    login(anna)
    post(item, "First")
    from participation.discussion.models import Thread

    thread = db.session.scalar(select(Thread))
    response = client.post(f"/en/follow/thread/{thread.id}", data={"action": "unfollow"})
    assert response.status_code == 302
    login(bruno)
    post(item, "Second")
    assert notes(anna) == []
    login(anna)
    client.post(f"/en/follow/thread/{thread.id}", data={"action": "follow"})
    client.post(f"/en/follow/thread/{thread.id}", data={"action": "follow"})
    assert db.session.scalar(select(db.func.count()).where(Follow.user_id == anna.id)) == 1
    login(bruno)
    post(item, "Third")
    assert [n.kind for n in notes(anna)] == ["followed_comment"]


def test_follow_requires_an_existing_public_thread(client, item, make_user, login, make_proposal):
    login(make_user())
    assert client.post("/en/follow/thread/999", data={"action": "follow"}).status_code == 404
    draft = make_proposal(make_user(), [item], publish=False)
    assert draft.thread is None
    assert client.post("/en/follow/group/1", data={"action": "follow"}).status_code == 404


def test_official_answer_notifies_proposal_author(client, item, make_user, login, make_proposal):
    author = make_user()
    proposal = make_proposal(author, [item])
    login(make_user(role="moderator"))
    client.post(f"/en/discussions/proposal/{proposal.id}/comments",
                data={"body": "We are studying it.", "language": "it", "official": "y"})
    assert [(n.kind, n.data.get("official_answer")) for n in notes(author)] == [("proposal_status", True)]
    login(author)
    assert "Official answer on “" in client.get("/en/notifications").get_data(as_text=True)


def test_email_settings_are_saved(client, make_user, login):
    user = make_user()
    login(user)
    html = client.get("/en/notifications/settings").get_data(as_text=True)
    import re

    checked = dict(re.findall(r'<input checked id="[a-z_]+-\d" name="([a-z_]+)" required type="radio" value="([a-z]+)"', html))
    assert checked == {"reply": "immediate", "followed_comment": "daily", "proposal_status": "immediate",
                       "group_decision": "immediate", "group_admin": "immediate", "moderation_decision": "immediate",
                       "report_outcome": "daily", "progress_update": "daily", "city_answer": "immediate"}
    data = {"reply": "off", "followed_comment": "immediate", "proposal_status": "daily", "group_decision": "daily",
            "group_admin": "off", "moderation_decision": "immediate", "report_outcome": "off",
            "progress_update": "immediate", "city_answer": "daily"}
    assert client.post("/en/notifications/settings", data=data).status_code == 302
    from participation.notifications.services import email_modes

    assert {k: v for k, v in email_modes(user).items() if k in data} == data
    response = client.post("/en/notifications/settings", data={**data, "reply": "sometimes"})
    assert response.status_code == 400
    assert "<title>Error:" in response.get_data(as_text=True)
    assert {k: v for k, v in email_modes(user).items() if k in data} == data


def test_unsubscribe_link_turns_one_kind_off(client, make_user):
    from participation.notifications.email import unsubscribe_token
    from participation.notifications.services import email_modes

    user = make_user()
    token = unsubscribe_token(user, "followed_comment")
    page = client.get(f"/en/notifications/unsubscribe/{token}")
    assert page.status_code == 200
    assert "New comments on what I follow" in page.get_data(as_text=True)
    assert email_modes(user)["followed_comment"] == "daily"  # a GET changes nothing
    response = client.post(f"/en/notifications/unsubscribe/{token}")
    assert response.status_code == 200
    assert email_modes(user)["followed_comment"] == "off"
    assert email_modes(user)["reply"] == "immediate"


def test_one_click_unsubscribe_from_a_mail_client(client, make_user):
    from participation.notifications.email import unsubscribe_token
    from participation.notifications.services import email_modes

    user = make_user()
    token = unsubscribe_token(user, "all")
    response = client.post(f"/en/notifications/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 204
    assert set(email_modes(user).values()) == {"off"}


def test_forged_unsubscribe_tokens_are_refused(app, client, make_user):
    from itsdangerous import URLSafeSerializer

    from participation.notifications.services import email_modes

    user = make_user()
    other_salt = URLSafeSerializer(app.config["SECRET_KEY"], salt="something-else").dumps([user.id, "reply"])
    for token in ("garbage", other_salt):
        assert client.post(f"/en/notifications/unsubscribe/{token}").status_code == 404
    assert email_modes(user)["reply"] == "immediate"


def test_followers_are_notified_in_a_fixed_number_of_statements(item, make_user, count_queries):
    from participation.core.jobs import run_due_jobs
    from participation.discussion.services import ensure_item_thread
    from participation.notifications.services import follow_thread, notify_followers, set_email_mode

    thread = ensure_item_thread(item.id)
    followers = [make_user(name=f"Follower {n}") for n in range(30)]
    for user in followers:
        follow_thread(user, thread)
    set_email_mode(followers[0], "followed_comment", "off")
    set_email_mode(followers[1], "followed_comment", "immediate")
    ids = [u.id for u in followers]
    db.session.commit()

    def statements(exclude):
        notify_followers(thread, "followed_comment", exclude=exclude, actor="Anna", title="T", comment_id=1)
        db.session.commit()
        with count_queries() as counted:
            assert run_due_jobs() == (1, 0)  # the background job writes them
        return counted()

    few = statements(exclude=ids[5:])  # five followers
    many = statements(exclude=[])  # thirty
    assert many == few
    assert len(notes(followers[0])) == 2 and notes(followers[0])[0].email_status == "none"
    assert notes(followers[1])[0].email_status == "sent"
    assert [n.email_status for n in notes(followers[20])] == ["pending"]


def test_many_followers_are_told_in_steps_each_once(item, make_user, monkeypatch):
    from participation.core.jobs import Job, run_one
    from participation.discussion.services import ensure_item_thread
    from participation.notifications import services
    from participation.notifications.services import follow_thread, notify_followers

    monkeypatch.setattr(services, "FOLLOWERS_PER_STEP", 4)
    thread = ensure_item_thread(item.id)
    followers = [make_user(name=f"Follower {n}") for n in range(10)]
    for user in followers:
        follow_thread(user, thread)
    notify_followers(thread, "followed_comment", exclude=[followers[3].id], title="T", comment_id=1)
    db.session.commit()
    steps = 0
    while run_one() is not None:
        steps += 1
        job = db.session.scalar(select(Job))
        told = db.session.scalar(select(db.func.count()).select_from(Notification))
        assert told == min(4 * steps, 9)  # each step tells the next four, and commits it with its progress
    assert steps == 4 and job.done_at is not None  # 4 + 4 + 1, then a step that finds nobody left
    assert [len(notes(user)) for user in followers] == [1, 1, 1, 0, 1, 1, 1, 1, 1, 1]
