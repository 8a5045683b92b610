"""Discussion with the notifications feature: replies, new comments, followed threads."""
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l

from ..core.i18n import DEFAULT_LANGUAGE
from ..extensions import db
from ..notifications.follow_targets import FollowTarget, register_follow_target
from ..notifications.kinds import NotificationKind, register_notification_kind
from ..programme.translatable import item_title_shown
from .models import Thread
from .services import thread_is_public, thread_url


def comment_link(data):
    """The comment's permalink, for notifications about a comment."""
    if data.get("comment_id"):
        return "discussion.permalink", {"comment_id": data["comment_id"]}
    return None


def _actor(data):
    """The comment's author as the pages show it: "Group name (by Member name)" on behalf of a group.

    ``actor`` is the author's name at the time of reading (see ``notifications/actors.py``).
    """
    if data.get("actor_group"):
        return gettext("%(group)s (by %(name)s)", group=data["actor_group"], name=data.get("actor", ""))
    return data.get("actor", "")


def _title(data):
    """The title of the comment's subject in the language the notification is read in
    (a page's or an email's), the Italian one where it has no translation."""
    if data.get("item_id"):
        locale = get_locale()
        shown = item_title_shown(data["item_id"], locale.language if locale is not None else DEFAULT_LANGUAGE)
        if shown is not None:
            return shown.value
    return data.get("title", "")


def _describe_reply(data):
    return gettext("%(actor)s replied to your comment on “%(title)s”.", actor=_actor(data), title=_title(data))


def _describe_followed_comment(data):
    return gettext("%(actor)s commented on “%(title)s”.", actor=_actor(data), title=_title(data))


register_notification_kind(NotificationKind(
    name="reply",
    label=_l("Replies to my comments"),
    default_email_mode="immediate",
    describe=_describe_reply,
    link=comment_link,
))
register_notification_kind(NotificationKind(
    name="followed_comment",
    label=_l("New comments on what I follow"),
    default_email_mode="daily",
    describe=_describe_followed_comment,
    link=comment_link,
))


def _followable_thread(thread_id):
    thread = db.session.get(Thread, thread_id)
    return thread if thread is not None and thread_is_public(thread) else None


register_follow_target(FollowTarget(
    name="thread",
    load=_followable_thread,
    back_url=lambda thread: thread_url(thread, _anchor="discussion"),
))
