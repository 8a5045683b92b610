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
from .models import Thread
from .reading import SORTS, load_thread_page


def _thread_with_flags(condition, item_id=None):
    """The thread, whether the reader follows it and (for items) supports the item: one query."""
    if not current_user.is_authenticated:
        thread = db.session.scalar(select(Thread).where(condition))
        return thread, False, False
    follows = exists().where(Follow.user_id == current_user.id, Follow.thread_id == Thread.id)
    columns = [Thread, follows]
    if item_id is not None:
        from ..votes.models import ItemSupport

        columns.append(exists().where(ItemSupport.user_id == current_user.id,
                                      ItemSupport.programme_item_id == item_id))
    row = db.session.execute(select(*columns).where(condition)).first()
    if row is None:
        return None, False, False
    return row[0], bool(row[1]), bool(row[2]) if item_id is not None else False


def _comment_form(kind):
    form = CommentForm(formdata=None)
    form.language.data = current_language().code
    if current_user.is_authenticated:
        form.set_groups(groups_user_may_speak_for(current_user))
    if kind != "item":
        del form.position
    return form


def _page_args():
    sort = request.args.get("sort", "oldest")
    return page_arg(), sort if sort in SORTS else "oldest"


def discussion_context(kind, target_id, thread, following, back):
    """The thread and its rendered section (``discussion_html``) for an item or proposal page.

    Readers who are not signed in get the section from the cache when the
    thread has not changed since it was rendered; nothing is read for it then.
    """
    page, sort = _page_args()

    def render():
        return render_template(
            "discussion/_section.html",
            discussion=load_thread_page(thread, current_user, page, sort),
            comment_form=_comment_form(kind),
            close_form=CloseThreadForm(formdata=None),
            kind=kind, target_id=target_id, following=following, back=back,
        )

    if thread is not None and not current_user.is_authenticated:
        key = (thread.id, thread.revision, page, sort, current_language().code, back)
        html = section_cache().get_or_render(key, render)
    else:
        html = render()
    return {"discussion_thread": thread, "following": following, "discussion_html": Markup(html)}


def item_page_context(item):
    """Context for ``programme/item.html``: discussion, support and the item's proposals."""
    from ..proposals.services import proposals_for_item

    thread, following, supported = _thread_with_flags(Thread.programme_item_id == item.id, item_id=item.id)
    context = discussion_context("item", item.id, thread, following, url_for("programme.item", slug=item.slug))
    context.update(
        item_supported=supported,
        item_support_count=thread.support_count if thread else 0,
        item_proposals=proposals_for_item(item.id),
    )
    return context


def proposal_page_context(proposal):
    thread, following, _ = _thread_with_flags(Thread.proposal_id == proposal.id)
    return discussion_context("proposal", proposal.id, thread, following,
                              url_for("proposals.detail", proposal_id=proposal.id))
