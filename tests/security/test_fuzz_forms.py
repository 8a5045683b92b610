"""Random input to every form: never a 500.

Every route accepting POST/PUT/PATCH/DELETE is found in the URL map; its
field names come from the forms on the site's pages whose action points to
it (or common names when no page shows its form). Hypothesis posts text of
every kind: empty, unicode of all planes, right-to-left marks, markup, SQL,
huge values, NUL characters, numbers far out of range. CSRF is off here
(tests/security/test_csrf.py covers it); the user is drawn from every role.
"""
from flask import Blueprint, request
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participation import create_app
from participation.extensions import db
from tests.conftest import empty_database, make_config, release_database
from tests.security.walk import discover_form_fields, get_routes, state_changing_routes

EXAMPLES_PER_ROUTE = 25
FALLBACK_FIELDS = {"title": "text", "body": "textarea", "text": "textarea", "name": "text", "description": "textarea",
                   "email": "email", "password": "password", "q": "search", "page": "hidden", "note": "textarea"}
SPECIAL = [
    "", " ", "\x00", "a\x00b", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "' OR 1=1 --",
    "9" * 40, "-1", "0", "\u202ehello", "\ufeff", "🙂" * 2000, "ملاحظة", "città", "x" * 200_000, "%00", "../../etc/passwd",
]
VALUE = st.one_of(
    st.none(),  # the field is left out
    st.text(max_size=300),
    st.text(min_size=1, max_size=5).map(lambda s: s * 3000),
    st.sampled_from(SPECIAL),
    st.integers().map(str),
)


def _property(route, names, client, sign_in, users, examples):
    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(data=st.fixed_dictionaries({name: VALUE for name in names}), user=st.sampled_from(users))
    def post(data, user):
        sign_in(user)
        form = {name: value for name, value in data.items() if value is not None}
        response = client.open(route.url, method=route.method, data=form)
        assert response.status_code < 500, f"{route} answered {response.status_code} to {form!r:.300}"

    return post


def fuzz_failures(routes, fields_by_endpoint, client, sign_in, users, examples=EXAMPLES_PER_ROUTE):
    """Routes that answered 500 (or raised) to some input, with the input."""
    failures = []
    for route in routes:
        fields = fields_by_endpoint.get(route.endpoint) or FALLBACK_FIELDS
        names = sorted(name for name, kind in fields.items() if kind not in ("file", "submit", "image"))
        try:
            _property(route, names, client, sign_in, users, examples)()
        except Exception as error:  # noqa: BLE001 - every failure is reported
            db.session.rollback()
            failures.append(f"{route}: {type(error).__name__}: {str(error)[:500]}")
    return failures


def test_random_input_to_every_form_never_gives_a_500(app, client, populated, as_user):
    users = list(populated.values())
    pages = [route.url for route in get_routes(app, client)]
    fields = {}
    for user in users:
        for endpoint, found in discover_form_fields(app, as_user(user), pages).items():
            fields.setdefault(endpoint, {}).update(found)
    failures = fuzz_failures(state_changing_routes(app), fields, client, as_user, users)
    assert not failures, "\n".join(failures)


def test_the_fuzzer_finds_a_form_that_breaks(tmp_path):
    app = create_app(make_config(tmp_path))
    extra = Blueprint("fragile", __name__)

    @extra.get("/<lang_code>/fragile")
    def fragile_page():
        return '<form method="post" action="/it/fragile"><textarea name="story"></textarea></form>'

    @extra.post("/<lang_code>/fragile")
    def fragile():
        if len(request.form.get("story", "")) > 1000:
            raise RuntimeError("cannot store a long story")
        return "saved"

    app.register_blueprint(extra)
    with app.app_context():
        empty_database()
        client = app.test_client()
        fields = discover_form_fields(app, client, ["/it/fragile"])
        assert fields == {"fragile.fragile": {"story": "textarea"}}
        routes = [route for route in state_changing_routes(app) if route.endpoint == "fragile.fragile"]
        failures = fuzz_failures(routes, fields, client, lambda user: client, [None])
        release_database()
    assert len(failures) == 1 and "cannot store a long story" in failures[0]
