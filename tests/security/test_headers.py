"""Security headers on every response; templates free of inline code."""
import re
from pathlib import Path

from flask import render_template_string

from participation import create_app
from tests.conftest import make_config
from tests.security.walk import get_routes

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _csp(response):
    return dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in response.headers["Content-Security-Policy"].split(";"))
    )


def _check_headers(response):
    problems = []
    csp = response.headers.get("Content-Security-Policy", "")
    directives = _csp(response) if csp else {}
    if not re.fullmatch(r"'nonce-[A-Za-z0-9_\-]{16,}' 'strict-dynamic'", directives.get("script-src", "")):
        problems.append(f"script-src is {directives.get('script-src')!r}")
    for name, value in {"object-src": "'none'", "base-uri": "'none'", "frame-ancestors": "'none'",
                        "default-src": "'self'", "form-action": "'self'", "style-src": "'self'"}.items():
        if directives.get(name) != value:
            problems.append(f"{name} is {directives.get(name)!r}")
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append("CSP allows unsafe-inline/unsafe-eval")
    expected = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin"}
    for header, value in expected.items():
        if response.headers.get(header) != value:
            problems.append(f"{header} is {response.headers.get(header)!r}")
    if "camera=()" not in response.headers.get("Permissions-Policy", ""):
        problems.append("Permissions-Policy missing")
    return problems


# Files people attached (a progress update's PDF or image) are served under a stricter policy than
# pages: nothing may load or run from them, and the browser opens them in a sandbox.
DOCUMENTS = {"progress.document"}


def _check_document_headers(response):
    problems = []
    directives = _csp(response) if response.headers.get("Content-Security-Policy") else {}
    if directives.get("default-src") != "'none'" or "sandbox" not in directives:
        problems.append(f"document CSP is {response.headers.get('Content-Security-Policy')!r}")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("X-Content-Type-Options missing")
    if not response.headers.get("Content-Disposition"):
        problems.append("Content-Disposition missing")
    return problems


def test_every_get_route_sends_the_security_headers(app, client, populated):
    routes = get_routes(app, client)
    assert any(route.endpoint == "programme.item" for route in routes)
    failures = []
    for route in routes:
        response = client.get(route.url)
        problems = _check_document_headers(response) if route.endpoint in DOCUMENTS else _check_headers(response)
        if problems:
            failures.append(f"{route}: {'; '.join(problems)}")
    for url in ("/it/no-such-page", "/api/v1/items/999999"):  # error pages too
        problems = _check_headers(client.get(url))
        if problems:
            failures.append(f"{url}: {problems}")
    assert not failures, "\n".join(failures)


def test_hsts_only_in_production(tmp_path, client):
    assert "Strict-Transport-Security" not in client.get("/healthz").headers
    production = create_app(make_config(tmp_path, ENV_NAME="production"))
    response = production.test_client().get("/healthz")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_the_nonce_is_fresh_for_each_response_and_reaches_script_tags(tmp_path):
    app = create_app(make_config(tmp_path))

    @app.get("/script-test")
    def script_test():
        return render_template_string('<script src="/static/js/x.js" nonce="{{ csp_nonce() }}"></script>')

    client = app.test_client()
    nonces = []
    for _ in range(2):
        response = client.get("/script-test")
        nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
        assert f'nonce="{nonce}"' in response.get_data(as_text=True)
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE | re.DOTALL)


def template_problems(text):
    problems = []
    if INLINE_HANDLER.search(text):
        problems.append("inline event handler (on...=)")
    for attributes in SCRIPT_TAG.findall(text):
        if "src=" not in attributes:
            problems.append("<script> without src (inline script)")
        if "csp_nonce()" not in attributes:
            problems.append("<script> without nonce=\"{{ csp_nonce() }}\"")
    if re.search(r"javascript:", text, re.IGNORECASE):
        problems.append("javascript: URL")
    if STYLE_ATTRIBUTE.search(text):
        problems.append("style= attribute")
    if re.search(r"<style\b", text, re.IGNORECASE):
        problems.append("<style> element")
    return problems


def test_templates_have_no_inline_code_or_styles():
    files = sorted(TEMPLATES.rglob("*.html"))
    assert files
    failures = [f"{path.relative_to(TEMPLATES)}: {problem}" for path in files for problem in template_problems(path.read_text())]
    assert not failures, "\n".join(failures)


def test_the_template_scan_catches_each_kind_of_inline_code():
    assert template_problems('<button onclick="x()">') == ["inline event handler (on...=)"]
    assert "<script> without src (inline script)" in template_problems("<script>alert(1)</script>")
    assert template_problems('<script src="/a.js"></script>') == ['<script> without nonce="{{ csp_nonce() }}"']
    assert template_problems('<a href="javascript:void(0)">') == ["javascript: URL"]
    assert template_problems('<p style="color: red">') == ["style= attribute"]
    assert template_problems('<script src="/a.js" nonce="{{ csp_nonce() }}"></script><p class="x">') == []
