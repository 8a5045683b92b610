"""A group's life as its people meet it: asking to join and the answer, verification by staff, following."""
import re
from urllib.parse import urlsplit

from sqlalchemy import select

from participation.extensions import db
from tests.mail_helpers import mails_to
from tests.participation_fixtures import *  # noqa: F401,F403


def _form_posting_to(html, action):
    """The fields of the form in ``html`` that posts to ``action`` (as a browser would send them)."""
    match = re.search(rf'<form method="post" action="{re.escape(action)}"[^>]*>(.*?)</form>', html, re.S)
    assert match, f"no form posting to {action}"
    fields = {}
    for tag in re.findall(r"<input [^>]*>", match.group(1)):
        attributes = dict(re.findall(r'([a-z-]+)="([^"]*)"', tag))
        fields[attributes["name"]] = attributes.get("value", "")
    return fields


def _notifications_page(client, login, user):
    login(user)
    return client.get("/en/notifications").get_data(as_text=True)


def test_the_administrator_is_told_of_a_join_request_and_the_asker_of_the_answer(client, make_user, login,
                                                                                 make_group):
    founder = make_user(name="Marta", email="marta@example.org")
    group = make_group("Amici del Po", members=[founder])
    bruno, carla = make_user(name="Bruno"), make_user(name="Carla", email="carla@example.org")
    for person in (bruno, carla):
        login(person)
        assert client.post(f"/en/groups/{group.slug}/join").status_code == 302

    page = _notifications_page(client, login, founder)
    assert "Bruno asked to join Amici del Po." in page and "Carla asked to join Amici del Po." in page
    mail = next(mail for mail in mails_to("marta@example.org") if "Bruno asked to join Amici del Po" in mail.subject)
    link = urlsplit(re.search(r"https?://\S+", mail.text_body).group(0))
    assert (link.path, link.fragment) == (f"/en/groups/{group.slug}", "requests-title")
    requests = client.get(link.path).get_data(as_text=True)
    assert 'id="requests-title"' in requests and "Bruno" in requests.split('id="requests-title"')[1]

    from participation.groups.models import GroupMembership

    def request_of(person):
        return db.session.scalar(select(GroupMembership).where(GroupMembership.user_id == person.id))

    client.post(f"/en/groups/{group.slug}/members/{request_of(bruno).id}/accept")
    client.post(f"/en/groups/{group.slug}/members/{request_of(carla).id}/refuse")
    assert "Your request to join Amici del Po was accepted." in _notifications_page(client, login, bruno)
    assert "Your request to join Amici del Po was declined." in _notifications_page(client, login, carla)
    assert "declined" in mails_to("carla@example.org")[-1].subject


def test_staff_verify_groups_from_their_list_and_the_administrators_are_told(client, make_user, login, make_group):
    older_founder = make_user(name="Marta")
    older = make_group("Amici del Po", members=[older_founder], verified=False)
    newer = make_group("Orti di Zaist", verified=False)
    make_group("Already verified")
    moderator = login(make_user(role="moderator"))

    dashboard = client.get("/en/moderation").get_data(as_text=True)
    assert re.search(r'<a href="/en/staff/groups">Groups awaiting verification</a></dt><dd>2</dd>', dashboard)
    listing = client.get("/en/staff/groups").get_data(as_text=True)
    assert "Already verified" not in listing
    assert listing.index("Amici del Po") < listing.index("Orti di Zaist")  # oldest first
    verify = f"/en/groups/{older.slug}/verify"
    response = client.post(verify, data=_form_posting_to(listing, verify))
    assert response.status_code == 302 and response.headers["Location"] == "/en/staff/groups"
    listing = client.get("/en/staff/groups").get_data(as_text=True)
    assert "Amici del Po" not in listing and "Orti di Zaist" in listing
    assert '<dd>1</dd>' in client.get("/en/moderation").get_data(as_text=True).split("Groups awaiting verification")[1]

    page = _notifications_page(client, login, older_founder)
    assert "staff verified Amici del Po: its members can now publish on its behalf." in page
    login(moderator)
    client.post(f"/en/groups/{older.slug}/unverify")
    assert "withdrew the verification of Amici del Po" in _notifications_page(client, login, older_founder)
    assert newer.verified_at is None


def test_residents_see_a_link_to_nothing_of_this(client, make_user, login, make_group):
    make_group("Amici del Po", verified=False)
    login(make_user())
    assert client.get("/en/staff/groups").status_code == 403
    assert "/staff/groups" not in client.get("/en/groups").get_data(as_text=True)


def test_the_group_page_offers_to_follow_and_following_works(app, client, item, make_user, login, post,
                                                             make_group):
    member, fan = make_user(name="Marta"), make_user(name="Fan")
    group = make_group("Amici del Po", members=[member])
    page = client.get(f"/en/groups/{group.slug}").get_data(as_text=True)
    assert "Follow this group" not in page  # visitors who are not signed in cannot follow

    login(fan)
    app.config["WTF_CSRF_ENABLED"] = True  # the button posts a real form, with its security token
    page = client.get(f"/en/groups/{group.slug}").get_data(as_text=True)
    action = f"/en/follow/group/{group.id}"
    fields = _form_posting_to(page, action)
    assert fields.pop("csrf_token") and fields == {"action": "follow"}
    assert client.post(action, data=fields).status_code == 400  # without the token: refused
    fields = _form_posting_to(page, action)
    assert re.search(r'<button type="submit"[^>]*aria-describedby="follow-hint">Follow this group</button>', page)
    assert 'id="follow-hint"' in page
    response = client.post(action, data=fields)
    assert response.status_code == 302 and response.headers["Location"] == f"/en/groups/{group.slug}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You follow this group." in page and "Stop following this group" in page
    assert _form_posting_to(page, action)["action"] == "unfollow"
    app.config["WTF_CSRF_ENABLED"] = False

    login(member)
    post(item, "News from the group", group_id=str(group.id))
    assert "Amici del Po (by Marta) commented on" in _notifications_page(client, login, fan)

    page = client.get(f"/en/groups/{group.slug}").get_data(as_text=True)
    client.post(action, data=_form_posting_to(page, action))
    assert "Follow this group" in client.get(f"/en/groups/{group.slug}").get_data(as_text=True)
