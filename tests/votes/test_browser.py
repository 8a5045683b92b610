"""With JavaScript, a vote updates the button and is announced without reloading the page."""
import threading

import pytest
from playwright import sync_api
from werkzeug.serving import make_server

from participation.extensions import db

pytestmark = pytest.mark.browser


@pytest.fixture
def app_server(app):
    """This test's app (and database) served over real HTTP."""
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join()


def test_votes_update_in_place(app, app_server, browser, item, make_user, login, post):
    from tests.votes.test_concurrency import session_cookie

    login(make_user(name="Writer"))
    post(item, "A comment worth a vote")
    user = make_user()
    name, value = session_cookie(app, user).split("=", 1)
    slug = item.slug
    db.session.commit()
    db.session.close()
    live_server = app_server
    # No bypass of the Content-Security-Policy here: the script must work under it.
    context = browser.new_context()
    try:
        context.add_cookies([{"name": name, "value": value, "url": live_server}])
        page = context.new_page()
        page.goto(f"{live_server}/en/items/{slug}")
        page.evaluate("window.notReloaded = true")
        button = page.locator("#support button")
        assert button.inner_text() == "This matters to me, 0 supports"
        button.click()
        sync_api.expect(button).to_have_text("This matters to me, 1 support, you support it")
        sync_api.expect(page.locator("[data-vote-status]")).to_have_text("Your support is recorded.")
        assert page.evaluate("window.notReloaded") is True
        button.click()
        sync_api.expect(button).to_have_text("This matters to me, 0 supports")
        up = page.locator(".comment-votes button").nth(0)
        down = page.locator(".comment-votes button").nth(1)
        up.click()
        sync_api.expect(up).to_have_text("Useful, 1 vote, you voted useful")
        down.click()
        sync_api.expect(down).to_have_text("Not useful, 1 vote, you voted not useful")
        sync_api.expect(up).to_have_text("Useful, 0 votes")
        down.click()
        sync_api.expect(down).to_have_text("Not useful, 0 votes")
        assert page.evaluate("window.notReloaded") is True
    finally:
        context.close()
