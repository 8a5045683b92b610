"""Absolute addresses of the site's pages, for every link that leaves it.

Links in mail (account emails, notification emails, digests, moderation
emails) and the ``hreflang`` links of every page are built by one function,
``absolute_url``, on ``BASE_URL``: the public address of the site. In
development ``create_app`` derives it from the port served (``PORT``);
production refuses to start without it. The request's Host header is never
used while ``BASE_URL`` is set: the client chooses it, and a password-reset
link must not point wherever a forged request says.
"""
from flask import current_app, has_request_context, request, url_for


def absolute_url(endpoint, **values):
    """The full address of ``endpoint`` with ``values`` (as for ``url_for``), on ``BASE_URL``.

    Works outside requests too (the digest and mail sent from the command
    line). ``BASE_URL`` may end with a path (``https://example.org/partecipa``).
    Only when it is empty does a request's own address serve instead.
    """
    base = current_app.config.get("BASE_URL")
    if has_request_context():
        path = url_for(endpoint, **values)[len(request.script_root):]
        base = base or request.url_root
    else:
        with current_app.test_request_context():
            path = url_for(endpoint, **values)
    if not base:
        raise RuntimeError("BASE_URL is not set: links that leave the site cannot be built.")
    return base.rstrip("/") + path
