"""A file (or a JSON number) where a form expects text: 400 with the form's message, never 500.

Every state-changing route of the URL map is tried with a file part in
each of its text fields, signed in as a person who may use it (the rows
of tests/test_permission_matrix.py), and with the same fields sent as JSON
numbers. The routes reached only through an emailed link take their token
as the permission and are tried as a visitor. Nothing is stored.
"""
import io
from html import unescape

import pytest
from flask import g
from flask_babel import force_locale, gettext

from tests.security.walk import database_digest, state_changing_routes
from tests.test_permission_matrix import CASES, KINDS, OK, World

MESSAGE = "This form accepts only text. Please send it again without attaching a file."
EMPTY_FORM_FIELD = "note"  # for routes whose form is only a button


def _expected_message(language):
    with force_locale(language):
        return gettext(MESSAGE)


def _expected_for(url):
    """The message in the language of ``url``'s prefix (walked URLs may take any language)."""
    from participation.core.i18n import LANGUAGES

    prefix = url.lstrip("/").split("/", 1)[0]
    return _expected_message(prefix if prefix in LANGUAGES else "it")


def _attempts(app, world):
    """``(description, url, user or None, fields)`` for every state-changing route."""
    attempts, covered = [], set()
    adapter = app.url_map.bind("localhost")
    for case in CASES:
        kind = next((kind for kind in KINDS if case.expect[kind] == OK), None)
        if kind is None:
            continue  # a route that does not exist in this configuration
        url = case.url(world)
        covered.add(adapter.match(url.partition("?")[0], method=case.method)[0])
        user = None if kind == "anonymous" else world.users[kind]
        attempts.append((case.name, url, user, case.data(world)))
    for route in state_changing_routes(app):
        if route.method == "POST" and route.endpoint not in covered:
            attempts.append((route.endpoint, route.url, None, {}))
    return attempts


def _sign_in(client, login, user):
    with client.session_transaction() as session:
        session.clear()
    if user is not None:
        login(user)
    g.pop("_login_user", None)


@pytest.fixture
def world(app, make_user):
    return World.build(make_user)


def test_a_file_in_any_text_field_of_any_form_is_refused_with_the_forms_message(app, client, login, world):
    before = database_digest()
    tried, failures = 0, []
    for name, url, user, data in _attempts(app, world):
        for field in [key for key, value in data.items() if isinstance(value, str)] or [EMPTY_FORM_FIELD]:
            _sign_in(client, login, user)
            sent = dict(data, **{field: (io.BytesIO(b"%PDF-1.4 not text"), "letter.pdf")})
            response = client.post(url, data=sent, content_type="multipart/form-data")
            tried += 1
            if response.status_code != 400 or _expected_for(url) not in unescape(response.get_data(as_text=True)):
                failures.append(f"{name} ({url}), file in {field!r}: {response.status_code}")
    assert not failures, "\n".join(failures)
    assert tried > 60
    assert database_digest() == before  # refused before any view ran


def test_json_values_that_are_not_text_are_refused_on_every_form(app, client, login, world):
    failures = []
    for name, url, user, data in _attempts(app, world):
        for field in [key for key, value in data.items() if isinstance(value, str)] or [EMPTY_FORM_FIELD]:
            for odd in (5, {"nested": "text"}, [1, 2], None, True):
                _sign_in(client, login, user)
                response = client.post(url, json=dict(data, **{field: odd}))
                if response.status_code != 400 or _expected_for(url) not in unescape(response.get_data(as_text=True)):
                    failures.append(f"{name} ({url}), {odd!r} in {field!r}: {response.status_code}")
        _sign_in(client, login, user)
        response = client.post(url, json=["not", "an", "object"])
        if response.status_code != 400:
            failures.append(f"{name} ({url}), a JSON list: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_the_message_is_in_the_language_of_the_page(app, client, login, world):
    login(world.users["resident"])
    for language in ("en", "fr", "ar"):
        response = client.post(f"/{language}/discussions/item/{world.item.id}/comments",
                               data={"body": (io.BytesIO(b"hello"), "body.txt"), "language": language},
                               content_type="multipart/form-data")
        assert response.status_code == 400
        page = unescape(response.get_data(as_text=True))
        assert _expected_message(language) in page
        assert f'lang="{language}"' in page


def test_text_fields_still_work_in_a_multipart_form(app, client, login, world):
    """A multipart body without files is an ordinary form."""
    login(world.users["resident"])
    response = client.post(f"/it/discussions/item/{world.item.id}/comments",
                           data={"body": "Un commento in multipart", "language": "it"},
                           content_type="multipart/form-data")
    assert response.status_code in (302, 303)
