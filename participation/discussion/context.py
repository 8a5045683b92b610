"""What the item and proposal pages need to show their discussion, in a fixed number of queries."""
from flask import render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import exists, select

from ..core.i18n import current_language
from ..core.pagination import page_arg
from ..extensions import db
from ..notifications.models import Follow
from .cache import section_cache
from .forms import CloseThreadForm, CommentForm
from .group_link import groups_user_may_speak_for
from .models import POSITIONS, Thread
from .reading import SORTS, load_thread_page


def thread_with_follow(condition):
    """The thread matching ``condition`` and whether the reader follows it: one query."""
    if not current_user.is_authenticated:
        return db.session.scalar(select(Thread).where(condition)), False
    follows = exists().where(Follow.user_id == current_user.id, Follow.thread_id == Thread.id)
    row = db.session.execute(select(Thread, follows).where(condition)).first()
    return (None, False) if row is None else (row[0], bool(row[1]))


def _comment_form(kind):
    form = CommentForm(formdata=None)
    form.language.data = current_language().code
    if current_user.is_authenticated:
        form.set_groups(groups_user_may_speak_for(current_user))
    if kind != "item":
        del form.position
    return form


def _page_args(kind):
    """The page, the order and (on a programme item, whose comments take positions) the position asked for."""
    sort = request.args.get("sort", "oldest")
    position = request.args.get("position") if kind == "item" else None
    return page_arg(), sort if sort in SORTS else "oldest", position if position in POSITIONS else None


def discussion_context(kind, target_id, thread, following, back):
    """The thread and its rendered section (``discussion_html``) for an item or proposal page.

    Readers who are not signed in get the section from the cache when the
    thread has not changed since it was rendered; nothing is read for it then.
    """
    page, sort, position = _page_args(kind)

    def render():
        return render_template(
            "discussion/_section.html",
            discussion=load_thread_page(thread, current_user, page, sort, position),
            comment_form=_comment_form(kind),
            close_form=CloseThreadForm(formdata=None),
            kind=kind, target_id=target_id, following=following, back=back,
        )

    if thread is not None and not current_user.is_authenticated:
        key = (thread.id, thread.revision, page, sort, position, current_language().code, back)
        html = section_cache().get_or_render(key, render)
    else:
        html = render()
    return {"discussion_thread": thread, "following": following, "discussion_html": Markup(html)}


def proposal_page_context(proposal):
    """The discussion of a public proposal, for ``proposals/detail.html``."""
    thread, following = thread_with_follow(Thread.proposal_id == proposal.id)
    return discussion_context("proposal", proposal.id, thread, following,
                              url_for("proposals.detail", proposal_id=proposal.id))
