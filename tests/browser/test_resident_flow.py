"""A resident takes part with the keyboard alone: log in, comment, reply, support, propose.

Runs once accounts, the discussion and proposals are part of the application;
until then it is skipped. Elements are found by role and accessible name, as
a screen reader user finds them, and reached with Tab, never clicked.
"""
import re

import pytest

from .checks import assert_accessible
from .pages import by_name

PASSWORD = "a long keyboard passphrase 2026"
EMAIL = "keyboard.resident@example.org"


def tab_to(page, locator, limit=300):
    """Press Tab until ``locator`` has the focus; fail if the keyboard never gets there."""
    target = locator.first
    target.wait_for(state="visible")
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"never reached with Tab: {locator}")


def _resident_with_password(live_server):
    """A verified resident who signs in with a password, created through the accounts feature."""
    from participation.accounts.models import Role, User
    from participation.core.models import utcnow
    from participation.extensions import db

    with live_server.app.app_context():
        user = db.session.query(User).filter_by(email=EMAIL).one_or_none()
        if user is None:
            user = User(display_name="Keyboard Resident", email=EMAIL, role=Role.RESIDENT, email_verified_at=utcnow())
            db.session.add(user)
        if hasattr(user, "set_password"):
            user.set_password(PASSWORD)
        else:
            from argon2 import PasswordHasher

            user.password_hash = PasswordHasher().hash(PASSWORD)
        db.session.commit()


def _submit_with_keyboard(page, form):
    tab_to(page, form.locator("[type=submit]"))
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_resident_takes_part_with_the_keyboard_alone(page, live_server):
    pytest.importorskip("participation.accounts.views")
    pytest.importorskip("participation.discussion")
    pytest.importorskip("participation.proposals")
    _resident_with_password(live_server)

    # Log in.
    page.goto(live_server.absolute("/en/login"))
    tab_to(page, page.locator("input[name=email]"))
    page.keyboard.type(EMAIL)
    tab_to(page, page.locator("input[name=password]"))
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/login" not in page.url, "logging in with the keyboard failed"

    # Comment on the item with the long thread.
    item = by_name("item")
    page.goto(live_server.absolute(item.path("en", live_server.seeded["item"])))
    comment = "Keyboard comment: more bicycle parking near the station, please."
    body = page.locator("textarea[name=body]").first
    tab_to(page, body)
    page.keyboard.type(comment)
    _submit_with_keyboard(page, page.locator("form", has=page.locator("textarea[name=body]")).first)
    assert page.get_by_text(comment).count() == 1, "the comment does not appear"

    # Reply to it: the reply control is a button (or a link) named "Reply".
    article = page.locator("article", has=page.get_by_text(comment)).last
    reply = article.get_by_role("button", name=re.compile(r"reply", re.I)).or_(
        article.get_by_role("link", name=re.compile(r"reply", re.I))
    )
    tab_to(page, reply)
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    assert_accessible(page, when="after opening the reply form")
    reply_text = "Keyboard reply: and covered, so bicycles stay dry."
    reply_box = page.locator("textarea[name=body]:visible").last
    if not reply_box.evaluate("el => el === document.activeElement"):
        tab_to(page, reply_box)
    page.keyboard.type(reply_text)
    _submit_with_keyboard(page, page.locator("form", has=reply_box))
    assert page.get_by_text(reply_text).count() == 1, "the reply does not appear"

    # Support the item: a real button whose accessible name changes with its state.
    support = page.get_by_role("button", name=re.compile(r"support", re.I)).first
    before = support.evaluate("el => [el.getAttribute('aria-pressed'), el.innerText.trim()]")
    tab_to(page, support)
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    support = page.get_by_role("button", name=re.compile(r"support", re.I)).first
    after = support.evaluate("el => [el.getAttribute('aria-pressed'), el.innerText.trim()]")
    assert after != before, "supporting with the keyboard changed nothing a person can perceive"

    # Submit a proposal: first empty, to meet the error summary, then filled in.
    page.goto(live_server.absolute("/en/proposals/new"))
    form = page.locator("main form").last
    _submit_with_keyboard(page, form)
    summary = page.get_by_role("alert")
    assert summary.count() >= 1, "a failed submission shows no error summary"
    assert page.evaluate("document.activeElement.getAttribute('role')") == "alert", "the error summary has no focus"
    assert page.title().startswith("Error:")
    assert_accessible(page, when="after a failed submission")

    page.keyboard.press("Tab")  # the first link of the summary: it leads to its field, in the same page
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('aria-invalid')") == "true"
    for field in page.locator("main [aria-invalid=true]").all():
        tab_to(page, field)
        text = "Covered bicycle parking at the station" if field.evaluate("el => el.tagName") == "INPUT" else (
            "Build covered bicycle parking for two hundred bicycles beside the railway station, "
            "with lighting and space for cargo bikes."
        )
        page.keyboard.type(text)
    _submit_with_keyboard(page, page.locator("main form").last)
    assert not page.title().startswith("Error:"), "the filled-in proposal was refused"
    assert page.get_by_text("Covered bicycle parking at the station").count() >= 1

