"""States no single visit reaches: the page's reply form opened with the keyboard; replying and voting
without JavaScript."""
import pytest

from .browsing import USER_AGENT, open_page, sign_in
from .checks import assert_accessible
from .pages import by_name


@pytest.mark.parametrize("lang", ["it", "en", "ar"])
def test_open_reply_form_is_accessible(page, live_server, lang):
    open_page(page, live_server, by_name("item-resident"), lang)
    assert page.locator("form.reply-form").count() == 1, "one reply form per page"
    link = page.locator("a[data-reply]").first
    link.focus()
    page.keyboard.press("Enter")
    form = page.locator("#reply-form")
    assert form.is_visible(), "Enter on the reply link does not open the reply form"
    assert page.evaluate("document.activeElement.id") == "reply-body"
    comment_id = link.get_attribute("data-reply")
    assert form.locator('input[name="parent_id"]').input_value() == comment_id
    assert page.locator(f"#comment-{comment_id} #reply-form").count() == 1, "the form is not under the comment"
    assert_accessible(page, when="after opening the reply form")
    page.keyboard.press("Escape")
    assert not form.is_visible()
    assert page.evaluate("document.activeElement.getAttribute('data-reply')") == comment_id, "focus not returned"


def test_without_javascript_a_resident_replies_and_votes(browser, live_server):
    context = browser.new_context(user_agent=USER_AGENT, java_script_enabled=False,
                                  viewport={"width": 1280, "height": 900})
    try:
        context.set_default_timeout(15_000)
        page = context.new_page()
        page_type = by_name("item-resident")
        sign_in(context, live_server, page_type.login_as)
        open_page(page, live_server, page_type, "en")
        assert not page.locator("#reply-form").is_visible(), "the page's reply form waits for JavaScript"
        # A vote button belongs to the page's one vote form and posts without JavaScript.
        up = page.locator('.comments button[data-vote="up"]:not(.is-active)').first
        comment_id = up.evaluate("el => el.closest('article').id").removeprefix("comment-")
        before = up.inner_text()
        with page.expect_navigation():
            up.click()
        after = page.locator(f"#comment-{comment_id} > footer button[data-vote='up']")
        assert "is-active" in (after.get_attribute("class") or ""), f"the vote is not shown ({before})"
        # The reply link opens the reply form on a page of its own.
        with page.expect_navigation():
            page.locator(f"#comment-{comment_id} a[data-reply]").first.click()
        assert "/reply" in page.url  # checked with axe as the page type "reply" (pages.py)
        text = "A reply written without JavaScript."
        page.get_by_label("Your comment", exact=True).fill(text)
        with page.expect_navigation():
            page.get_by_role("button", name="Publish comment").click()
        assert page.locator(".comment-body", has_text=text).count() == 1, "the reply is not shown once"
        assert page.locator(f"#comment-{comment_id} .replies").get_by_text(text, exact=True).count() == 1, \
            "the reply is not under the comment it answers"
    finally:
        context.close()
