"""Writing on behalf of a verified group (runs once the groups feature is installed)."""
from sqlalchemy import select

from participation.extensions import db


def test_member_comments_on_behalf_of_a_verified_group(client, item, make_user, login, post, make_group):
    from participation.discussion.models import Comment

    member = make_user(name="Marta")
    group = make_group("Amici del Po", members=[member])
    login(member)
    html = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    assert "Amici del Po" in html  # offered in the "Write as" choice
    assert post(item, "We support this", group_id=str(group.id)).status_code == 302
    comment = db.session.scalar(select(Comment))
    assert comment.group_id == group.id
    assert "Amici del Po (by Marta)" in client.get(f"/en/items/{item.slug}").get_data(as_text=True)


def test_outsiders_and_unverified_groups_are_refused(client, item, make_user, login, post, make_group):
    from participation.discussion.models import Comment

    member, outsider = make_user(), make_user()
    verified = make_group("Verified", members=[member])
    unverified = make_group("Not yet", members=[member], verified=False)
    login(outsider)
    assert post(item, "Pretending", group_id=str(verified.id)).status_code == 400
    login(member)
    assert post(item, "Too early", group_id=str(unverified.id)).status_code == 400
    assert db.session.scalar(select(Comment)) is None


def test_proposal_on_behalf_of_a_group_and_filter(client, item, make_user, login, make_group):
    member = make_user(name="Marta")
    group = make_group("Amici del Po", members=[member])
    login(member)
    data = {"title": "A group idea", "body": "Text", "items": [str(item.id)], "neighbourhood": "",
            "group_id": str(group.id), "language": "it", "action": "publish"}
    response = client.post("/en/proposals/new", data=data)
    assert response.status_code == 302
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Amici del Po (by Marta)" in detail
    assert "A group idea" in client.get(f"/en/proposals?group={group.id}").get_data(as_text=True)
    assert "A group idea" not in client.get(f"/en/proposals?group={group.id + 1}").get_data(as_text=True)
    login(make_user())
    response = client.post("/en/proposals/new", data={**data, "title": "Someone else's"})
    assert response.status_code == 400


def test_followers_of_a_group_hear_of_its_comments(client, item, make_user, login, post, make_group):
    from participation.notifications.models import Notification

    member, fan = make_user(name="Marta"), make_user()
    group = make_group("Amici del Po", members=[member])
    login(fan)
    assert client.post(f"/en/follow/group/{group.id}", data={"action": "follow"}).status_code == 302
    login(member)
    post(item, "News from the group", group_id=str(group.id))
    notes = db.session.scalars(select(Notification).where(Notification.user_id == fan.id)).all()
    # The author is stored by id, and named when the notification is read.
    assert [(n.data["actor_id"], n.data.get("actor")) for n in notes] == [(member.id, None)]
    login(fan)
    assert "Amici del Po (by Marta) commented on" in client.get("/en/notifications").get_data(as_text=True)
