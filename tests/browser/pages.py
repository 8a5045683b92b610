"""Every page type of the site, in one table: the browser suite checks each of them.

axe-core (WCAG 2.1 A/AA and best practice: zero violations) and the Nu HTML
Checker (zero errors) run on every entry of ``PAGES`` in each of its
``languages``; the layout and keyboard checks (skip link, visible focus,
320 px reflow, 200 % text, reduced motion, links not told by colour alone)
run on them too.

Adding a page type is one line at the end of ``PAGES``::

    PageType("proposals", "/{lang}/proposals"),
    PageType("profile", "/{lang}/profile", login_as="resident"),
    PageType("moderation-queue", "/{lang}/moderation", login_as="moderator"),
    PageType("proposal", proposal_path, seed=seed_proposal),
    PageType("login-errors", "/{lang}/login", interact=submit_first_form),

The fields:

``name``
    Unique, used in test ids (``test_axe[item-ar]``).
``path``
    A string with ``{lang}`` in it, or a callable ``path(lang, seeded)``
    returning the path; ``seeded`` is what this entry's ``seed`` returned.
    The callable runs inside a request context of the live app, so it may
    use ``url_for(..., lang_code=lang)`` and query the database.
``seed``
    Optional ``seed(ctx)`` run once per test session before the server
    starts, inside an app context; ``ctx.db`` is the database, ``ctx.users``
    maps a role ("resident", "translator", "moderator", "administrator") to
    a saved, verified user; ``ctx.app`` is the app. The session is committed
    after it. Use the feature's services to create what the page needs
    (a proposal, a group, a notification) and return what ``path`` needs.
``login_as``
    A role: the browser is signed in as that seeded user before the visit.
``interact``
    Optional ``interact(page)`` run after the page loads, e.g. submitting a
    form empty to show its errors (``submit_first_form``). The checks then
    run on the page the interaction leaves. Anything that navigates must be
    wrapped in ``page.expect_navigation()``.
``status``
    The HTTP status expected for the last document (404 for the not-found page).
``languages``
    Defaults to Italian, English, Arabic and Urdu (right to left, Urdu in a Nastaliq
    face where the system has one) and simplified Chinese.

To check a state no single visit reaches (a reply form opened by
JavaScript, a live region updated), write a test that drives the page and
calls ``tests.browser.checks.assert_accessible(page)``.
"""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

LANGUAGES = ("it", "en", "ar", "ur", "zh")
# What ``<html lang>`` says for each: the script where the code alone does not say it.
LANGUAGE_TAGS = {"zh": "zh-Hans"}
RIGHT_TO_LEFT = ("ar", "ur")


@dataclass(frozen=True)
class PageType:
    name: str
    path: str | Callable[[str, Any], str]
    seed: Callable[[Any], Any] | None = None
    login_as: str | None = None
    interact: Callable[[Any], None] | None = None
    status: int = 200
    languages: tuple[str, ...] = LANGUAGES


# --- seeds and path builders -------------------------------------------------


def seed_discussed_item(ctx):
    """The item whose page carries a long thread: the longest one with a bulleted list.

    The discussion adds its comments and replies to this item here, so the
    item page is checked with a long thread.
    """
    item = _discussed_item(ctx.db.session)
    _seed_long_thread(ctx, item)
    return item.slug


def _discussed_item(session):
    from sqlalchemy import select

    from participation.programme.models import ProgrammeItem

    items = session.scalars(select(ProgrammeItem).order_by(ProgrammeItem.id)).all()

    def length(item):
        blocks = item.macro_actions or []
        has_list = any(block.get("type") != "paragraph" for block in blocks)
        return (has_list, len(blocks))

    return max(items, key=length)


def discussed_item_path(lang, _seeded):
    """The item with the long thread, for page types other than "item" (which seeds it)."""
    from participation.extensions import db

    return item_path(lang, _discussed_item(db.session).slug)


def reply_path(lang, _seeded):
    """The reply page of the first comment of the long thread (where "Reply" leads without JavaScript)."""
    from sqlalchemy import select

    from participation.discussion.models import Comment, Thread
    from participation.extensions import db

    item = _discussed_item(db.session)
    comment_id = db.session.scalar(
        select(Comment.id).join(Thread, Comment.thread_id == Thread.id)
        .where(Thread.programme_item_id == item.id, Comment.parent_id.is_(None), Comment.status == "published",
               Comment.deleted_at.is_(None)).order_by(Comment.id).limit(1))
    return f"/{lang}/comments/{comment_id}/reply"


THREAD_TEXTS = {
    "it": "Propongo più rastrelliere per biciclette vicino alla stazione, coperte e illuminate.",
    "en": "Please add covered and well lit bicycle parking near the station.",
    "ar": "أقترح مواقف دراجات مغطاة ومضاءة قرب محطة القطار.",
}


def _seed_long_thread(ctx, item):
    """About forty comments on ``item``: top-level ones with a position, replies two levels deep, votes."""
    from participation.accounts.models import Role, User
    from participation.core.models import utcnow
    from participation.discussion import services as discussion
    from participation.votes import services as votes

    people = [ctx.users["resident"]]
    for n, language in enumerate(("it", "en", "ar", "it", "en")):
        person = User(
            display_name=f"Thread Voice {n + 1}",
            email=f"voice{n + 1}@example.org",
            role=Role.RESIDENT,
            language=language,
            email_verified_at=utcnow(),
        )
        ctx.db.session.add(person)
        people.append(person)
    ctx.db.session.flush()
    thread = discussion.ensure_item_thread(item.id)
    languages = list(THREAD_TEXTS)
    positions = ("for", "against", "neutral", None)
    roots = []
    for n in range(24):
        language = languages[n % 3]
        comment, _created = discussion.post_comment(
            people[n % len(people)], thread, f"{THREAD_TEXTS[language]} ({n + 1})", language, position=positions[n % 4]
        )
        roots.append(comment)
    for n, root in enumerate(roots[:12]):
        language = languages[(n + 1) % 3]
        reply, _created = discussion.post_comment(
            people[(n + 2) % len(people)], thread, f"{THREAD_TEXTS[language]} [{n + 1}]", language, parent=root
        )
        if n % 3 == 0:
            discussion.post_comment(
                people[(n + 3) % len(people)], thread, f"{THREAD_TEXTS[language]} <{n + 1}>", language, parent=reply
            )
    discussion.post_comment(
        ctx.users["moderator"], thread, "The council will publish the station plan in spring.", "en",
        parent=roots[1], official=True,
    )
    for n, root in enumerate(roots[:10]):
        votes.vote_on_comment(people[(n + 1) % len(people)], root, 1 if n % 4 else -1)
    votes.support_item(people[1], item)


def item_path(lang, slug):
    return f"/{lang}/items/{slug}"


def seed_opinion_map(ctx):
    """An item whose discussion has an opinion map: residents in two groups voting on eight comments.

    The seeded resident is one of them, so the resident's visit shows "your group". Returns the slug.
    """
    from sqlalchemy import select

    from participation.accounts.models import Role, User
    from participation.core.models import utcnow
    from participation.discussion import services as discussion
    from participation.opinions.services import compute_map
    from participation.programme.models import ProgrammeItem
    from participation.votes import services as votes

    long_thread = _discussed_item(ctx.db.session)
    item = ctx.db.session.scalars(select(ProgrammeItem).where(ProgrammeItem.id != long_thread.id)
                                  .order_by(ProgrammeItem.id).limit(1)).one()
    thread = discussion.ensure_item_thread(item.id)
    languages = list(THREAD_TEXTS)
    comments = [discussion.post_comment(ctx.users["translator"], thread, f"{THREAD_TEXTS[languages[n % 3]]} #{n}",
                                        languages[n % 3], position=("for", "against")[n % 2])[0] for n in range(8)]
    people = [ctx.users["resident"]]
    for n in range(11):
        person = User(display_name=f"Map Voice {n + 1}", email=f"map{n + 1}@example.org", role=Role.RESIDENT,
                      language="en", email_verified_at=utcnow())
        ctx.db.session.add(person)
        people.append(person)
    ctx.db.session.flush()
    for n, person in enumerate(people):
        side = 1 if n % 2 else -1
        for c, comment in enumerate(comments):
            votes.vote_on_comment(person, comment, 1 if c == 0 else (side if c % 2 else -side))
    compute_map(thread.id)
    return item.slug


def opinion_map_item_path(lang, _seeded):
    """The item of ``seed_opinion_map``, for a page type other than the one that seeds it."""
    from sqlalchemy import select

    from participation.discussion.models import Thread
    from participation.extensions import db
    from participation.opinions.models import OpinionMap
    from participation.programme.models import ProgrammeItem

    slug = db.session.scalar(select(ProgrammeItem.slug).join(Thread, Thread.programme_item_id == ProgrammeItem.id)
                             .join(OpinionMap, OpinionMap.thread_id == Thread.id).where(OpinionMap.status == "ready"))
    return item_path(lang, slug)


def department_path(lang, _seeded):
    """The department responsible for the most items (the longest department page)."""
    from participation.programme import services

    department, _count = max(services.list_departments(), key=lambda pair: pair[1])
    return f"/{lang}/departments/{department.slug}"


def seed_accessibility_feedback(ctx):
    """Two messages for the staff list: one open, one handled."""
    from participation.site import services

    services.record_accessibility_feedback(
        None, message="The contrast of the footer links is too low for me.", email="", page_url="/en/", language="en"
    )
    handled = services.record_accessibility_feedback(
        None, message="Il modulo non si legge con lo zoom.", email="anna@example.org", page_url="", language="it"
    )
    services.mark_accessibility_feedback_handled(ctx.users["moderator"], handled)


def seed_proposal(ctx):
    """A published proposal by the resident, linked to two items, with a comment: returns its id."""
    from sqlalchemy import select

    from participation.discussion import services as discussion
    from participation.programme.models import ProgrammeItem
    from participation.proposals.services import ProposalInput, create_proposal

    item_ids = ctx.db.session.scalars(select(ProgrammeItem.id).order_by(ProgrammeItem.id).limit(2)).all()
    proposal = create_proposal(
        ctx.users["resident"],
        ProposalInput(
            title="A covered bicycle park at the railway station",
            body="Two hundred places, with lighting and room for cargo bikes.\n\nSee https://example.org/plan for a sketch.",
            item_ids=list(item_ids),
            neighbourhood_id=None,
            group_id=None,
            language="en",
        ),
        publish=True,
    )
    thread = discussion.ensure_proposal_thread(proposal)
    discussion.post_comment(ctx.users["translator"], thread, "Sono d'accordo, serve anche una pensilina.", "it")
    return proposal.id


def proposal_path(lang, proposal_id):
    return f"/{lang}/proposals/{proposal_id}"


def seed_profile(ctx):
    """The resident's public profile (with the contributions the other seeds give it): returns the user id."""
    return ctx.users["resident"].id


def profile_path(lang, user_id):
    return f"/{lang}/users/{user_id}"


def seed_group(ctx):
    """A verified neighbourhood group with two members: returns its slug."""
    from participation.accounts.models import Role, User
    from participation.core.models import utcnow
    from participation.groups import services as groups

    if not groups.list_neighbourhoods():
        groups.seed_neighbourhoods()
    founder = ctx.users["resident"]
    member = User(
        display_name="Group Member", email="member@example.org", role=Role.RESIDENT, language="en",
        email_verified_at=utcnow(),
    )
    ctx.db.session.add(member)
    ctx.db.session.flush()
    group = groups.create_group(
        founder, "Friends of the Po riverside", groups.list_neighbourhoods()[1],
        "We look after the paths along the river and propose new benches and lights.",
        contact_email="riverside@example.org", language="en",
    )
    membership = groups.request_to_join(member, group)
    groups.accept_request(founder, group, membership)
    groups.verify_group(ctx.users["moderator"], group)
    return group.slug


def group_path(lang, slug):
    return f"/{lang}/groups/{slug}"


def seeded_group_path(lang, _seeded):
    """The group of ``seed_group`` (seeded by the "group" entry)."""
    return f"/{lang}/groups/friends-of-the-po-riverside"


def seed_unverified_group(ctx):
    """A group waiting for staff to verify it."""
    from participation.accounts.models import Role, User
    from participation.core.models import utcnow
    from participation.groups import services as groups

    if not groups.list_neighbourhoods():
        groups.seed_neighbourhoods()
    founder = User(display_name="New Group Founder", email="founder@example.org", role=Role.RESIDENT,
                   language="en", email_verified_at=utcnow())
    ctx.db.session.add(founder)
    ctx.db.session.flush()
    groups.create_group(founder, "Gardens of Zaist", groups.list_neighbourhoods()[2],
                        "We want a community garden.", language="en")


def seed_notifications(ctx):
    """Notifications for the resident: replies from the thread, plus a group decision."""
    from participation.notifications import services as notifications

    notifications.notify(ctx.users["resident"], "group_decision", group="Friends of the Po riverside", accepted=True)


def seed_moderation_case(ctx):
    """One open case in the queue: the resident reports another person's profile."""
    from participation.accounts.models import Role, User
    from participation.core.models import utcnow
    from participation.moderation.reports import report_target

    reported = User(
        display_name="Buy Cheap Watches", email="spam@example.org", role=Role.RESIDENT, language="it",
        email_verified_at=utcnow(),
    )
    ctx.db.session.add(reported)
    ctx.db.session.flush()
    report_target(ctx.users["resident"], "profile", reported.id, "spam", note="The name is an advertisement.")


def seed_translated_progress(ctx):
    """An item whose timeline has an update written in Italian, translated by a person into English and
    Arabic and automatically into Chinese, and one written in English, translated into Italian."""
    from sqlalchemy import select

    from participation.programme.models import ProgrammeItem
    from participation.progress.services import publish_progress_update
    from participation.progress.statuses import seed_statuses, status_by_key
    from participation.translations.services import save_translation

    seed_statuses()
    item = ctx.db.session.scalars(select(ProgrammeItem).order_by(ProgrammeItem.id.desc()).limit(1)).one()
    staff = ctx.users["moderator"]
    italian = publish_progress_update(
        staff, item, status=status_by_key("in_progress"), progress=30, notify=False, language="it",
        text="Aggiudicata la gara.\n\nI lavori partono a marzo: https://example.org/bando")
    for language, text in (("en", "Tender awarded.\n\nWork starts in March: https://example.org/bando"),
                           ("ar", "تمت ترسية المناقصة.\n\nتبدأ الأشغال في مارس: https://example.org/bando")):
        save_translation(italian, "text", language, text, by=ctx.users["translator"])
    save_translation(italian, "text", "zh", "招标已完成。\n\n工程三月开始：https://example.org/bando", is_machine=True)
    english = publish_progress_update(staff, item, status=status_by_key("in_progress"), progress=45, notify=False,
                                      language="en", text="The first building site is open.")
    save_translation(english, "text", "it", "Il primo cantiere è aperto.")
    return item.slug


def translation_edit_path(lang, _seeded):
    """The edit screen of the first item's French translation (the original beside it)."""
    from sqlalchemy import select

    from participation.extensions import db
    from participation.programme.models import ProgrammeItem

    item_id = db.session.scalar(select(ProgrammeItem.id).order_by(ProgrammeItem.id).limit(1))
    return f"/{lang}/admin/translations/item/{item_id}/fr"


def seed_programme_progress(ctx):
    """Progress for every item, as ``flask dev seed`` makes it: the item, area and home pages show it too."""
    import random

    from participation.progress.seed import seed_progress

    seed_progress(random.Random(14))


def progress_form_path(lang, _seeded):
    from sqlalchemy import select

    from participation.extensions import db
    from participation.programme.models import ProgrammeItem

    slug = db.session.scalar(select(ProgrammeItem.slug).order_by(ProgrammeItem.id).limit(1))
    return f"/{lang}/items/{slug}/progress/new"


# --- interactions ------------------------------------------------------------


_SEEDED_ANSWERS = {}


def seed_answers(ctx):
    """Two questions to the City on the discussed item, one answered by a department: returns what the paths need.

    Several page types share it: the questions are asked once per live app."""
    if id(ctx.app) in _SEEDED_ANSWERS:
        return _SEEDED_ANSWERS[id(ctx.app)]
    from participation.answers.services import give_answer
    from participation.discussion import services as discussion

    item = _discussed_item(ctx.db.session)
    department = item.departments[0]
    thread = discussion.ensure_item_thread(item.id)
    asked, _ = discussion.post_comment(ctx.users["resident"], thread, "Quando apre il cantiere?", "it",
                                       asks_answer=True)
    waiting, _ = discussion.post_comment(ctx.users["translator"], thread, "Chi decide gli orari?", "it",
                                         asks_answer=True)
    give_answer(ctx.users["moderator"], department.id, "Il cantiere apre a marzo.", "it", comment=asked)
    _SEEDED_ANSWERS[id(ctx.app)] = {"department": department.slug, "comment": waiting.id}
    return _SEEDED_ANSWERS[id(ctx.app)]


def answers_department_path(lang, seeded):
    return f"/{lang}/departments/{seeded['department']}/answers"


def answers_inbox_path(lang, seeded):
    return f"/{lang}/departments/{seeded['department']}/inbox"


def inbox_opinion_map_path(lang, seeded):
    """The map of ``seed_opinion_map``'s item as its first department's inbox shows it."""
    from sqlalchemy import select

    from participation.extensions import db
    from participation.programme.models import ProgrammeItem

    slug = opinion_map_item_path(lang, seeded).rsplit("/", 1)[1]
    item = db.session.scalar(select(ProgrammeItem).where(ProgrammeItem.slug == slug))
    return f"/{lang}/departments/{item.departments[0].slug}/inbox/opinions/{slug}"


def answer_form_path(lang, seeded):
    return f"/{lang}/comments/{seeded['comment']}/city-answer"


def submit_first_form(page):
    """Submit the first form inside <main> as it is (empty): the page shows its errors."""
    with page.expect_navigation():
        page.locator("main form").first.locator("[type=submit]").first.click()


def publish_empty_proposal(page):
    """Publish the new-proposal form with nothing filled in: the page shows its errors."""
    with page.expect_navigation():
        page.locator("main form button[value=publish]").click()


def publish_empty_comment(page):
    """Publish the comment form of the discussion with nothing written: the form comes back with its errors."""
    with page.expect_navigation():
        page.locator("form.comment-form [type=submit]").click()


PAGES = [
    PageType("home", "/{lang}/"),
    PageType("area", "/{lang}/areas/1"),
    PageType("item", item_path, seed=seed_discussed_item),
    PageType("departments", "/{lang}/departments"),
    PageType("department", department_path),
    PageType("about", "/{lang}/about"),
    PageType("terms", "/{lang}/terms"),
    PageType("privacy", "/{lang}/privacy"),
    PageType("accessibility", "/{lang}/accessibility"),
    PageType("accessibility-feedback-errors", "/{lang}/accessibility", interact=submit_first_form),
    PageType("how-to-take-part", "/{lang}/how-to-take-part"),
    PageType(
        "accessibility-feedback-list",
        "/{lang}/admin/accessibility-feedback",
        seed=seed_accessibility_feedback,
        login_as="moderator",
    ),
    PageType("not-found", "/{lang}/no-such-page", status=404),
    PageType("forbidden", "/{lang}/admin/accessibility-feedback", login_as="resident", status=403),
    PageType("priorities", "/{lang}/priorities"),
    PageType("proposals", "/{lang}/proposals"),
    PageType("proposal", proposal_path, seed=seed_proposal),
    PageType("proposal-form-errors", "/{lang}/proposals/new", login_as="resident", interact=publish_empty_proposal,
             status=400),
    PageType("login-errors", "/{lang}/login", interact=submit_first_form, status=400),
    PageType("register-errors", "/{lang}/register", interact=submit_first_form, status=400),
    PageType("profile", profile_path, seed=seed_profile),
    PageType("group", group_path, seed=seed_group),
    PageType("notifications", "/{lang}/notifications", seed=seed_notifications, login_as="resident"),
    PageType("moderation-queue", "/{lang}/moderation", seed=seed_moderation_case, login_as="moderator"),
    PageType("translations-admin", "/{lang}/admin/translations", login_as="translator"),
    PageType("translation-edit", translation_edit_path, login_as="translator"),
    PageType("item-resident", discussed_item_path, login_as="resident"),
    PageType("reply", reply_path, login_as="resident"),
    PageType("group-resident", seeded_group_path, login_as="resident"),
    PageType("groups-awaiting-verification", "/{lang}/staff/groups", seed=seed_unverified_group,
             login_as="moderator"),
    PageType("comment-errors", discussed_item_path, login_as="resident", interact=publish_empty_comment, status=400),
    PageType("progress", "/{lang}/progress", seed=seed_programme_progress),
    PageType("progress-update-form", progress_form_path, login_as="moderator"),
    PageType("progress-import", "/{lang}/staff/progress/import", login_as="moderator"),
    PageType("answers", "/{lang}/answers", seed=seed_answers),
    PageType("department-answers", answers_department_path, seed=seed_answers),
    PageType("department-inbox", answers_inbox_path, seed=seed_answers, login_as="moderator"),
    PageType("department-answer-form", answer_form_path, seed=seed_answers, login_as="moderator"),
    PageType("department-staff", "/{lang}/admin/departments", login_as="administrator"),
    PageType("item-opinion-map", item_path, seed=seed_opinion_map),
    PageType("item-opinion-map-resident", opinion_map_item_path, login_as="resident"),
    PageType("department-opinion-map", inbox_opinion_map_path, login_as="moderator"),
    PageType("item-translated-progress", item_path, seed=seed_translated_progress),
]

CASES = [(page_type, lang) for page_type in PAGES for lang in page_type.languages]
CASE_IDS = [f"{page_type.name}-{lang}" for page_type, lang in CASES]

# Where a check depends only on the markup, the style sheet and the direction, which every language
# shares with one of these: the original and a right-to-left language (the skip link, underlined links).
STRUCTURE_LANGUAGES = ("it", "ar")
# A visible focus also depends on each script's line metrics: Nastaliq's tall lines once made a focus
# ring touch the next control. English is set like Italian, so it is the one language left out.
FOCUS_LANGUAGES = ("it", "ar", "ur", "zh")


def cases_in(languages):
    """The page types in those of ``languages`` each is checked in, as ``parametrize``'s ``argvalues`` and ``ids``."""
    cases = [(page_type, lang) for page_type, lang in CASES if lang in languages]
    return {"argvalues": cases, "ids": [f"{page_type.name}-{lang}" for page_type, lang in cases]}


def by_name(name):
    return next(page_type for page_type in PAGES if page_type.name == name)
