"""Notification emails: immediate messages, the daily digest, one-click unsubscribe links.

Mail goes through the accounts feature's outbox (``core.mail.queue_mail``),
inside the caller's transaction.
"""
import inspect

from flask import current_app, render_template, url_for
from flask_babel import force_locale, gettext
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from ..core.addresses import absolute_url
from ..core.i18n import DEFAULT_LANGUAGE, LANGUAGES, babel_locale
from ..extensions import db
from .actors import actor_names, data_with_actor_name
from .kinds import get_notification_kind
from .models import Notification

UNSUBSCRIBE_SALT = "notification-unsubscribe"
ALL_KINDS = "all"


def _serializer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user, kind):
    """A signed token that turns off emails of ``kind`` (or ``"all"``) for ``user``."""
    return _serializer().dumps([user.id, kind])


def read_unsubscribe_token(token):
    """``(user_id, kind)`` from a token, or None when it is forged or malformed."""
    try:
        user_id, kind = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or not isinstance(kind, str):
        return None
    if kind != ALL_KINDS and get_notification_kind(kind) is None:
        return None
    return user_id, kind


def notification_link(notification, language, external=False):
    """Where a notification leads: the page its kind names, else the ``url`` it carries, else the list."""
    data = notification.data or {}
    build = absolute_url if external else url_for
    kind = get_notification_kind(notification.kind)
    target = kind.link(data) if kind is not None else None
    if target is not None:
        endpoint, values = target
        return build(endpoint, lang_code=language, **values)
    if data.get("url"):
        return data["url"]
    return build("notifications.index", lang_code=language)


def mail_language(code):
    """The Language of an email: its HTML part carries the language's tag and direction."""
    return LANGUAGES.get(code) or LANGUAGES[DEFAULT_LANGUAGE]


def describe(notification, names=None):
    """The notification as one sentence in the current language, naming its actor as shown now.

    ``names`` (from ``actors.actor_names``) saves a query per notification when
    describing many; without it the actor's name is looked up.
    """
    kind = get_notification_kind(notification.kind)
    if kind is None:
        return gettext("You have a new notification.")
    if names is None:
        names = actor_names([notification])
    return kind.describe(data_with_actor_name(notification.data, names))


def kind_label(kind):
    if kind == ALL_KINDS:
        return gettext("All notifications")
    return str(get_notification_kind(kind).label)


def _queue(recipient, subject, text, html, language, unsubscribe_url):
    from ..core.mail import queue_mail

    kwargs = {"html_body": html, "language": language}
    if "headers" in inspect.signature(queue_mail).parameters:
        kwargs["headers"] = {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    queue_mail(recipient, subject, text, **kwargs)


SUBJECT_LENGTH = 90


def subject_line(notification, sentence, names):
    """What the subject says of ``notification``: the kind's short line, else the sentence's first line, cut
    at a word before ``SUBJECT_LENGTH`` characters (a moderator's explanation belongs in the body);
    ``names`` from ``actors.actor_names``, as for ``describe``."""
    kind = get_notification_kind(notification.kind)
    if kind is not None and kind.subject is not None:
        line = kind.subject(data_with_actor_name(notification.data, names))
    else:
        line = (sentence.splitlines() or [""])[0]
    line = " ".join(line.split())
    if len(line) <= SUBJECT_LENGTH:
        return line
    return line[:SUBJECT_LENGTH].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


def send_notification_email(notification):
    """Queue one email for ``notification``; False when mail is not available."""
    try:
        from ..core import mail  # noqa: F401
    except ImportError:
        return False
    user = notification.user
    language = user.language or "it"
    with force_locale(babel_locale(language)):
        names = actor_names([notification])
        sentence = describe(notification, names)
        link = notification_link(notification, language, external=True)
        unsubscribe = absolute_url("notifications.unsubscribe", token=unsubscribe_token(user, notification.kind),
                                   lang_code=language)
        context = {"user": user, "sentence": sentence, "link": link, "unsubscribe_url": unsubscribe,
                   "kind_label": kind_label(notification.kind), "mail_language": mail_language(language)}
        subject = gettext("Partecipa: %(sentence)s", sentence=subject_line(notification, sentence, names))
        text = render_template("notifications/email/notification.txt", **context)
        html = render_template("notifications/email/notification.html", **context)
    _queue(user.email, subject, text, html, language, unsubscribe)
    return True


def send_digests():
    """Send one email per person with their pending daily notifications; returns how many emails."""
    try:
        from ..core import mail  # noqa: F401
    except ImportError:
        return 0
    from ..accounts.models import User

    pending = db.session.scalars(
        select(Notification).where(Notification.email_status == "pending")
        .order_by(Notification.user_id, Notification.id)
    ).all()
    by_user = {}
    for notification in pending:
        by_user.setdefault(notification.user_id, []).append(notification)
    sent = 0
    from .services import email_modes

    for user_id, notifications in by_user.items():
        user = db.session.get(User, user_id)
        modes = email_modes(user)
        wanted = [n for n in notifications if modes.get(n.kind) != "off"]
        for n in notifications:
            n.email_status = "sent" if n in wanted else "none"
        if not wanted or user.deleted_at is not None or not user.email:
            continue
        language = user.language or "it"
        # One request context for the whole message, so addresses and the
        # recipient's language hold for every line of it (the digest runs from cron).
        with (current_app.test_request_context(base_url=current_app.config["BASE_URL"]),
              force_locale(babel_locale(language))):
            names = actor_names(wanted)
            entries = [(describe(n, names), notification_link(n, language, external=True)) for n in wanted]
            kinds = sorted({n.kind for n in wanted})
            unsubscribe_links = [
                (kind_label(kind), absolute_url("notifications.unsubscribe", token=unsubscribe_token(user, kind),
                                                lang_code=language))
                for kind in kinds
            ]
            unsubscribe_all = absolute_url("notifications.unsubscribe",
                                           token=unsubscribe_token(user, ALL_KINDS), lang_code=language)
            context = {"user": user, "entries": entries, "unsubscribe_links": unsubscribe_links,
                       "unsubscribe_all": unsubscribe_all, "mail_language": mail_language(language)}
            subject = gettext("Partecipa: your daily summary")
            text = render_template("notifications/email/digest.txt", **context)
            html = render_template("notifications/email/digest.html", **context)
        _queue(user.email, subject, text, html, language, unsubscribe_all)
        sent += 1
    db.session.flush()
    return sent
