"""A suspension ends every session and remember-me cookie at once; signing in again shows it and allows an appeal."""
import pytest
from flask_babel import force_locale, format_datetime
from sqlalchemy import func, select

from participation.discussion.models import Comment
from participation.extensions import db
from participation.groups.models import Group
from participation.moderation.models import Action, Appeal, Decision
from participation.votes.models import ItemSupport

PASSWORD = "carla's long password"


def sign_in(client, email, remember=False):
    data = {"email": email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/en/login", data=data)
    assert response.status_code == 302, response.text
    return response


def signed_out(response):
    return response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.fixture
def suspended_by_route(app, make_user, report_url, open_case):
    """Carla signed in with "remember me"; a moderator then suspends her for 7 days through the decision route.

    Returns Carla, her browser and the cookies it held before the suspension."""

    def run():
        carla = make_user(name="Carla", email="carla@example.org", password=PASSWORD)
        make_user(name="Reporter", email="reporter@example.org", password=PASSWORD)
        make_user(role="moderator", name="Moderator", email="moderator@example.org", password=PASSWORD)
        browser = app.test_client()
        sign_in(browser, "carla@example.org", remember=True)
        assert browser.get("/en/account").status_code == 200
        cookies = {name: browser.get_cookie(name).value for name in ("session", "remember_token")}

        reporter = app.test_client()
        sign_in(reporter, "reporter@example.org")
        assert reporter.post(report_url("profile", carla.id), data={"reason": "offensive"}).status_code == 302
        moderator = app.test_client()
        sign_in(moderator, "moderator@example.org")
        case = open_case("profile", carla.id)
        decided = moderator.post(f"/en/moderation/cases/{case.id}/decide",
                                 data={"action": "suspend", "reason": "offensive", "suspension_days": "7"})
        assert decided.status_code == 302
        return carla, browser, cookies

    return run


def test_the_live_session_and_both_old_cookies_stop_working(app, suspended_by_route):
    _, browser, cookies = suspended_by_route()
    assert signed_out(browser.get("/en/account"))  # the browser that was signed in
    replayed_session = app.test_client()
    replayed_session.set_cookie("session", cookies["session"])
    assert signed_out(replayed_session.get("/en/account"))
    replayed_remember = app.test_client()
    replayed_remember.set_cookie("remember_token", cookies["remember_token"])
    assert signed_out(replayed_remember.get("/en/account"))
    home = replayed_remember.get("/en/").text
    assert "Your account is suspended" not in home and "Sign in" in home


def test_signing_in_again_shows_the_suspension_and_allows_only_an_appeal(app, suspended_by_route, item, report_url):
    carla, _, _ = suspended_by_route()
    decision = db.session.scalar(select(Decision).where(Decision.subject_id == carla.id,
                                                        Decision.action == Action.SUSPEND))
    browser = app.test_client()
    sign_in(browser, "carla@example.org")
    home = browser.get("/en/").text
    with app.test_request_context("/en/"), force_locale("en_GB"):  # English as read in Italy
        until = format_datetime(decision.suspended_until, "short")
    assert "Your account is suspended" in home
    assert f"until <bdi>{until}</bdi>." in home
    assert "Reason: Offensive or hateful." in home
    assert f'href="/en/decisions/{decision.id}/appeal"' in home

    # Nothing a resident does is allowed...
    comments_before = db.session.scalar(select(func.count(Comment.id)))
    comment = browser.post(f"/en/discussions/item/{item.id}/comments", data={"body": "Still here", "language": "en"})
    assert comment.status_code == 400
    assert browser.post(report_url("profile", decision.moderator_id), data={"reason": "spam"}).status_code == 403
    group = browser.post("/en/groups/new", data={"name": "Carla's group", "description": "Hello."})
    assert group.status_code == 403
    support = browser.post(f"/en/items/{item.slug}/support", data={"action": "support"})
    assert support.status_code == 302 and not signed_out(support)
    from participation.discussion.services import ensure_item_thread
    from participation.notifications.models import Follow

    thread = ensure_item_thread(item.id)
    db.session.commit()
    assert browser.post(f"/en/follow/thread/{thread.id}", data={"action": "follow"}).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Follow)) == 0
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Comment.id))) == comments_before
    assert db.session.scalar(select(func.count(Group.id))) == 0
    assert db.session.scalar(select(Decision).where(Decision.moderator_id == carla.id)) is None
    assert db.session.scalar(select(func.count(ItemSupport.id))) == 0

    # ...except the appeal.
    assert browser.get(f"/en/decisions/{decision.id}/appeal").status_code == 200
    appealed = browser.post(f"/en/decisions/{decision.id}/appeal", data={"text": "I was quoting someone else."})
    assert appealed.status_code == 302
    appeal = db.session.scalar(select(Appeal).where(Appeal.decision_id == decision.id))
    assert appeal is not None and appeal.appellant_id == carla.id


def test_a_suspended_residents_discussion_says_suspended_until_when_not_unverified(
        app, client, make_user, login, item, report_url, open_case):
    carla = make_user(name="Carla")
    for _ in range(3):
        login(make_user())
        client.post(report_url("profile", carla.id), data={"reason": "spam", "note": "links"})
    case = open_case("profile", carla.id)
    login(make_user(role="moderator"))
    client.post(f"/en/moderation/cases/{case.id}/decide", data={"action": "suspend", "reason": "spam",
                                                                "suspension_days": "7"})
    db.session.expire_all()
    carla = db.session.get(type(carla), carla.id)
    assert carla.is_suspended
    login(carla)
    page = client.get(f"/en/items/{item.slug}").text
    section = page[page.index('id="discussion"'):]
    assert "Only verified residents can comment." not in section
    assert "Your account is suspended" in section
    with app.test_request_context("/en/"), force_locale("en_GB"):  # English as read in Italy
        assert format_datetime(carla.suspended_until, "short") in section
    decision = db.session.scalar(select(Decision).where(Decision.subject_id == carla.id))
    assert f"/en/decisions/{decision.id}" in section
