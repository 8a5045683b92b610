"""Progress with the notifications feature: each update tells the item's followers and supporters."""
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, union

from ..core.i18n import current_language
from ..discussion.models import Thread
from ..notifications.kinds import NotificationKind, register_notification_kind
from ..notifications.models import Follow
from ..notifications.services import register_audience
from ..programme.translatable import item_title_shown
from ..votes.models import ItemSupport
from .services import AUDIENCE
from .statuses import BUILT_IN_LABELS


def item_followers_and_supporters(item_id):
    """Everyone following the item's discussion or supporting the item (a select of account ids)."""
    return union(
        select(Follow.user_id).join(Thread, Thread.id == Follow.thread_id).where(Thread.programme_item_id == item_id),
        select(ItemSupport.user_id).where(ItemSupport.programme_item_id == item_id),
    )


def _describe(data):
    shown = item_title_shown(data.get("item_id"), current_language().code)
    title = shown.value if shown is not None else data.get("title", "")
    status = data.get("status", "")
    label = str(BUILT_IN_LABELS[status]) if status in BUILT_IN_LABELS else status
    return gettext("Progress on “%(title)s”: %(status)s, %(progress)d%%.", title=title, status=label,
                   progress=int(data.get("progress", 0)))


def _link(data):
    if data.get("slug"):
        return "programme.item", {"slug": data["slug"]}
    return None


register_audience(AUDIENCE, item_followers_and_supporters)
register_notification_kind(NotificationKind(
    name="progress_update",
    label=_l("Progress of the programme items you follow or support"),
    default_email_mode="daily",
    describe=_describe,
    link=_link,
))
