"""Every 405 names the methods the address accepts in ``Allow`` (HTML pages and JSON under /api/)."""
from werkzeug.exceptions import MethodNotAllowed

from tests.security.walk import rules, urls

TRIED_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def test_every_405_of_the_url_map_carries_allow(app, client):
    adapter = app.url_map.bind("localhost")
    tried, failures = 0, []
    for rule in rules(app, set(TRIED_METHODS)):
        for url in urls(app, rule)[:1]:
            path = url.partition("?")[0]
            for method in TRIED_METHODS:
                try:
                    adapter.match(path, method=method)
                    continue
                except MethodNotAllowed as error:
                    allowed = set(error.valid_methods)
                response = client.open(url, method=method)
                tried += 1
                header = {value.strip() for value in response.headers.get("Allow", "").split(",") if value.strip()}
                if response.status_code != 405 or header != allowed:
                    failures.append(f"{method} {url}: {response.status_code}, Allow {header or None} "
                                    f"instead of {sorted(allowed)}")
    assert not failures, "\n".join(failures)
    assert tried > 100


def test_a_405_keeps_the_sites_page_and_the_apis_json(client):
    page = client.post("/it/privacy")
    assert page.status_code == 405 and page.mimetype == "text/html"
    assert {"GET", "HEAD", "OPTIONS"} <= set(page.headers["Allow"].replace(" ", "").split(","))
    api = client.delete("/api/v1/programme")
    assert api.status_code == 405 and api.is_json and api.get_json()["error"] == "method_not_allowed"
    assert "GET" in api.headers["Allow"]
