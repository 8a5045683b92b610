"""Security headers on every response, and the refusal of a forged form.

Every response carries a Content-Security-Policy whose script nonce is new
for each response. Templates get it as ``csp_nonce()``; every ``<script>``
tag must carry it::

    <script src="{{ url_for('static', filename='js/vote.js') }}" nonce="{{ csp_nonce() }}"></script>

Inline scripts, inline event handlers (``onclick=``), ``javascript:`` URLs
and ``style=`` attributes do not run under this policy: put JavaScript in
``static/js/`` and styles in ``static/css/site.css``. A test scans every
template for them.

HSTS is sent only in production (``PARTICIPATION_ENV=production``), where
the site is served over HTTPS only; ``HSTS_SECONDS`` sets its duration.
"""
import secrets

from flask import current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), browsing-topics=()"
)


def csp_nonce():
    """This response's script nonce (created on first use)."""
    nonce = g.get("csp_nonce")
    if nonce is None:
        nonce = g.csp_nonce = secrets.token_urlsafe(18)
    return nonce


def content_security_policy(nonce):
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'nonce-{nonce}' 'strict-dynamic'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ]
    )


def add_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", content_security_policy(csp_nonce()))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config.get("ENV_NAME") == "production":
        seconds = current_app.config.get("HSTS_SECONDS", 63072000)
        headers.setdefault("Strict-Transport-Security", f"max-age={seconds}; includeSubDomains")
    return response


def handle_csrf_error(error):
    """A form sent without a valid token: 400 with a message a person can act on."""
    message = _(
        "This form could not be accepted because its security token is missing or has expired. "
        "Go back, reload the page and send the form again."
    )
    if request.path.startswith("/api/"):
        return jsonify({"error": "csrf_failed", "message": message}), 400
    return render_template("errors/refused.html", heading=_("The form has expired"), message=message), 400


def init_app(app):
    app.after_request(add_security_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.register_error_handler(CSRFError, handle_csrf_error)
