"""Opening a page type in the browser: signing in, visiting, interacting."""
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ARTIFACTS = HERE / "artifacts"

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium tries outgoing connections
# this machine refuses; the rest keep a headless run quiet and reproducible.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A fixed user agent, so the session identifier a signed-in cookie carries
# (Flask-Login's session protection) can be computed before the browser asks.
USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/156.0.0.0 Safari/537.36"
)


def sign_in(context, live_server, role):
    """Give the browser context the session cookie of the seeded user with ``role``."""
    from flask_login.utils import _create_identifier

    app = live_server.app
    headers = {"User-Agent": USER_AGENT}
    with app.test_request_context("/", headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        data = {"_user_id": live_server.users[role], "_fresh": True, "_id": _create_identifier()}
        cookie = app.session_interface.get_signing_serializer(app).dumps(data)
    context.add_cookies(
        [{"name": app.config["SESSION_COOKIE_NAME"], "value": cookie, "url": live_server.url, "httpOnly": True}]
    )


def page_path(live_server, page_type, lang):
    """The path of ``page_type`` in ``lang`` (path builders may use url_for and the database)."""
    if isinstance(page_type.path, str):
        return page_type.path.format(lang=lang)
    with live_server.app.test_request_context("/"):
        return page_type.path(lang, live_server.seeded.get(page_type.name))


def open_page(page, live_server, page_type, lang):
    """Sign in if needed, load the page, run its interaction; return the last document response.

    Fails the test if the page does not answer with the status the page type expects.
    """
    documents = []

    def remember(response):
        if response.request.is_navigation_request() and response.frame == page.main_frame:
            documents.append(response)

    if page_type.login_as:
        sign_in(page.context, live_server, page_type.login_as)
    page.on("response", remember)
    try:
        response = page.goto(live_server.absolute(page_path(live_server, page_type, lang)))
        assert response is not None
        if page_type.interact is not None:
            page_type.interact(page)
            page.wait_for_load_state("load")
        last = documents[-1] if documents else response
        assert last.status == page_type.status, f"{page_type.name} ({lang}) answered {last.status}: {last.url}"
        return last
    finally:
        page.remove_listener("response", remember)
