"""Every state-changing route x every kind of user, with the outcome each must get.

To add a route: append a ``RouteCase`` to ``CASES``. ``url`` and ``data`` are
functions of the ``World`` (the people and objects every case starts with;
add what your feature needs to ``World.build``). ``expect`` maps each kind
of user to an outcome:

- ``OK``: allowed (2xx, or a redirect that is not to the sign-in page);
- ``LOGIN``: sent to the sign-in page (``/login?next=...``);
- ``FORBIDDEN``: 403;
- ``INVALID``: 400 (allowed, but the request was refused as input).

``expect(default, **overrides)`` builds the mapping. The kinds: anonymous,
unverified, resident, owner (the author / the owner of the object), other (another
resident, who has asked to join the group), suspended, moderator, administrator.
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from flask import g

from participation.core.models import utcnow
from participation.extensions import db
from participation.groups import services as groups

PASSWORD = "matrix password 123"
KINDS = ("anonymous", "unverified", "resident", "owner", "other", "suspended", "moderator", "administrator")
OK, LOGIN, FORBIDDEN, INVALID = "ok", "login", "forbidden", "invalid"


def expect(default, **overrides):
    unknown = set(overrides) - set(KINDS)
    assert not unknown, unknown
    return {kind: overrides.get(kind, default) for kind in KINDS}


@dataclass
class World:
    users: dict = field(default_factory=dict)
    group: Any = None  # verified, run by "owner"; "other" has a pending request; "member" is a member
    unverified_group: Any = None  # run by "owner"
    pending: Any = None
    member: Any = None
    neighbourhood: Any = None

    @classmethod
    def build(cls, make_user):
        world = cls()
        suspended_until = utcnow() + timedelta(days=7)
        for kind in KINDS[1:]:
            role = kind if kind in ("moderator", "administrator") else "resident"
            world.users[kind] = make_user(
                role=role, verified=kind != "unverified", name=f"Person {kind}", email=f"{kind}@example.org",
                password=PASSWORD, suspended_until=suspended_until if kind == "suspended" else None,
            )
        groups.seed_neighbourhoods()
        world.neighbourhood = groups.list_neighbourhoods()[1]
        owner = world.users["owner"]
        world.group = groups.create_group(owner, "Verified group", world.neighbourhood, "Verified.")
        groups.verify_group(world.users["moderator"], world.group)
        world.unverified_group = groups.create_group(owner, "New group", world.neighbourhood, "New.")
        world.pending = groups.request_to_join(world.users["other"], world.group)
        member_user = make_user(name="Group member", email="member@example.org")
        world.member = groups.request_to_join(member_user, world.group)
        groups.accept_request(owner, world.group, world.member)
        db.session.commit()
        return world


@dataclass
class RouteCase:
    name: str
    method: str
    url: Callable[[World], str]
    expect: dict
    data: Callable[[World], dict] = lambda world: {}


def _membership_action(action, which):
    return lambda w: f"/it/groups/{w.group.slug}/members/{getattr(w, which).id}/{action}"


MANAGE_GROUP = expect(FORBIDDEN, anonymous=LOGIN, owner=OK, administrator=OK)
STAFF_ONLY = expect(FORBIDDEN, anonymous=LOGIN, moderator=OK, administrator=OK)
SIGNED_IN = expect(OK, anonymous=LOGIN)
PARTICIPANTS = expect(OK, anonymous=LOGIN, unverified=FORBIDDEN, suspended=FORBIDDEN)

CASES = [
    # --- accounts ---
    RouteCase("register", "POST", lambda w: "/it/register", expect(OK), lambda w: {
        "display_name": "Brand New", "email": "brand.new@example.org", "password": "a fresh passphrase",
        "language": "it", "accept_terms": "y"}),
    RouteCase("login with a wrong password", "POST", lambda w: "/it/login", expect(INVALID),
              lambda w: {"email": "resident@example.org", "password": "wrong password"}),
    RouteCase("logout", "POST", lambda w: "/it/logout", expect(OK)),
    RouteCase("resend verification", "POST", lambda w: "/it/verify/resend", expect(OK),
              lambda w: {"email": "unverified@example.org"}),
    RouteCase("forgot password", "POST", lambda w: "/it/password/forgot", expect(OK),
              lambda w: {"email": "resident@example.org"}),
    RouteCase("preferences", "POST", lambda w: "/it/account", SIGNED_IN, lambda w: {"prefs-language": "en"}),
    RouteCase("change password", "POST", lambda w: "/it/account/password", SIGNED_IN, lambda w: {
        "password-current_password": PASSWORD, "password-new_password": "another fine passphrase"}),
    RouteCase("change email", "POST", lambda w: "/it/account/email", SIGNED_IN, lambda w: {
        "email-new_email": "moved@example.org", "email-current_password": PASSWORD}),
    RouteCase("delete account", "POST", lambda w: "/it/account/delete", SIGNED_IN, lambda w: {"password": PASSWORD}),
    RouteCase("grant a role", "POST", lambda w: f"/it/admin/roles/{w.users['resident'].id}",
              expect(FORBIDDEN, anonymous=LOGIN, administrator=OK), lambda w: {"role": "moderator"}),
    # --- groups ---
    RouteCase("create a group", "POST", lambda w: "/it/groups/new", PARTICIPANTS, lambda w: {
        "name": "Another group", "neighbourhood": w.neighbourhood.id, "description": "Hello."}),
    RouteCase("join a group", "POST", lambda w: f"/it/groups/{w.group.slug}/join",
              expect(OK, anonymous=LOGIN, unverified=FORBIDDEN, suspended=FORBIDDEN, owner=FORBIDDEN,
                     other=FORBIDDEN)),
    RouteCase("leave a group", "POST", lambda w: f"/it/groups/{w.group.slug}/leave",
              expect(FORBIDDEN, anonymous=LOGIN, owner=OK, other=OK)),  # the owner is told it is the last admin
    RouteCase("edit a group", "POST", lambda w: f"/it/groups/{w.group.slug}/edit", MANAGE_GROUP, lambda w: {
        "neighbourhood": w.neighbourhood.id, "description": "Edited."}),
    RouteCase("accept a request", "POST", _membership_action("accept", "pending"), MANAGE_GROUP),
    RouteCase("refuse a request", "POST", _membership_action("refuse", "pending"), MANAGE_GROUP),
    RouteCase("promote a member", "POST", _membership_action("promote", "member"), MANAGE_GROUP),
    RouteCase("remove a member", "POST", _membership_action("remove", "member"), MANAGE_GROUP),
    RouteCase("verify a group", "POST", lambda w: f"/it/groups/{w.unverified_group.slug}/verify", STAFF_ONLY),
    RouteCase("unverify a group", "POST", lambda w: f"/it/groups/{w.group.slug}/unverify", STAFF_ONLY),
    RouteCase("add a neighbourhood", "POST", lambda w: "/it/groups/neighbourhoods", STAFF_ONLY,
              lambda w: {"new-name": "Quartiere Nuovo"}),
    RouteCase("rename a neighbourhood", "POST", lambda w: f"/it/groups/neighbourhoods/{w.neighbourhood.id}",
              STAFF_ONLY, lambda w: {f"n{w.neighbourhood.id}-name": "Quartiere Rinominato"}),
]


def outcome(response):
    if response.status_code == 403:
        return FORBIDDEN
    if response.status_code == 400:
        return INVALID
    if response.status_code in (301, 302, 303) and "/login?next=" in response.headers.get("Location", ""):
        return LOGIN  # what login_required answers (a page sending to sign-in after success has no next)
    if response.status_code < 400:
        return OK
    return f"status {response.status_code}"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_permission_matrix(client, make_user, login, case, kind):
    world = World.build(make_user)
    if kind != "anonymous":
        login(world.users[kind])
    g.pop("_login_user", None)
    response = client.open(case.url(world), method=case.method, data=case.data(world))
    assert outcome(response) == case.expect[kind], f"{case.name} as {kind}: {response.status_code}"


def test_every_state_changing_route_of_accounts_and_groups_is_in_the_matrix(app):
    """A new POST route in these blueprints must get a row above (token links are checked by their own tests)."""
    covered_by_tokens = {"accounts.verify", "accounts.reset_password", "accounts.confirm_email"}
    in_matrix = {
        "accounts.register", "accounts.login", "accounts.logout", "accounts.resend_verification",
        "accounts.forgot_password", "accounts.settings", "accounts.change_password", "accounts.change_email",
        "accounts.delete_account", "accounts.set_role", "groups.create", "groups.join", "groups.leave", "groups.edit",
        "groups.member_action", "groups.verification", "groups.neighbourhoods", "groups.rename_neighbourhood",
    }
    posting = {
        rule.endpoint for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and rule.endpoint.split(".")[0] in ("accounts", "groups")
    }
    assert posting - covered_by_tokens == in_matrix
