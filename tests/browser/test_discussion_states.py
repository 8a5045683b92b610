"""States no single visit reaches: a reply form opened with the keyboard."""
import pytest

from .browsing import open_page
from .checks import assert_accessible
from .pages import by_name


@pytest.mark.parametrize("lang", ["it", "en", "ar"])
def test_open_reply_form_is_accessible(page, live_server, lang):
    open_page(page, live_server, by_name("item-resident"), lang)
    reply = page.locator("details.reply").first
    reply.locator("summary").focus()
    page.keyboard.press("Enter")
    assert reply.evaluate("el => el.open"), "Enter on the summary does not open the reply form"
    assert reply.locator("textarea").is_visible()
    assert_accessible(page, when="after opening a reply form")
