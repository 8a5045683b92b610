"""One JSON line per request, with nothing secret in it."""
import json
import logging

import pytest

from participation.core.request_log import logger


@pytest.fixture
def log_lines(app):
    app.config["REQUEST_LOG"] = True
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())

    handler = Collect()
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)


def test_one_json_line_per_request(client, log_lines, programme):
    response = client.get("/it/areas/1?page=1", headers={"X-Request-ID": "abc-123"})
    assert response.headers["X-Request-ID"] == "abc-123"
    assert len(log_lines) == 1
    record = json.loads(log_lines[0])
    assert record["method"] == "GET"
    assert record["path"] == "/it/areas/1"
    assert record["status"] == 200
    assert record["endpoint"] == "programme.area"
    assert isinstance(record["duration_ms"], float) and record["duration_ms"] >= 0
    assert record["request_id"] == "abc-123"
    assert record["user_id"] is None


def test_the_signed_in_user_is_logged_by_id(client, log_lines, make_user, login, programme):
    user = make_user(email="anna.rossi@example.org")
    login(user)
    client.get("/it/")
    record = json.loads(log_lines[-1])
    assert record["user_id"] == user.id
    assert "anna.rossi" not in log_lines[-1]


def test_a_hostile_request_id_is_replaced(client, log_lines):
    response = client.get("/healthz", headers={"X-Request-ID": '"}{"fake": 1 and some/very/long/text'})
    assert response.headers["X-Request-ID"] != '"}{"fake": 1 and some/very/long/text'
    assert json.loads(log_lines[-1])["request_id"] == response.headers["X-Request-ID"]


@pytest.mark.parametrize(
    "url",
    [
        "/it/reset?token=s3cr3tT0kenValue&email=anna%40example.org",
        "/it/accounts/verify/anna.rossi@example.org",
        "/it/accounts/reset/IjEi.ZxY8Qw.Abc123DefGhi456JklMno",
        "/api/v1/items/1?api_key=s3cr3tT0kenValue",
    ],
)
def test_tokens_emails_and_query_strings_never_reach_the_log(client, log_lines, url):
    client.get(url)
    line = log_lines[-1]
    record = json.loads(line)
    for secret in ("s3cr3tT0kenValue", "anna", "example.org", "Abc123DefGhi456JklMno", "?", "token=", "api_key"):
        assert secret not in line, secret
    assert record["path"].startswith("/")


def test_a_secret_path_argument_is_redacted(tmp_path):
    from participation import create_app
    from tests.conftest import make_config

    app = create_app(make_config(tmp_path, REQUEST_LOG=True))

    @app.get("/<lang_code>/confirm/<token>")
    def confirm(token):
        return "ok"

    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())

    handler = Collect()
    logger.addHandler(handler)
    try:
        app.test_client().get("/it/confirm/lowercaseonlytoken")
    finally:
        logger.removeHandler(handler)
    assert json.loads(lines[-1])["path"] == "/it/confirm/[redacted]"
