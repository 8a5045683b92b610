"""Behind a reverse proxy the app sees the visitor's address and scheme, only when told to trust it."""
from flask import jsonify, request

from participation import create_app
from tests.conftest import make_config

FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "partecipa.example"}


def _app(tmp_path, hops):
    app = create_app(make_config(tmp_path, PROXY_FIX_HOPS=hops))

    @app.get("/whoami")
    def whoami():
        return jsonify(addr=request.remote_addr, scheme=request.scheme, host=request.host)

    return app


def test_forwarded_headers_are_trusted_with_one_hop(tmp_path):
    seen = _app(tmp_path, 1).test_client().get("/whoami", headers=FORWARDED).get_json()
    assert seen == {"addr": "203.0.113.7", "scheme": "https", "host": "partecipa.example"}


def test_forwarded_headers_are_ignored_without_a_proxy(tmp_path):
    seen = _app(tmp_path, 0).test_client().get("/whoami", headers=FORWARDED).get_json()
    assert seen["addr"] == "127.0.0.1" and seen["scheme"] == "http" and seen["host"] == "localhost"


def test_only_the_configured_number_of_hops_is_trusted(tmp_path):
    headers = dict(FORWARDED, **{"X-Forwarded-For": "198.51.100.1, 203.0.113.7"})
    seen = _app(tmp_path, 1).test_client().get("/whoami", headers=headers).get_json()
    assert seen["addr"] == "203.0.113.7"  # the address the trusted proxy saw, not the one the client claimed
