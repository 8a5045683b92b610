"""One journey per kind of user, end to end, through the pages only.

A resident, a neighbourhood group's administrator, moderators with an appeal,
an administrator and a translator each sign in on the login page and then use
only what the pages offer: links, buttons and forms, clicked like a person
would. Only what happened before a journey begins is written to the database
directly: the accounts (with real passwords) and, for the administrator, a
group a resident created earlier. Each important step leaves a screenshot in
``tests/browser/artifacts/journeys/<journey>-<nn>-<step>.png``, and axe checks
a few key pages on the way.
"""
import csv
import io
import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from .browsing import ARTIFACTS, USER_AGENT
from .checks import assert_accessible

SHOTS = ARTIFACTS / "journeys"
PASSWORD = "a long journey passphrase 2026"


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    role: str = "resident"


class Journey:
    """Numbered screenshots of one journey: ``<journey>-<nn>-<step>.png``."""

    def __init__(self, name):
        self.name = name
        self.count = 0
        SHOTS.mkdir(parents=True, exist_ok=True)
        for old in SHOTS.glob(f"{name}-*.png"):
            old.unlink()

    def shot(self, page, step):
        self.count += 1
        page.screenshot(path=SHOTS / f"{self.name}-{self.count:02d}-{step}.png", full_page=True)


def _with_password(live_server, *people):
    """Create (or reset) verified accounts with ``PASSWORD``, as a person who registered earlier has."""
    from participation.accounts.models import Role, User
    from participation.accounts.passwords import hash_password
    from participation.core.models import utcnow
    from participation.extensions import db

    with live_server.app.app_context():
        hashed = hash_password(PASSWORD)
        for person in people:
            user = db.session.query(User).filter_by(email=person.email).one_or_none()
            if user is None:
                user = User(display_name=person.name, email=person.email, language="en", email_verified_at=utcnow())
                db.session.add(user)
            user.role = Role(person.role)
            user.password_hash = hashed
        db.session.commit()
        db.session.remove()
    return people[0] if len(people) == 1 else people


def _staff_member_named(live_server, name):
    """The staff account the pages call ``name``, given a password so that it can sign in."""
    from participation.accounts.models import User
    from participation.extensions import db

    with live_server.app.app_context():
        user = db.session.query(User).filter_by(display_name=name).one()
        person = Person(name=user.display_name, email=user.email, role=user.role.value)
        db.session.remove()
    return _with_password(live_server, person)


@pytest.fixture
def new_page(browser):
    """Factory: a page in a fresh browser profile, one per person taking part."""
    contexts = []

    def open_page():
        context = browser.new_context(user_agent=USER_AGENT, bypass_csp=True, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


# --- moving around like a person -------------------------------------------------------


def go(page, locator):
    """Click a link or a button that loads another page, and wait for it."""
    with page.expect_navigation():
        locator.click()
    page.wait_for_load_state("load")


def sign_in(page, live_server, person, start="/en/"):
    """Open ``start``, follow "Sign in" in the account menu, fill in the login form; back on ``start``."""
    page.goto(live_server.absolute(start))
    go(page, account_menu(page).get_by_role("link", name="Sign in"))
    form = page.locator("main form")
    form.locator("input[name=email]").fill(person.email)
    form.locator("input[name=password]").fill(PASSWORD)
    go(page, form.get_by_role("button", name="Sign in"))
    expect(account_menu(page).get_by_role("link", name=person.name)).to_be_visible()
    assert page.url.split("#")[0] == live_server.absolute(start), page.url


def account_menu(page):
    return page.get_by_role("navigation", name="Your account")


def main_menu(page):
    return page.get_by_role("navigation", name="Main menu")


def notifications_link(page):
    return main_menu(page).get_by_role("link", name=re.compile(r"^Notifications"))


def open_notification(page, sentence):
    """Go to the notifications through the menu and open the unread one that says ``sentence``."""
    go(page, notifications_link(page))
    go(page, page.locator("main .notification-unread").get_by_role("button", name=sentence).first)


def open_item(page, area, code):
    """From the home page: the area's card, then the item's card."""
    go(page, page.locator("header a.brand"))  # the home page
    def card_link(cards, number):
        code_is = page.locator(".item-code", has_text=re.compile(rf"^{re.escape(number)}$"))
        return page.locator(f"{cards} .card-title a", has=code_is)

    go(page, card_link("#areas", f"{area}."))
    go(page, card_link(".item-card", code))
    expect(page.locator(".breadcrumb [aria-current=page]")).to_have_text(code)


def comment_by(page, text):
    """The comment whose own body says ``text`` (not one of its replies)."""
    return page.locator("article.comment", has=page.locator(":scope > .comment-body", has_text=text))


def write_comment(page, text, position=None):
    form = page.locator("form.comment-form")
    form.locator("textarea[name=body]").fill(text)
    if position:
        form.get_by_role("radio", name=position, exact=True).check()
    go(page, form.get_by_role("button", name="Publish comment"))
    expect(comment_by(page, text)).to_have_count(1)


def reply_to(page, comment, text):
    comment.locator("a[data-reply]").first.click()
    form = comment.locator("#reply-form")
    form.locator("textarea[name=body]").fill(text)
    go(page, form.get_by_role("button", name="Send reply"))
    expect(comment_by(page, text)).to_have_count(1)


def press_vote(button, now_says):
    """A vote button: the page updates it in place; wait until its name says ``now_says``."""
    button.click()
    expect(button).to_contain_text(now_says)
    expect(button).not_to_have_attribute("aria-disabled", re.compile(".*"))


def publish_proposal(page, title, body, item_label=None, on_behalf_of=None):
    form = page.locator("main form").last
    form.locator("input[name=title]").fill(title)
    form.locator("textarea[name=body]").fill(body)
    if item_label:
        form.get_by_role("checkbox", name=item_label).check()
    if on_behalf_of:
        form.locator("select[name=group_id]").select_option(label=on_behalf_of)
    go(page, form.get_by_role("button", name="Publish"))
    expect(page.get_by_text("Your proposal is published.")).to_be_visible()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()


# --- 1. resident ------------------------------------------------------------------------


def test_resident_journey(live_server, new_page):
    resident, neighbour = _with_password(
        live_server,
        Person("Journey Resident", "journey.resident@example.org"),
        Person("Journey Neighbour", "journey.neighbour@example.org"),
    )
    journey = Journey("resident")
    item = "6.2"
    # A neighbour has already said something about the item.
    other = new_page()
    sign_in(other, live_server, neighbour)
    open_item(other, 6, item)
    neighbours_comment = "Biciplan: the ring road needs a protected cycle lane first."
    write_comment(other, neighbours_comment, position="Neutral")

    page = new_page()
    sign_in(page, live_server, resident)
    journey.shot(page, "signed-in")
    open_item(page, 6, item)
    item_url = page.url.split("#")[0]
    journey.shot(page, "item")

    # Follow the discussion, then comment with a position.
    follow = page.locator("#discussion").get_by_role("button", name="Follow this discussion")
    go(page, follow)
    expect(page.locator("#discussion").get_by_role("button", name="Following this discussion: stop")).to_be_visible()
    mine = "Journey comment: more cycle lanes towards the schools, please."
    write_comment(page, mine, position="In favour")
    expect(comment_by(page, mine).locator(".position")).to_have_text("In favour")
    journey.shot(page, "commented")

    # Reply to the neighbour and vote the neighbour's comment useful.
    reply = "Journey reply: agreed, and the lane should be lit at night."
    reply_to(page, comment_by(page, neighbours_comment), reply)
    expect(comment_by(page, neighbours_comment).locator(".replies").get_by_text(reply)).to_be_visible()
    useful = comment_by(page, neighbours_comment).locator(":scope > .comment-actions .comment-votes").get_by_role(
        "button", name=re.compile(r"^Useful")
    )
    press_vote(useful, "you voted useful")
    journey.shot(page, "replied-and-voted")

    # Support the item.
    support = page.locator("#support").get_by_role("button", name=re.compile("matters to me"))
    press_vote(support, "you support it")
    assert_accessible(page, when="on the item page after commenting, replying, voting and supporting")

    # Submit a proposal about the item, from the item page.
    go(page, page.get_by_role("link", name="Make a proposal about this item"))
    title = "Lit cycle lanes to every secondary school"
    publish_proposal(page, title, "A protected, lit cycle lane from each neighbourhood to its secondary school.")
    journey.shot(page, "proposal-published")
    page.goto(item_url)
    expect(page.locator(".item-proposals").get_by_role("link", name=title)).to_be_visible()

    # The neighbour answers the resident's comment (in the neighbour's own browser).
    other.reload()
    answer = "Journey answer: the schools asked for the same thing last year."
    reply_to(other, comment_by(other, mine), answer)

    # The resident sees the notification in the header and opens it: it becomes read.
    page.reload()
    expect(notifications_link(page)).to_have_text("Notifications (1 unread)")
    go(page, notifications_link(page))
    journey.shot(page, "notification-unread")
    assert_accessible(page, when="with an unread notification")
    go(page, page.locator("main .notification-unread").get_by_role(
        "button", name=re.compile(r"Journey Neighbour replied to your comment")))
    expect(page.get_by_text(answer)).to_be_visible()
    assert "#comment-" in page.url, page.url
    expect(notifications_link(page)).to_have_text("Notifications")
    journey.shot(page, "notification-opened")
    go(page, notifications_link(page))
    expect(page.locator("main .notification-unread")).to_have_count(0)
    expect(page.locator("main .notifications").get_by_role("link", name=re.compile("Journey Neighbour replied"))).to_be_visible()


# --- 2. group administrator ----------------------------------------------------------------


def test_group_admin_journey(live_server, new_page):
    founder, joiner, staff = _with_password(
        live_server,
        Person("Journey Group Founder", "journey.founder@example.org"),
        Person("Journey Joiner", "journey.joiner@example.org"),
        Person("Journey Staff", "journey.staff@example.org", role="moderator"),
    )
    journey = Journey("group-admin")
    group_name = "Journey Cyclists of Cremona"

    # The founder creates the group.
    page = new_page()
    sign_in(page, live_server, founder)
    go(page, main_menu(page).get_by_role("link", name="Groups"))
    go(page, page.get_by_role("link", name="Create a group"))
    form = page.locator("main form")
    form.locator("input[name=name]").fill(group_name)
    form.locator("select[name=neighbourhood]").select_option(index=2)
    form.locator("textarea[name=description]").fill("Residents who cycle to work and school and want safer streets.")
    form.locator("input[name=contact_email]").fill("cyclists@example.org")
    journey.shot(page, "create-form")
    go(page, form.get_by_role("button", name="Create the group"))
    expect(page.get_by_role("heading", name=group_name, level=1)).to_be_visible()
    expect(page.get_by_text("Not verified yet")).to_be_visible()
    group_url = page.url.split("#")[0]
    journey.shot(page, "created")

    # A staff member verifies it from the list of groups awaiting verification.
    staff_page = new_page()
    sign_in(staff_page, live_server, staff)
    go(staff_page, main_menu(staff_page).get_by_role("link", name="Groups"))
    go(staff_page, staff_page.get_by_role("link", name="Groups awaiting verification"))
    row = staff_page.locator("main tbody tr", has_text=group_name)
    expect(row).to_have_count(1)
    assert_accessible(staff_page, when="on the list of groups awaiting verification")
    journey.shot(staff_page, "awaiting-verification")
    go(staff_page, row.get_by_role("button", name=re.compile("Verify the group")))
    expect(staff_page.locator("main tbody tr", has_text=group_name)).to_have_count(0)

    # A second resident asks to join.
    joiner_page = new_page()
    sign_in(joiner_page, live_server, joiner)
    go(joiner_page, main_menu(joiner_page).get_by_role("link", name="Groups"))
    go(joiner_page, joiner_page.get_by_role("link", name=group_name))
    go(joiner_page, joiner_page.get_by_role("button", name="Ask to join"))
    expect(joiner_page.get_by_text("Your request to join is waiting for an answer.")).to_be_visible()

    # The founder hears of the verification and of the request, and accepts it.
    page.reload()
    expect(notifications_link(page)).to_have_text("Notifications (2 unread)")
    go(page, notifications_link(page))
    notices = page.locator("main .notifications")
    expect(notices.get_by_role("button", name=re.compile(f"verified {group_name}"))).to_be_visible()
    journey.shot(page, "notifications")
    go(page, notices.get_by_role("button", name=re.compile(f"Journey Joiner asked to join {group_name}")))
    assert page.url.startswith(group_url) and page.url.endswith("#requests-title"), page.url
    requests = page.locator("section", has=page.get_by_role("heading", name="Requests to join"))
    journey.shot(page, "request-to-join")
    go(page, requests.locator("li", has_text="Journey Joiner").get_by_role("button", name="Accept"))
    members = page.locator("section", has=page.get_by_role("heading", name=re.compile(r"^2 members")))
    expect(members.get_by_text("Journey Joiner")).to_be_visible()
    joiner_page.reload()
    expect(notifications_link(joiner_page)).to_have_text("Notifications (1 unread)")

    # The founder publishes a proposal on behalf of the group; the group's page lists it.
    go(page, main_menu(page).get_by_role("link", name="Proposals"))
    go(page, page.get_by_role("link", name="Make a proposal"))
    title = "Bicycle boxes at the traffic lights of Via Dante"
    publish_proposal(page, title, "Advanced stop lines for bicycles at every light of Via Dante.",
                     item_label="Biciplan", on_behalf_of=group_name)
    expect(page.get_by_text(group_name).first).to_be_visible()
    journey.shot(page, "proposal-for-the-group")
    page.goto(group_url)
    published = page.locator("section", has=page.get_by_role("heading", name="Published by the group"))
    expect(published.get_by_role("link", name=title)).to_be_visible()
    assert_accessible(page, when="on the group page seen by its administrator")
    journey.shot(page, "group-page")


# --- 3. moderators and an appeal ---------------------------------------------------------------


def test_moderators_and_an_appeal_journey(live_server, new_page):
    author, decider, *reporters = _with_password(
        live_server,
        Person("Journey Moderator A", "journey.moderator.a@example.org", role="moderator"),
        Person("Journey Moderator B", "journey.moderator.b@example.org", role="moderator"),
        Person("Journey Reporter 1", "journey.reporter1@example.org"),
        Person("Journey Reporter 2", "journey.reporter2@example.org"),
        Person("Journey Reporter 3", "journey.reporter3@example.org"),
    )
    journey = Journey("moderators")
    item = "4.3"

    # Moderator A writes a comment, as anyone may.
    a_page = new_page()
    sign_in(a_page, live_server, author)
    open_item(a_page, 4, item)
    item_url = a_page.url.split("#")[0]
    text = "Journey comment by a moderator: the centre needs fewer cars and more benches."
    write_comment(a_page, text)
    start = item_url.removeprefix(live_server.url)

    # Three residents report it; the third report hides it until a moderator decides.
    for n, reporter in enumerate(reporters, start=1):
        page = new_page()
        sign_in(page, live_server, reporter, start=start)
        go(page, comment_by(page, text).get_by_role("link", name="Report"))
        page.get_by_role("radio", name="Off-topic").check()
        if n == 1:
            journey.shot(page, "report-form")
        go(page, page.get_by_role("button", name="Send the report"))
        page.context.close()
    page = new_page()
    page.goto(item_url)
    expect(page.get_by_text(text)).to_have_count(0)
    notice = page.locator("#discussion article.comment .hidden-notice")
    expect(notice).to_have_count(1)
    expect(notice).not_to_contain_text("Off-topic")  # before a decision, a reporter's reason is only a claim
    journey.shot(page, "hidden-after-three-reports")

    # A is told, like every moderator, but the case page says A cannot decide it.
    a_page.reload()
    open_notification(a_page, re.compile("hidden automatically"))
    expect(a_page.get_by_role("heading", name=re.compile(r"^Case \d+"), level=1)).to_be_visible()
    case_url = a_page.url
    decide = a_page.locator("section", has=a_page.get_by_role("heading", name="Decide"))
    expect(decide.get_by_text("This case is about your own contribution: another moderator decides it.")).to_be_visible()
    expect(decide.get_by_role("button")).to_have_count(0)
    journey.shot(a_page, "own-case")

    # Moderator B decides: the comment stays hidden.
    b_page = new_page()
    sign_in(b_page, live_server, decider)
    open_notification(b_page, re.compile("hidden automatically"))
    assert b_page.url == case_url, b_page.url
    assert_accessible(b_page, when="on a case page with its decision form")
    form = b_page.locator("form.decision-form")
    form.get_by_role("radio", name="Content hidden").check()
    form.locator("select[name=reason]").select_option(label="Off-topic")
    form.locator("textarea[name=note]").fill("The comment is about cars in general, not about this item.")
    journey.shot(b_page, "decision")
    go(b_page, form.get_by_role("button", name="Record the decision"))

    # A reads the decision and appeals it.
    a_page.reload()
    open_notification(a_page, re.compile("Moderation decision: Content hidden"))
    expect(a_page.get_by_role("heading", name="Appeal a decision")).to_be_visible()
    expect(a_page.get_by_text("The comment is about cars in general, not about this item.")).to_be_visible()
    a_page.locator("main form textarea[name=text]").fill("The comment is about the city centre, which this item is about.")
    journey.shot(a_page, "appeal-form")
    go(a_page, a_page.get_by_role("button", name="Send the appeal"))

    # The appeal is assigned to a third moderator, neither A nor B; A's view of it says so.
    go(a_page, main_menu(a_page).get_by_role("link", name="Moderation"))
    appeals = a_page.locator("section", has=a_page.get_by_role("heading", name="Appeals"))
    entry = appeals.locator("li").last
    assigned = re.search(r"assigned to (.+)$", entry.inner_text().strip())
    assert assigned, entry.inner_text()
    reviewer_name = assigned.group(1)
    assert reviewer_name not in (author.name, decider.name)
    go(a_page, entry.get_by_role("link"))
    expect(a_page.get_by_text(f"This appeal is assigned to {reviewer_name}, who gives the final answer.")).to_be_visible()
    expect(a_page.get_by_role("button", name="Give the final answer")).to_have_count(0)
    journey.shot(a_page, "appeal-assigned")

    # The third moderator, C, reverses the decision.
    reviewer = _staff_member_named(live_server, reviewer_name)
    c_page = new_page()
    sign_in(c_page, live_server, reviewer)
    open_notification(c_page, "An appeal waits for your review.")
    assert_accessible(c_page, when="on an appeal with its answer form")
    c_page.get_by_role("radio", name="Reverse the decision").check()
    c_page.locator("main form textarea[name=note]").fill("The city centre is this item's subject: the comment stays.")
    journey.shot(c_page, "appeal-answer")
    go(c_page, c_page.get_by_role("button", name="Give the final answer"))
    expect(c_page.get_by_text("The appeal is decided.")).to_be_visible()

    # A sees the result, and the comment is back.
    a_page.reload()
    open_notification(a_page, re.compile("Your appeal was reviewed by another moderator"))
    expect(a_page.get_by_text(re.compile(r"Decision reversed: The city centre is this item's subject"))).to_be_visible()
    journey.shot(a_page, "appeal-result")
    a_page.goto(item_url)
    expect(comment_by(a_page, text)).to_have_count(1)


# --- 4. administrator ----------------------------------------------------------------------


def test_administrator_journey(live_server, new_page):
    from participation.accounts.models import User
    from participation.extensions import db
    from participation.groups import services as groups

    admin, future = _with_password(
        live_server,
        Person("Journey Administrator", "journey.admin@example.org", role="administrator"),
        Person("Journey Future Translator", "journey.future.translator@example.org"),
    )
    group_name = "Journey Allotment Gardeners"
    with live_server.app.app_context():  # a resident created this group earlier; it waits for staff
        if not groups.list_neighbourhoods():
            groups.seed_neighbourhoods()
        if groups.find_group_by_name(group_name) is None:
            founder = db.session.query(User).filter_by(email=future.email).one()
            groups.create_group(founder, group_name, groups.list_neighbourhoods()[3],
                                "We grow vegetables together and want a plot by the river.", language="en")
            db.session.commit()
        db.session.remove()
    journey = Journey("administrator")

    page = new_page()
    sign_in(page, live_server, admin)

    # Give a resident the translator's role.
    go(page, account_menu(page).get_by_role("link", name="Roles"))
    page.locator("main").get_by_role("search").locator("input[name=q]").fill(future.name)
    go(page, page.locator("main").get_by_role("search").get_by_role("button", name="Search"))
    found = page.locator("main table").last.locator("tr", has_text=future.email)
    found.get_by_label(f"Role of {future.name}").select_option(label="Translator")
    journey.shot(page, "role-chosen")
    go(page, found.get_by_role("button", name="Save"))
    staff_row = page.locator("main table").first.locator("tr", has_text=future.email)
    expect(staff_row.get_by_role("cell", name="Translator", exact=True)).to_be_visible()
    assert_accessible(page, when="on the roles page")
    journey.shot(page, "role-changed")

    # Read the audit log: names of actions and people, not codes.
    go(page, main_menu(page).get_by_role("link", name="Moderation"))
    go(page, page.get_by_role("link", name="Audit log"))
    page.locator("main form select[name=action]").select_option(label="Role changed")
    go(page, page.get_by_role("button", name="Filter"))
    row = page.locator("main tbody tr", has_text=future.name).first
    expect(row.get_by_role("cell", name="Role changed", exact=True)).to_be_visible()
    expect(row.get_by_role("link", name=admin.name)).to_be_visible()
    expect(row.get_by_role("link", name=future.name)).to_be_visible()
    body = page.locator("main tbody").inner_text()
    assert "role_change" not in body and not re.search(r"\bprofile \d+", body), body
    assert_accessible(page, when="on the audit log")
    journey.shot(page, "audit-log")

    # The CSV of the same entries downloads.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    assert download.value.suggested_filename == "audit-log.csv"
    with open(download.value.path(), encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(io.StringIO(file.read())))
    assert any(r["action_label"] == "Role changed" and r["target_id"] and future.name not in r["actor"]
               for r in rows), rows

    # Verify a group from the list of groups awaiting verification.
    go(page, main_menu(page).get_by_role("link", name="Groups"))
    go(page, page.get_by_role("link", name="Groups awaiting verification"))
    waiting = page.locator("main tbody tr", has_text=group_name)
    journey.shot(page, "groups-awaiting-verification")
    go(page, waiting.get_by_role("button", name=re.compile("Verify the group")))
    expect(page.locator("main tbody tr", has_text=group_name)).to_have_count(0)
    journey.shot(page, "group-verified")
    go(page, main_menu(page).get_by_role("link", name="Groups"))
    card = page.locator(".group-list .card", has_text=group_name)
    expect(card.get_by_text("Verified")).to_be_visible()


# --- 5. translator --------------------------------------------------------------------------


def test_translator_journey(live_server, new_page):
    translator = _with_password(live_server, Person("Journey Translator", "journey.translator@example.org",
                                                    role="translator"))
    journey = Journey("translator")
    page = new_page()
    sign_in(page, live_server, translator)

    # The status page, narrowed to the items still missing in English.
    go(page, main_menu(page).get_by_role("link", name="Translations"))
    filters = page.locator("main form.filter-form")
    filters.locator("select[name=language]").select_option(label="English")
    filters.locator("select[name=type]").select_option(label="Programme items")
    go(page, filters.get_by_role("button", name="Filter"))
    assert_accessible(page, when="on the translators' status page")
    journey.shot(page, "status")
    row = page.locator("main tbody tr", has_text="Rilancio Istituzioni culturali")
    go(page, row.get_by_role("link", name=re.compile("English")))

    # Translate the title into English and save.
    title = "Relaunch of the cultural institutions"
    page.get_by_label("Title in English").fill(title)
    journey.shot(page, "translating")
    go(page, page.get_by_role("button", name="Save translation"))
    expect(page.get_by_label("Title in English")).to_have_value(title)
    assert_accessible(page, when="on the translation form after saving")
    journey.shot(page, "saved")

    # The item page in English shows the translation.
    go(page, page.get_by_role("link", name="See the page in English"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(title)
    assert heading.get_attribute("lang") in (None, "en")
    expect(page.locator(".programme-item header .content-note")).to_have_count(0)
    journey.shot(page, "item-in-english")
