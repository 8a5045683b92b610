"""Every state-changing route refuses a request without a valid CSRF token.

The routes come from the URL map, so routes added later are covered too.
"""
from flask import Blueprint

from participation import create_app
from participation.extensions import csrf, db
from tests.conftest import empty_database, make_config, release_database
from tests.security.walk import state_changing_routes

MESSAGE = "security token"
# Routes authorised by a signed token in their address instead of a form token,
# each with the reason; a test below proves that a wrong address token is refused.
TOKEN_IN_ADDRESS = {
    "notifications.unsubscribe": "one-click unsubscribe from an email (RFC 8058): mail clients POST without a form",
}


def csrf_failures(app, client):
    """Routes that accepted a request without a token, or with a forged one."""
    app.config["WTF_CSRF_ENABLED"] = True
    failures = []
    for route in state_changing_routes(app):
        if route.endpoint in TOKEN_IN_ADDRESS:
            continue
        for data in ({}, {"csrf_token": "forged"}):
            response = client.open(route.url, method=route.method, data=data)
            text = response.get_data(as_text=True)
            if response.status_code != 400 or MESSAGE not in text:
                failures.append(f"{route} with {data or 'no token'}: {response.status_code}")
    return failures


def test_every_state_changing_route_refuses_a_request_without_a_valid_token(app, client, populated, as_user):
    for user in (None, populated["administrator"]):
        assert not csrf_failures(app, as_user(user)), "\n".join(csrf_failures(app, as_user(user)))


def _app_with_extra_routes(tmp_path):
    app = create_app(make_config(tmp_path))
    extra = Blueprint("extra", __name__)

    @extra.post("/<lang_code>/protected/<int:item_id>")
    def protected(item_id):
        return "changed"

    @extra.route("/<lang_code>/forgotten", methods=["DELETE"])
    @csrf.exempt
    def forgotten():
        return "changed"

    @extra.post("/api/v1/extra")
    def api_extra():
        return {"changed": True}

    app.register_blueprint(extra)
    return app


def test_the_walk_finds_new_routes_and_catches_an_exempt_one(tmp_path):

    app = _app_with_extra_routes(tmp_path)
    with app.app_context():
        empty_database()
        routes = {route.endpoint: route for route in state_changing_routes(app)}
        assert routes["extra.protected"].url == "/en/protected/1"
        failures = csrf_failures(app, app.test_client())
        release_database()
    assert failures and all("extra.forgotten" in failure for failure in failures)


def test_the_refusal_explains_itself_in_the_layout(tmp_path):

    app = _app_with_extra_routes(tmp_path)
    app.config["WTF_CSRF_ENABLED"] = True
    with app.app_context():
        empty_database()
        response = app.test_client().post("/en/protected/1", data={"title": "x"})
        api = app.test_client().post("/api/v1/extra")
        release_database()
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert MESSAGE in page and 'class="site-header"' in page and "<title>Error:" in page
    assert api.status_code == 400 and api.get_json()["error"] == "csrf_failed"


def test_routes_with_an_address_token_refuse_a_wrong_one(app, client, populated):
    from sqlalchemy import func, select

    from participation.notifications.models import NotificationPreference

    app.config["WTF_CSRF_ENABLED"] = True
    for token in ("x", "forged.token.value", "a" * 500):
        response = client.post(f"/en/notifications/unsubscribe/{token}")
        assert response.status_code in (400, 404)
    assert db.session.scalar(select(func.count()).select_from(NotificationPreference)) == 0
