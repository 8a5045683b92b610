"""Every route x every kind of person, with the outcome each must get.

To add a route: append a ``RouteCase`` to ``CASES`` (state-changing routes)
or ``PAGES`` (pages read with GET). ``url`` and ``data`` are functions of
the ``World`` (the people and objects every case starts with; add what your
feature needs to ``World.build``). ``expect`` maps each kind of person to an
outcome:

- ``OK``: allowed (2xx, or a redirect that is not to the sign-in page);
- ``LOGIN``: sent to the sign-in page (``/login?next=...``);
- ``FORBIDDEN``: 403;
- ``INVALID``: 400 (allowed, but the request was refused as input);
- ``NOT_FOUND``: 404 (someone else's object: guessing its id reveals nothing);
- ``REFUSED``: sent back to the page with an error message (the vote buttons,
  which work without JavaScript too, answer a refusal this way).

``expect(default, **overrides)`` builds the mapping. The kinds: anonymous,
unverified, resident, owner (the author / the owner of the object / the
person a moderation decision is about), other (another resident, who has
asked to join the group), suspended, translator, moderator, administrator, department (a resident who works
in the department responsible for the item), other_department (a resident who works in another department).

``test_every_route_is_in_the_matrix`` walks the app's URL map: a new route
without a row fails it.

The world is built once per test process (again every five minutes, well
inside the comments' 15-minute edit window that some rows rely on), and each
case starts from a copy of its database: a copy of the SQLite file, or on
PostgreSQL a database created from it as a template.
"""
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import g
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from participation import create_app
from participation.core.models import utcnow
from participation.extensions import db
from participation.groups import services as groups
from tests.conftest import (
    _database_url,
    _ensure_search_schema,
    _fresh_globals_per_request,
    empty_database,
    is_postgres,
    make_config,
    release_database,
    user_factory,
)

PASSWORD = "matrix password 123"
KINDS = ("anonymous", "unverified", "resident", "owner", "other", "suspended", "translator", "moderator",
         "administrator", "department", "other_department")
OK, LOGIN, FORBIDDEN, INVALID, NOT_FOUND, REFUSED = "ok", "login", "forbidden", "invalid", "not found", "refused"


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
    item: Any = None  # a programme item with a discussion
    comment: Any = None  # by "owner", within its edit window; "other" replied to it
    staff_comment: Any = None  # by the moderator
    proposal: Any = None  # published, by "owner"
    draft: Any = None  # by "owner"
    case: Any = None  # a report on the owner's comment, open
    decision: Any = None  # a comment of "owner" hidden by the administrator; not appealed yet
    appeal: Any = None  # by "owner", on a warning from the administrator
    notification: Any = None  # for "owner"
    feedback: Any = None  # accessibility feedback
    phrase: Any = None  # a blocked phrase
    progress_document: Any = None  # a PDF attached to a progress update of ``item``
    department_member: Any = None  # "department" in the item's department
    tokens: dict = field(default_factory=dict)

    @classmethod
    def build(cls, make_user):
        world = cls()
        suspended_until = utcnow() + timedelta(days=7)
        for kind in KINDS[1:]:
            role = kind if kind in ("translator", "moderator", "administrator") else "resident"
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
        world._build_participation()
        db.session.commit()
        return world

    def references(self):
        """Each object of the world as its class and primary key, to be read again from a copy of its database."""
        def reference(thing):
            return None if thing is None else (type(thing), inspect(thing).identity)

        found = {}
        for each in fields(self):
            value = getattr(self, each.name)
            if each.name == "users":
                found["users"] = {kind: reference(user) for kind, user in value.items()}
            elif each.name == "tokens":
                found["tokens"] = dict(value)
            else:
                found[each.name] = reference(value)
        return found

    @classmethod
    def load(cls, references):
        """The world of ``references``, read from the current app's database (a copy of the one it was built in)."""
        def read(reference):
            return None if reference is None else db.session.get(*reference)

        world = cls()
        for name, value in references.items():
            if name == "users":
                world.users = {kind: read(user) for kind, user in value.items()}
            elif name == "tokens":
                world.tokens = dict(value)
            else:
                setattr(world, name, read(value))
        return world

    def _build_participation(self):
        from participation.accounts import tokens
        from participation.discussion import services as discussion
        from participation.moderation.appeals import appeal_decision
        from participation.moderation.decisions import decide_case
        from participation.moderation.models import BlockedPhrase
        from participation.moderation.reports import report_target
        from participation.notifications.email import unsubscribe_token
        from participation.notifications.models import Notification
        from participation.programme.models import Area, Department, ItemArea, ItemDepartment, ProgrammeItem
        from participation.proposals.services import ProposalInput, create_proposal
        from participation.site.models import AccessibilityFeedback

        owner, other, moderator = self.users["owner"], self.users["other"], self.users["moderator"]
        area = Area(number=1, title="Mobilità", intro=["Muoversi in città."])
        self.item = ProgrammeItem(slug="piste-ciclabili", primary_area=area, position=1, point="1",
                                  title="Piste ciclabili", objective="Più piste.",
                                  macro_actions=[{"type": "paragraph", "text": "Tracciare."}])
        department = Department(name="Mobilità e traffico", slug="mobilita-e-traffico")
        db.session.add_all([area, self.item, department])
        db.session.flush()
        db.session.add_all([ItemArea(item_id=self.item.id, area_id=area.id, area_number=1, sort_key=1),
                            ItemDepartment(item_id=self.item.id, department_id=department.id, position=0)])
        thread = discussion.ensure_item_thread(self.item.id)
        self.comment, _ = discussion.post_comment(owner, thread, "A comment by the owner", "it")
        discussion.post_comment(other, thread, "A reply by another resident", "it", parent=self.comment)
        self.staff_comment, _ = discussion.post_comment(moderator, thread, "A word from the city", "it")
        self.proposal = create_proposal(owner, ProposalInput(
            title="Benches in the park", body="Shade too.", item_ids=[self.item.id], neighbourhood_id=None,
            group_id=None, language="it"), publish=True)
        self.draft = create_proposal(owner, ProposalInput(
            title="A draft", body="Not yet.", item_ids=[self.item.id], neighbourhood_id=None, group_id=None,
            language="it"), publish=False)
        self.case = report_target(self.users["resident"], "comment", self.comment.id, "spam").case
        admin = self.users["administrator"]
        report = report_target(self.users["resident"], "profile", owner.id, "spam", "matrix")
        warning = decide_case(admin, report.case, "warn", "spam")
        self.appeal = appeal_decision(owner, warning, "Please look again")
        second, _ = discussion.post_comment(owner, thread, "Another comment by the owner", "it")
        report = report_target(self.users["resident"], "comment", second.id, "spam")
        self.decision = decide_case(admin, report.case, "hide", "spam")
        self.notification = db.session.scalar(
            db.select(Notification).where(Notification.user_id == owner.id).order_by(Notification.id))
        self._build_departments(department)
        self.feedback = AccessibilityFeedback(message="The contrast is low.", language="it")
        self.phrase = BlockedPhrase(phrase="compra subito")
        db.session.add_all([self.feedback, self.phrase])
        db.session.flush()
        self._build_progress()
        unverified = self.users["unverified"]
        self.tokens = {
            "verify": tokens.make_token(tokens.VERIFY_EMAIL, unverified),
            "reset": tokens.make_token(tokens.RESET_PASSWORD, self.users["resident"]),
            "email": tokens.make_token(tokens.CHANGE_EMAIL, self.users["resident"], e="moved@example.org"),
            "restore": tokens.make_token(tokens.RESTORE_EMAIL, self.users["resident"], o="before@example.org"),
            "unsubscribe": unsubscribe_token(owner, "reply"),
        }

    def _build_progress(self):
        from participation.progress.services import publish_progress_update
        from participation.progress.statuses import seed_statuses, status_by_key

        seed_statuses()
        update = publish_progress_update(self.users["moderator"], self.item, status=status_by_key("in_progress"),
                                         progress=20, text="Avviato.", documents=[("atto.pdf", b"%PDF-1.4 matrix")])
        self.progress_document = update.documents[0]


def _progress_csv(world):
    return {"text": f"item,status,progress,date\n{world.item.slug},completed,100,2026-11-30\n"}


def _build_departments(self, department):
    """"department" works in the item's department, "other_department" in another; the owner's comment asks
    for an answer."""
    from participation.answers.services import record_comment_wish
    from participation.programme.models import Department
    from participation.programme.staff import DepartmentMember

    other = Department(name="Bilancio e tributi", slug="bilancio-e-tributi")
    db.session.add(other)
    db.session.flush()
    self.department_member = DepartmentMember(user_id=self.users["department"].id, department_id=department.id)
    db.session.add_all([self.department_member,
                        DepartmentMember(user_id=self.users["other_department"].id, department_id=other.id)])
    db.session.flush()
    record_comment_wish(self.comment)


World._build_departments = _build_departments


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
ADMIN_ONLY = expect(FORBIDDEN, anonymous=LOGIN, administrator=OK)
TRANSLATORS = expect(FORBIDDEN, anonymous=LOGIN, translator=OK, moderator=OK, administrator=OK)
SIGNED_IN = expect(OK, anonymous=LOGIN)
FOLLOWERS = expect(OK, anonymous=LOGIN, suspended=FORBIDDEN)
PARTICIPANTS = expect(OK, anonymous=LOGIN, unverified=FORBIDDEN, suspended=FORBIDDEN)
OWNER_ONLY = expect(FORBIDDEN, anonymous=LOGIN, owner=OK)
# Staff of the item's department, and moderators and administrators.
ITEM_DEPARTMENT = expect(FORBIDDEN, anonymous=LOGIN, department=OK, moderator=OK, administrator=OK)
EVERYONE = expect(OK)
COMMENTERS = expect(OK, anonymous=LOGIN, unverified=INVALID, suspended=INVALID)

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
    RouteCase("change display name", "POST", lambda w: "/it/account/name", SIGNED_IN,
              lambda w: {"name-display_name": "A new name"}),
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
              expect(FORBIDDEN, anonymous=LOGIN, owner=REFUSED, other=OK)),  # the owner is the last administrator
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
    # --- discussion (a refused comment comes back in its form, with the reason) ---
    RouteCase("comment on an item", "POST", lambda w: f"/it/discussions/item/{w.item.id}/comments", COMMENTERS,
              lambda w: {"body": "Un commento", "language": "it"}),
    RouteCase("reply to a comment", "POST", lambda w: f"/it/discussions/item/{w.item.id}/comments", COMMENTERS,
              lambda w: {"body": "Una risposta", "language": "it", "parent_id": str(w.comment.id)}),
    RouteCase("comment on a proposal", "POST", lambda w: f"/it/discussions/proposal/{w.proposal.id}/comments",
              COMMENTERS, lambda w: {"body": "Un commento", "language": "it"}),
    RouteCase("edit a comment", "POST", lambda w: f"/it/comments/{w.comment.id}/edit", OWNER_ONLY,
              lambda w: {"body": "Edited"}),
    RouteCase("delete a comment", "POST", lambda w: f"/it/comments/{w.comment.id}/delete", OWNER_ONLY),
    RouteCase("mark an official answer", "POST", lambda w: f"/it/comments/{w.staff_comment.id}/official",
              STAFF_ONLY, lambda w: {"official": "1"}),
    RouteCase("close a discussion", "POST", lambda w: f"/it/discussions/item/{w.item.id}/close", STAFF_ONLY,
              lambda w: {"note": "Closed."}),
    RouteCase("reopen a discussion", "POST", lambda w: f"/it/discussions/item/{w.item.id}/reopen", STAFF_ONLY),
    RouteCase("hold a discussion for approval", "POST", lambda w: f"/it/discussions/item/{w.item.id}/premoderation",
              STAFF_ONLY, lambda w: {"premoderated": "1"}),
    # --- votes ---
    RouteCase("support an item", "POST", lambda w: f"/it/items/{w.item.slug}/support",
              expect(OK, anonymous=LOGIN, unverified=REFUSED, suspended=REFUSED), lambda w: {"action": "support"}),
    RouteCase("vote on a comment", "POST", lambda w: f"/it/comments/{w.comment.id}/vote",
              expect(OK, anonymous=LOGIN, unverified=REFUSED, suspended=REFUSED, owner=REFUSED),
              lambda w: {"value": "up"}),
    RouteCase("support a proposal", "POST", lambda w: f"/it/proposals/{w.proposal.id}/support",
              expect(OK, anonymous=LOGIN, unverified=REFUSED, suspended=REFUSED, owner=REFUSED),
              lambda w: {"action": "support"}),
    # --- proposals ---
    RouteCase("submit a proposal", "POST", lambda w: "/it/proposals/new", PARTICIPANTS, lambda w: {
        "title": "More trees", "body": "Along the river.", "items": [str(w.item.id)], "neighbourhood": "",
        "group_id": "", "language": "it", "action": "publish"}),
    RouteCase("edit a draft", "POST", lambda w: f"/it/proposals/{w.draft.id}/edit", OWNER_ONLY, lambda w: {
                  "title": "A better draft", "body": "Now.", "items": [str(w.item.id)], "neighbourhood": "",
                  "group_id": "", "language": "it", "action": "draft"}),
    RouteCase("withdraw a proposal", "POST", lambda w: f"/it/proposals/{w.proposal.id}/withdraw", OWNER_ONLY,
              lambda w: {"reason": "Solved already."}),
    RouteCase("answer a proposal", "POST", lambda w: f"/it/proposals/{w.proposal.id}/status", STAFF_ONLY,
              lambda w: {"status": "under_evaluation", "answer": "We are looking at it."}),
    # --- notifications ---
    RouteCase("follow a discussion", "POST", lambda w: f"/it/follow/thread/{w.comment.thread_id}", FOLLOWERS,
              lambda w: {"action": "follow"}),
    RouteCase("follow a group", "POST", lambda w: f"/it/follow/group/{w.group.id}", FOLLOWERS,
              lambda w: {"action": "follow"}),
    RouteCase("mark all notifications read", "POST", lambda w: "/it/notifications/read-all", SIGNED_IN),
    RouteCase("mark a notification read", "POST", lambda w: f"/it/notifications/{w.notification.id}/read",
              expect(NOT_FOUND, anonymous=LOGIN, owner=OK)),
    RouteCase("open a notification", "POST", lambda w: f"/it/notifications/{w.notification.id}/open",
              expect(NOT_FOUND, anonymous=LOGIN, owner=OK)),
    RouteCase("notification settings", "POST", lambda w: "/it/notifications/settings", SIGNED_IN, lambda w: {
        "reply": "off", "followed_comment": "daily", "proposal_status": "immediate", "group_decision": "daily",
        "group_admin": "off", "moderation_decision": "immediate", "report_outcome": "off", "moderation_queue": "off",
        "city_answer": "immediate", "answer_reminder": "off", "progress_update": "daily"}),
    # --- moderation ---
    RouteCase("report a comment", "POST", lambda w: f"/it/report/comment/{w.staff_comment.id}", PARTICIPANTS,
              lambda w: {"reason": "offensive"}),
    RouteCase("claim a case", "POST", lambda w: f"/it/moderation/cases/{w.case.id}/claim", STAFF_ONLY),
    RouteCase("release a case", "POST", lambda w: f"/it/moderation/cases/{w.case.id}/release",
              expect(FORBIDDEN, anonymous=LOGIN, moderator=REFUSED, administrator=OK)),  # nobody claimed it
    RouteCase("decide a case", "POST", lambda w: f"/it/moderation/cases/{w.case.id}/decide", STAFF_ONLY,
              lambda w: {"action": "approve", "reason": "other"}),
    RouteCase("hide a comment", "POST", lambda w: f"/it/moderation/hide/comment/{w.comment.id}", STAFF_ONLY,
              lambda w: {"reason": "spam"}),
    RouteCase("appeal a decision", "POST", lambda w: f"/it/decisions/{w.decision.id}/appeal", OWNER_ONLY,
              lambda w: {"text": "Once more, please."}),
    RouteCase("decide an appeal", "POST", lambda w: f"/it/moderation/appeals/{w.appeal.id}/decide",
              expect(FORBIDDEN, anonymous=LOGIN, moderator=OK), lambda w: {"outcome": "uphold", "note": "Fair."}),
    RouteCase("add a blocked phrase", "POST", lambda w: "/it/moderation/phrases", STAFF_ONLY,
              lambda w: {"phrase-phrase": "soldi facili"}),
    RouteCase("remove a blocked phrase", "POST", lambda w: f"/it/moderation/phrases/{w.phrase.id}/delete",
              STAFF_ONLY),
    RouteCase("moderation settings", "POST", lambda w: "/it/moderation/settings", STAFF_ONLY,
              lambda w: {"auto_hide_threshold": "3", "premoderate_first_n": "0"}),
    # --- site ---
    RouteCase("accessibility feedback", "POST", lambda w: "/it/accessibility", EVERYONE,
              lambda w: {"message": "Il contrasto è basso."}),
    RouteCase("mark feedback handled", "POST", lambda w: f"/it/admin/accessibility-feedback/{w.feedback.id}/handled",
              STAFF_ONLY),
    # --- progress ---
    RouteCase("publish a progress update", "POST", lambda w: f"/it/items/{w.item.slug}/progress/new", STAFF_ONLY,
              lambda w: {"status": "in_progress", "progress": "50", "published_on": "2026-11-30", "department": "0"}),
    RouteCase("check a progress CSV file", "POST", lambda w: "/it/staff/progress/import", STAFF_ONLY,
              _progress_csv),
    # A draft is signed for the person who uploaded it: a forged one is refused, even to staff.
    RouteCase("confirm a progress CSV file", "POST", lambda w: "/it/staff/progress/import/confirm",
              expect(FORBIDDEN, anonymous=LOGIN, moderator=REFUSED, administrator=REFUSED),
              lambda w: {"draft": "forged"}),
    # --- translations ---
    RouteCase("edit a translation", "POST", lambda w: f"/it/admin/translations/item/{w.item.id}/en", TRANSLATORS,
              lambda w: {"title": "Cycle lanes"}),
    # --- the City's answers ---
    RouteCase("add a department member", "POST", lambda w: "/it/admin/departments/mobilita-e-traffico/members",
              ADMIN_ONLY, lambda w: {"email": "resident@example.org"}),
    RouteCase("remove a department member", "POST",
              lambda w: f"/it/admin/departments/members/{w.department_member.id}/remove", ADMIN_ONLY),
    RouteCase("answer a comment for a department", "POST", lambda w: f"/it/comments/{w.comment.id}/city-answer",
              ITEM_DEPARTMENT, lambda w: {"department": str(w.item.departments[0].id), "body": "La risposta.",
                                          "language": "it"}),
    RouteCase("answer a proposal for a department", "POST",
              lambda w: f"/it/proposals/{w.proposal.id}/city-answer", ITEM_DEPARTMENT,
              lambda w: {"department": str(w.item.departments[0].id), "body": "La risposta.", "language": "it"}),
    RouteCase("mark a comment as asking for an answer", "POST",
              lambda w: f"/it/comments/{w.staff_comment.id}/ask-for-answer", ITEM_DEPARTMENT),
    RouteCase("ask for a machine translation", "POST", lambda w: f"/it/translations/item/{w.item.id}/automatic",
              expect(NOT_FOUND)),  # no translation server is configured here: the route does not exist
]

# Pages (GET). Reading changes nothing (tests/security/test_get_is_safe.py), so
# one world serves every kind of person.
PAGES = [
    # --- public ---
    RouteCase("root", "GET", lambda w: "/", EVERYONE),
    RouteCase("home", "GET", lambda w: "/it/", EVERYONE),
    RouteCase("how to take part", "GET", lambda w: "/it/how-to-take-part", EVERYONE),
    RouteCase("privacy", "GET", lambda w: "/it/privacy", EVERYONE),
    RouteCase("terms", "GET", lambda w: "/it/terms", EVERYONE),
    RouteCase("accessibility statement", "GET", lambda w: "/it/accessibility", EVERYONE),
    RouteCase("about", "GET", lambda w: "/it/about", EVERYONE),
    RouteCase("area", "GET", lambda w: "/it/areas/1", EVERYONE),
    RouteCase("item", "GET", lambda w: f"/it/items/{w.item.slug}", EVERYONE),
    RouteCase("departments", "GET", lambda w: "/it/departments", EVERYONE),
    RouteCase("department", "GET", lambda w: "/it/departments/mobilita-e-traffico", EVERYONE),
    RouteCase("priorities", "GET", lambda w: "/it/priorities", EVERYONE),
    RouteCase("search", "GET", lambda w: "/it/search?q=piste", EVERYONE),
    RouteCase("proposals", "GET", lambda w: "/it/proposals", EVERYONE),
    RouteCase("a proposal", "GET", lambda w: f"/it/proposals/{w.proposal.id}", EVERYONE),
    RouteCase("a draft", "GET", lambda w: f"/it/proposals/{w.draft.id}", expect(NOT_FOUND, owner=OK)),
    RouteCase("groups", "GET", lambda w: "/it/groups", EVERYONE),
    RouteCase("a group", "GET", lambda w: f"/it/groups/{w.group.slug}", EVERYONE),
    RouteCase("a profile", "GET", lambda w: f"/it/users/{w.users['resident'].id}", EVERYONE),
    RouteCase("a comment's address", "GET", lambda w: f"/it/c/{w.comment.id}", EVERYONE),
    RouteCase("a comment's address without language", "GET", lambda w: f"/c/{w.comment.id}", EVERYONE),
    RouteCase("transparency report", "GET", lambda w: "/it/transparency", EVERYONE),
    RouteCase("health check", "GET", lambda w: "/healthz", EVERYONE),
    RouteCase("API: programme", "GET", lambda w: "/api/v1/programme", EVERYONE),
    RouteCase("API: item", "GET", lambda w: f"/api/v1/items/{w.item.id}", EVERYONE),
    RouteCase("API: OpenAPI document", "GET", lambda w: "/api/v1/openapi.json", EVERYONE),
    RouteCase("programme as CSV", "GET", lambda w: "/programme.csv", EVERYONE),
    RouteCase("progress of the programme", "GET", lambda w: "/it/progress", EVERYONE),
    RouteCase("progress feed", "GET", lambda w: "/it/progress/feed.atom", EVERYONE),
    RouteCase("progress feed of an area", "GET", lambda w: "/it/areas/1/progress.atom", EVERYONE),
    RouteCase("progress feed of an item", "GET", lambda w: f"/it/items/{w.item.slug}/progress.atom", EVERYONE),
    RouteCase("a progress document", "GET", lambda w: f"/it/progress/documents/{w.progress_document.id}", EVERYONE),
    RouteCase("a static file", "GET", lambda w: "/static/css/site.css", EVERYONE),
    # --- forms anyone may open ---
    RouteCase("register", "GET", lambda w: "/it/register", EVERYONE),
    RouteCase("check your email", "GET", lambda w: "/it/register/check-email", EVERYONE),
    RouteCase("login", "GET", lambda w: "/it/login", EVERYONE),
    RouteCase("resend verification", "GET", lambda w: "/it/verify/resend", EVERYONE),
    RouteCase("forgot password", "GET", lambda w: "/it/password/forgot", EVERYONE),
    # Links sent by email: the signed token, not the session, is the permission.
    RouteCase("verify link", "GET", lambda w: f"/it/verify/{w.tokens['verify']}", EVERYONE),
    RouteCase("password reset link", "GET", lambda w: f"/it/password/reset/{w.tokens['reset']}", EVERYONE),
    RouteCase("email change link", "GET", lambda w: f"/it/account/email/confirm/{w.tokens['email']}", EVERYONE),
    RouteCase("email restore link", "GET", lambda w: f"/it/account/email/restore/{w.tokens['restore']}", EVERYONE),
    RouteCase("unsubscribe link", "GET", lambda w: f"/it/notifications/unsubscribe/{w.tokens['unsubscribe']}",
              EVERYONE),
    # --- one's own ---
    RouteCase("account settings", "GET", lambda w: "/it/account", SIGNED_IN),
    RouteCase("data export", "GET", lambda w: "/it/account/export", SIGNED_IN),
    RouteCase("delete account form", "GET", lambda w: "/it/account/delete", SIGNED_IN),
    RouteCase("my decisions", "GET", lambda w: "/it/account/decisions", SIGNED_IN),
    RouteCase("notifications", "GET", lambda w: "/it/notifications", SIGNED_IN),
    RouteCase("notification settings", "GET", lambda w: "/it/notifications/settings", SIGNED_IN),
    RouteCase("my proposals", "GET", lambda w: "/it/proposals/mine", SIGNED_IN),
    RouteCase("new proposal form", "GET", lambda w: "/it/proposals/new", PARTICIPANTS),
    RouteCase("new group form", "GET", lambda w: "/it/groups/new", PARTICIPANTS),
    RouteCase("edit a comment form", "GET", lambda w: f"/it/comments/{w.comment.id}/edit", OWNER_ONLY),
    RouteCase("edit a draft form", "GET", lambda w: f"/it/proposals/{w.draft.id}/edit", OWNER_ONLY),
    RouteCase("withdraw form", "GET", lambda w: f"/it/proposals/{w.proposal.id}/withdraw", OWNER_ONLY),
    RouteCase("edit a group form", "GET", lambda w: f"/it/groups/{w.group.slug}/edit", MANAGE_GROUP),
    RouteCase("report form", "GET", lambda w: f"/it/report/comment/{w.staff_comment.id}", PARTICIPANTS),
    RouteCase("reply page of a comment", "GET", lambda w: f"/it/comments/{w.comment.id}/reply", PARTICIPANTS),
    RouteCase("appeal form", "GET", lambda w: f"/it/decisions/{w.decision.id}/appeal", OWNER_ONLY),
    # --- staff ---
    RouteCase("earlier versions of a comment", "GET", lambda w: f"/it/comments/{w.comment.id}/versions",
              STAFF_ONLY),
    RouteCase("proposals to answer", "GET", lambda w: "/it/staff/proposals", STAFF_ONLY),
    RouteCase("moderation queue", "GET", lambda w: "/it/moderation", STAFF_ONLY),
    RouteCase("a case", "GET", lambda w: f"/it/moderation/cases/{w.case.id}", STAFF_ONLY),
    RouteCase("an appeal", "GET", lambda w: f"/it/moderation/appeals/{w.appeal.id}", STAFF_ONLY),
    RouteCase("moderation settings", "GET", lambda w: "/it/moderation/settings", STAFF_ONLY),
    RouteCase("neighbourhoods", "GET", lambda w: "/it/groups/neighbourhoods", STAFF_ONLY),
    RouteCase("groups awaiting verification", "GET", lambda w: "/it/staff/groups", STAFF_ONLY),
    RouteCase("accessibility feedback", "GET", lambda w: "/it/admin/accessibility-feedback", STAFF_ONLY),
    RouteCase("progress update form", "GET", lambda w: f"/it/items/{w.item.slug}/progress/new", STAFF_ONLY),
    RouteCase("progress CSV form", "GET", lambda w: "/it/staff/progress/import", STAFF_ONLY),
    RouteCase("translations", "GET", lambda w: "/it/admin/translations", TRANSLATORS),
    RouteCase("translation editor", "GET", lambda w: f"/it/admin/translations/item/{w.item.id}/en", TRANSLATORS),
    RouteCase("roles", "GET", lambda w: "/it/admin/roles", ADMIN_ONLY),
    RouteCase("audit log", "GET", lambda w: "/it/admin/audit", ADMIN_ONLY),
    RouteCase("audit log as CSV", "GET", lambda w: "/it/admin/audit.csv", ADMIN_ONLY),
    # --- the City's answers ---
    RouteCase("how the City answers", "GET", lambda w: "/it/answers", EVERYONE),
    RouteCase("answers of a department", "GET", lambda w: "/it/departments/mobilita-e-traffico/answers", EVERYONE),
    RouteCase("API: answers", "GET", lambda w: "/api/v1/answers", EVERYONE),
    # --- opinion maps ---
    RouteCase("API: opinion map of an item", "GET", lambda w: f"/api/v1/items/{w.item.id}/opinions", EVERYONE),
    RouteCase("API: opinion map of a proposal", "GET", lambda w: f"/api/v1/proposals/{w.proposal.id}/opinions",
              EVERYONE),
    RouteCase("department staff", "GET", lambda w: "/it/admin/departments", ADMIN_ONLY),
    RouteCase("department inboxes", "GET", lambda w: "/it/inbox",
              expect(FORBIDDEN, anonymous=LOGIN, department=OK, other_department=OK, moderator=OK, administrator=OK)),
    RouteCase("a department's inbox", "GET", lambda w: "/it/departments/mobilita-e-traffico/inbox", ITEM_DEPARTMENT),
    RouteCase("opinion map of a department's item", "GET",
              lambda w: f"/it/departments/mobilita-e-traffico/inbox/opinions/{w.item.slug}", ITEM_DEPARTMENT),
    RouteCase("answer form of a comment", "GET", lambda w: f"/it/comments/{w.comment.id}/city-answer",
              ITEM_DEPARTMENT),
    RouteCase("answer form of a proposal", "GET", lambda w: f"/it/proposals/{w.proposal.id}/city-answer",
              ITEM_DEPARTMENT),
]


def outcome(response, flashes=()):
    redirect = response.status_code in (301, 302, 303)
    if redirect and "/login?next=" in response.headers.get("Location", ""):
        return LOGIN  # what login_required answers (a page sending to sign-in after success has no next)
    if redirect and any(category == "error" for category, _ in flashes):
        return REFUSED
    if response.status_code == 403:
        return FORBIDDEN
    if response.status_code == 400:
        return INVALID
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code < 400:
        return OK
    return f"status {response.status_code}"


def _sign_in(client, login, world, kind):
    with client.session_transaction() as session:
        session.clear()
    if kind != "anonymous":
        login(world.users[kind])
    g.pop("_login_user", None)


# How long one built world is copied for: its comments must still be within their edit window.
WORLD_KEPT_SECONDS = 5 * 60
_built = {}  # in this test process: the database of the last world built, the world's references, when


def _postgres_admin():
    """An AUTOCOMMIT connection of this process to the server's ``postgres`` database, to copy databases."""
    if "admin" not in _built:
        url = make_url(_database_url(Path(".")))
        _built["admin"] = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT").connect()
    return _built["admin"]


def _new_postgres_database(name, template=None):
    """A new PostgreSQL database ``name`` beside this process's test database (a copy of ``template``): its URL."""
    admin = _postgres_admin()
    admin.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.exec_driver_sql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return make_url(_database_url(Path("."))).set(database=name).render_as_string(hide_password=False)


def _built_world(tmp_path_factory):
    """The URL of a database where a world was built at most ``WORLD_KEPT_SECONDS`` ago, and its references."""
    if time.monotonic() - _built.get("at", -WORLD_KEPT_SECONDS) >= WORLD_KEPT_SECONDS:
        folder = tmp_path_factory.mktemp("matrix-world")
        overrides = {}
        if is_postgres():
            overrides["SQLALCHEMY_DATABASE_URI"] = _new_postgres_database(
                make_url(_database_url(folder)).database + "_world")
        built_app = create_app(make_config(folder, **overrides))
        with built_app.app_context():
            if is_postgres():
                db.create_all()
                _ensure_search_schema()
            else:
                empty_database()
            references = World.build(user_factory()).references()
            db.session.remove()
            db.engine.dispose()  # a template database may have no connection open
        _built.update(url=built_app.config["SQLALCHEMY_DATABASE_URI"], references=references, at=time.monotonic())
    return _built["url"], _built["references"]


def _copy_database(source_url, tmp_path):
    """A copy of the database at ``source_url`` for one test: its URL (SQLite: the test's own file)."""
    source = make_url(source_url)
    if source.get_backend_name() == "postgresql":
        return _new_postgres_database(source.database.removesuffix("_world") + "_case", template=source.database)
    target_url = make_config(tmp_path).SQLALCHEMY_DATABASE_URI
    with sqlite3.connect(source.database) as reading, sqlite3.connect(make_url(target_url).database) as writing:
        reading.backup(writing)
    reading.close()
    writing.close()
    return target_url


@pytest.fixture
def built_world(tmp_path, tmp_path_factory):
    """``(URL of this test's copy of a database with the world built, the world's references)``."""
    url, references = _built_world(tmp_path_factory)
    return _copy_database(url, tmp_path), references


@pytest.fixture
def app(tmp_path, built_world):
    """The app of ``tests/conftest.py``, on this test's copy of the world's database."""
    app = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=built_world[0]))
    _fresh_globals_per_request(app)
    with app.app_context():
        yield app
        release_database()


@pytest.fixture
def world(app, built_world):
    return World.load(built_world[1])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_permission_matrix(client, world, login, case, kind):
    _sign_in(client, login, world, kind)
    response = client.open(case.url(world), method=case.method, data=case.data(world))
    with client.session_transaction() as session:
        flashes = session.get("_flashes", [])
    assert outcome(response, flashes) == case.expect[kind], f"{case.name} as {kind}: {response.status_code}"


@pytest.mark.parametrize("case", PAGES, ids=[case.name for case in PAGES])
def test_page_matrix(client, world, login, case):
    found = {}
    for kind in KINDS:
        _sign_in(client, login, world, kind)
        found[kind] = outcome(client.get(case.url(world)))
    assert found == case.expect


def test_every_route_is_in_the_matrix(app, world):
    """Each route of the URL map, with each of its methods, has a row above."""
    adapter = app.url_map.bind("localhost")
    covered = set()
    for case in CASES + PAGES:
        path, _, query = case.url(world).partition("?")
        endpoint, _arguments = adapter.match(path, method=case.method)
        covered.add((endpoint, case.method))
    # The second step of the email links (POST with the token) is checked by their own tests,
    # which need the link's state (an unused token for the right account).
    by_token = {("accounts.verify", "POST"), ("accounts.reset_password", "POST"),
                ("accounts.confirm_email", "POST"), ("accounts.restore_email", "POST"),
                ("notifications.unsubscribe", "POST")}
    routes = {
        (rule.endpoint, method) for rule in app.url_map.iter_rules() for method in rule.methods
        if method not in ("HEAD", "OPTIONS")
    }
    assert routes - by_token - covered == set()
