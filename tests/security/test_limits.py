"""Oversized bodies, malformed input and odd parameters: clear 4xx or a normal page, never 500."""
import pytest

from tests.security.walk import get_routes

HUGE = 999999999999999999999
PG_INTEGER_OVERFLOW = 2**31
QUERY_VARIANTS = [
    f"page={HUGE}",
    "page=-1",
    "page=0",
    "page=abc",
    "page=1e9",
    "page=%EF%BC%91",  # a full-width digit
    "unknown=1&utm_source=newsletter&lang=zz",
    "q=%ff%fe%fd",  # malformed UTF-8
    "q=" + "x" * 5000,
    "q=%C0%AF&page=%C0%AF",  # overlong UTF-8
    "page=2&page=3",
]


def _mutations(route):
    """The route's URL with each path argument replaced by hostile values."""
    variants = []
    for argument in route.rule.arguments - {"lang_code", "filename"}:
        value = str(route.rule.build(dict(_arguments_of(route)), append_unknown=False)[1])
        original = _arguments_of(route)[argument]
        for hostile in ("%ff%fe", "%C0%AF", "..%2F..%2Fetc", "x" * 3000, str(HUGE), str(PG_INTEGER_OVERFLOW), "-1", "%F0%9F%92%A9"):
            variants.append(value.replace(f"/{original}", f"/{hostile}", 1))
    return variants


def _arguments_of(route):
    adapter = route.rule.map.bind("localhost")
    _endpoint, arguments = adapter.match(route.url.split("?")[0])
    return {key: str(value) for key, value in arguments.items()}


def test_no_get_route_answers_500_to_odd_input(app, client, populated):
    failures = []
    for route in get_routes(app, client):
        separator = "&" if "?" in route.url else "?"
        urls = [route.url + separator + query for query in QUERY_VARIANTS] + _mutations(route)
        for url in urls:
            status = client.get(url).status_code
            if status >= 500:
                failures.append(f"{route.endpoint}: GET {url[:120]} -> {status}")
    assert not failures, "\n".join(failures)


def test_nul_characters_get_a_clear_400(app, client, populated):
    for url in ("/it/items/abc%00def", "/it/?q=a%00b", "/it/areas/1?%00=1"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "NUL" in response.get_data(as_text=True)
    api = client.get("/api/v1/programme?x=%00")
    assert api.status_code == 400 and "NUL" in api.get_json()["message"]
    form = client.post("/it/", data={"body": "a\x00b"})
    assert form.status_code == 400


@pytest.mark.parametrize("url", ["/it/", "/it/items/anything", "/api/v1/programme", "/nowhere"])
def test_bodies_over_the_limit_get_413(app, client, url):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    response = client.post(url, data={"body": "x" * 20_000})
    assert response.status_code == 413
    if url.startswith("/api/"):
        assert response.get_json()["error"]
    else:
        page = response.get_data(as_text=True)
        assert 'class="site-header"' in page and "9 kB" in page


def test_bodies_within_the_limit_pass(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    assert client.post("/it/", data={"body": "x" * 5_000}).status_code == 405
