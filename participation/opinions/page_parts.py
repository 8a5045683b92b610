"""The opinion map's part of the item page and the proposal page.

The map is the same for every reader, so it is rendered once per stored map
and language and kept in the discussion's section cache; the one personal
line ("you are in group B") is rendered for the signed-in reader alone and
put in its place, so a kept rendering never holds anyone's group.
"""
from flask import render_template
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from ..core.i18n import current_language
from ..core.page_parts import register_page_part
from ..discussion.cache import section_cache
from ..discussion.models import Thread
from ..extensions import db
from .models import OpinionMap, OpinionMembership
from .services import map_for_thread

PERSONAL = "<!--opinions-personal-->"


def _thread_map_and_group(condition):
    """The thread, its map and (for a signed-in reader) the reader's group on it: one query."""
    query = select(Thread, OpinionMap).outerjoin(OpinionMap, OpinionMap.thread_id == Thread.id)
    if current_user.is_authenticated:
        query = query.add_columns(OpinionMembership.group_label).outerjoin(
            OpinionMembership, (OpinionMembership.thread_id == Thread.id)
            & (OpinionMembership.user_id == current_user.id))
    row = db.session.execute(query.where(condition)).first()
    if row is None:
        return None, None, None
    return row[0], row[1], row[2] if len(row) > 2 else None


def opinions_section(thread, opinion_map, group):
    """The "How opinions group" section of ``thread`` for the current reader (HTML); ``group`` is the
    reader's own group letter (None when not on the map)."""
    if thread is None:
        public = render_template("opinions/_section.html", view=None)
    else:
        key = ("opinions", thread.id, opinion_map.id if opinion_map else None,
               opinion_map.computed_at.isoformat() if opinion_map else None, current_language().code)
        public = section_cache().get_or_render(
            key, lambda: render_template("opinions/_section.html", view=map_for_thread(thread, opinion_map)))
    personal = ""
    if thread is not None and opinion_map is not None and opinion_map.is_ready and current_user.is_authenticated:
        personal = render_template("opinions/_personal.html", group=group)
    return Markup(public.replace(PERSONAL, personal, 1))


def item_opinions(item):
    return {"opinions_html": opinions_section(*_thread_map_and_group(Thread.programme_item_id == item.id))}


def proposal_opinions(proposal):
    return {"opinions_html": opinions_section(*_thread_map_and_group(Thread.proposal_id == proposal.id))}


register_page_part("programme.item", item_opinions)
register_page_part("proposals.detail", proposal_opinions)
