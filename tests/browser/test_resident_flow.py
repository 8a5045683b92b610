"""A resident takes part with the keyboard alone: log in, comment, reply, vote, propose.

Elements are found by role, name or field name, as a screen reader user finds
them, and reached with Tab; keys only (Tab, Enter, Space and typing), never a click.
"""
import re

import pytest

from .checks import assert_accessible
from .pages import discussed_item_path

PASSWORD = "a long keyboard passphrase 2026"
EMAIL = "keyboard.resident@example.org"
PROPOSAL_TITLE = "Covered bicycle parking at the station"
PROPOSAL_BODY = (
    "Build covered bicycle parking for two hundred bicycles beside the railway station, "
    "with lighting and space for cargo bikes."
)


def is_focused(locator):
    return locator.evaluate("el => el === document.activeElement")


def tab_to(page, locator, limit=600):
    """Press Tab until ``locator`` has the focus; fail if the keyboard never gets there."""
    target = locator.first
    target.wait_for(state="visible")
    for _ in range(limit):
        if is_focused(target):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"never reached with Tab: {locator}")


def _resident_with_password(live_server):
    """A verified resident who signs in with a real (argon2) password."""
    from participation.accounts.models import Role, User
    from participation.accounts.passwords import hash_password
    from participation.core.models import utcnow
    from participation.extensions import db

    with live_server.app.app_context():
        user = db.session.query(User).filter_by(email=EMAIL).one_or_none()
        if user is None:
            user = User(display_name="Keyboard Resident", email=EMAIL, role=Role.RESIDENT, language="en",
                        email_verified_at=utcnow())
            db.session.add(user)
        user.password_hash = hash_password(PASSWORD)
        db.session.commit()
        db.session.remove()


def _press_and_wait_for_page(page, key="Enter"):
    with page.expect_navigation():
        page.keyboard.press(key)
    page.wait_for_load_state("load")


def _vote_with_keyboard(page, button, name_before):
    """Press Enter on a vote button; its accessible name must change and the focus stay on it."""
    tab_to(page, button)
    page.keyboard.press("Enter")
    page.wait_for_function(
        "([el, before]) => el.innerText.trim() !== before && !el.hasAttribute('aria-disabled')", arg=[button.element_handle(), name_before]
    )
    assert is_focused(button), "the focus left the vote button"


def test_resident_takes_part_with_the_keyboard_alone(page, live_server):
    _resident_with_password(live_server)

    # Log in.
    page.goto(live_server.absolute("/en/login"))
    tab_to(page, page.locator("main input[name=email]"))
    page.keyboard.type(EMAIL)
    tab_to(page, page.locator("main input[name=password]"))
    page.keyboard.type(PASSWORD)
    _press_and_wait_for_page(page)
    assert "/login" not in page.url, "logging in with the keyboard failed"
    assert page.get_by_text("Keyboard Resident").count() >= 1, "the page does not show the resident signed in"

    # Comment on the item with the long thread.
    with live_server.app.test_request_context("/"):
        item_url = live_server.absolute(discussed_item_path("en", None))
    page.goto(item_url)
    comment = "Keyboard comment: more bicycle parking near the station, please."
    form = page.locator("form.comment-form")
    tab_to(page, form.locator("textarea[name=body]"))
    page.keyboard.type(comment)
    # A radio group is one Tab stop (its checked option); the arrow keys choose within it.
    in_favour = form.get_by_role("radio", name="In favour")
    tab_to(page, form.locator("input[name=position]:checked"))
    for _ in range(5):
        if in_favour.is_checked():
            break
        page.keyboard.press("ArrowDown")
    assert in_favour.is_checked() and is_focused(in_favour)
    tab_to(page, form.get_by_role("button", name="Publish comment"))
    _press_and_wait_for_page(page)
    mine = page.locator("article.comment", has=page.get_by_text(comment, exact=True))
    assert mine.count() == 1, "the comment does not appear"

    # Reply to it: the "Reply" link, pressed with Enter, moves the page's one reply form under the
    # comment, names the author in its label and puts the focus in it.
    reply_link = mine.locator("a[data-reply]").first
    tab_to(page, reply_link)
    page.keyboard.press("Enter")
    reply_box = mine.locator("#reply-form textarea[name=body]")
    reply_box.wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "reply-body", "the focus is not in the reply form"
    assert reply_link.get_attribute("aria-expanded") == "true"
    assert mine.get_by_label(re.compile(r"Your reply to ")).count() == 1
    assert page.locator("form.reply-form").count() == 1, "one reply form per page"
    assert_accessible(page, when="after opening the reply form")
    reply_text = "Keyboard reply: and covered, so bicycles stay dry."
    page.keyboard.type(reply_text)
    tab_to(page, mine.locator("#reply-form").get_by_role("button", name="Send reply"))
    _press_and_wait_for_page(page)
    assert page.get_by_text(reply_text, exact=True).count() == 1, "the reply does not appear"
    assert mine.locator(".replies").get_by_text(reply_text, exact=True).count() == 1, "the reply is not under the comment"

    # Support the item: a real button whose accessible name tells its state.
    support = page.locator("#support").get_by_role("button", name=re.compile(r"matters to me", re.I))
    before = support.inner_text().strip()
    assert "you support it" not in before
    _vote_with_keyboard(page, support, before)
    assert "you support it" in support.inner_text()
    # The change is announced politely in the live region of the discussion.
    page.wait_for_function("() => document.querySelector('[aria-live=polite][data-vote-status]').textContent.trim() !== ''")

    # Vote a seeded comment useful.
    useful = page.locator(".comments article.comment").first.locator(".comment-votes").first.get_by_role(
        "button", name=re.compile(r"^Useful", re.I)
    )
    before = useful.inner_text().strip()
    _vote_with_keyboard(page, useful, before)
    assert "you voted useful" in useful.inner_text()

    # Submit a proposal: first empty, to meet the error summary, then filled in.
    page.goto(live_server.absolute("/en/proposals/new"))
    form = page.locator("main form").last
    tab_to(page, form.get_by_role("button", name="Publish"))
    _press_and_wait_for_page(page)
    summary = page.locator("[data-error-summary]")
    assert summary.count() == 1, "a failed submission shows no error summary"
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')"), "the error summary has no focus"
    assert page.title().startswith("Error:")
    assert_accessible(page, when="after a failed submission")

    page.keyboard.press("Tab")  # the first link of the summary leads to its field, in the same page
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == "title"
    assert page.evaluate("document.activeElement.getAttribute('aria-invalid')") == "true"
    page.keyboard.type(PROPOSAL_TITLE)
    form = page.locator("main form").last
    tab_to(page, form.locator("textarea[name=body]"))
    page.keyboard.type(PROPOSAL_BODY)
    first_item = form.locator("input[name=items]").first
    tab_to(page, first_item)
    page.keyboard.press("Space")
    assert first_item.is_checked()
    tab_to(page, form.get_by_role("button", name="Publish"))
    _press_and_wait_for_page(page)
    assert not page.title().startswith("Error:"), "the filled-in proposal was refused"
    assert re.search(r"/en/proposals/\d+$", page.url.split("#")[0]), page.url
    assert page.get_by_role("heading", name=PROPOSAL_TITLE).count() == 1
    assert page.get_by_text("Your proposal is published.").count() == 1
