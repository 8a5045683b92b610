"""What the item and proposal pages need to show their discussion, in a fixed number of queries."""
from types import SimpleNamespace

from flask import render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import exists, select

from ..core.i18n import current_language
from ..core.kept import kept_html
from ..core.pagination import MAX_ID, page_arg
from ..extensions import db
from ..notifications.models import Follow
from ..permissions import can_close_thread, can_comment, can_follow, can_mark_official, can_vote_on
from .cache import section_cache
from .forms import CloseThreadForm, CommentForm
from .group_link import groups_user_may_speak_for
from .models import POSITIONS, Thread
from .reading import SORTS, load_thread_page
from .section import rendered_comments


def thread_with_follow(condition):
    """The thread matching ``condition`` and whether the reader follows it: one query."""
    if not current_user.is_authenticated:
        return db.session.scalar(select(Thread).where(condition)), False
    follows = exists().where(Follow.user_id == current_user.id, Follow.thread_id == Thread.id)
    row = db.session.execute(select(Thread, follows).where(condition)).first()
    return (None, False) if row is None else (row[0], bool(row[1]))


def _comment_form(kind, groups):
    form = CommentForm(formdata=None)
    form.language.data = current_language().code
    form.set_groups(groups)
    if kind != "item":
        del form.position
    return form


def _page_args(kind):
    """Where in the discussion the reader is (``load_thread_page``'s arguments after the reader): the page,
    the order, (on a programme item, whose comments take positions) the position asked for, the one
    conversation asked for (its top-level comment's id), if any, and whether every official answer is
    listed (``officials=all``)."""
    sort = request.args.get("sort", "oldest")
    position = request.args.get("position") if kind == "item" else None
    conversation = request.args.get("conversation", "")
    conversation = int(conversation) if conversation.isdigit() and 0 < int(conversation) <= MAX_ID else None
    return (page_arg(), sort if sort in SORTS else "oldest", position if position in POSITIONS else None,
            conversation, request.args.get("officials") == "all")


def discussion_context(kind, target_id, thread, following, back):
    """The thread and its rendered section (``discussion_html``) for an item or proposal page.

    The comments come from ``section.py`` (rendered once per revision for each
    audience, with the reader's own part put in); around them the few forms
    that are the reader's own (follow, comment, the page's vote and reply
    forms) are rendered for each request. A visitor who is not signed in has
    no forms of their own: the whole section is kept for them.
    """
    where = _page_args(kind)
    if thread is not None and not current_user.is_authenticated:
        key = ("section", thread.id, thread.revision, *where, current_language().code, back)
        html = section_cache().get_or_render(
            key, lambda: _section_html(kind, target_id, thread, following, back, where))
    else:
        html = _section_html(kind, target_id, thread, following, back, where)
    return {"discussion_thread": thread, "following": following, "discussion_html": Markup(html)}


# Where the officials' answers and the page of comments go in a kept section (HTML comments: no text of
# the page can hold them, since what people write is escaped).
_OFFICIALS, _COMMENTS = "<!--discussion-officials-->", "<!--discussion-comments-->"


def _reader_audience(thread, following, groups):
    """What the section around the comments shows of a signed-in reader: it is kept for each such
    audience, or (None) rendered for this reader alone (a suspended reader sees their decision)."""
    if current_user.is_suspended:
        return None
    return (can_close_thread(current_user), can_follow(current_user), following, can_comment(current_user, thread),
            can_mark_official(current_user), can_vote_on(current_user, thread),
            tuple((group.id, group.name) for group in groups))


def _section_html(kind, target_id, thread, following, back, where):
    page, sort, position, conversation, _all_officials = where
    groups = groups_user_may_speak_for(current_user) if current_user.is_authenticated else []
    if thread is None:
        summary = load_thread_page(None, current_user, page, sort, position)
        return _render_section(summary, _comment_form(kind, groups), kind, target_id, following, back, "", "")
    rendered, comments_html = rendered_comments(thread, current_user, where, kind, target_id, back)
    summary = SimpleNamespace(thread=thread, total_roots=rendered.total_roots, pages=rendered.pages,
                              page=rendered.page, sort=rendered.sort, position=rendered.position,
                              conversation=conversation)
    audience = _reader_audience(thread, following, groups) if current_user.is_authenticated else None
    if audience is None:
        return _render_section(summary, _comment_form(kind, groups), kind, target_id, following, back,
                               rendered.officials_html, comments_html)
    # Signed in: the forms and controls around the comments are the same for everyone who may do the same.
    key = ("section around", thread.id, thread.revision, *where, current_language().code, back, audience)
    shell = str(kept_html(key, lambda: _render_section(summary, _comment_form(kind, groups), kind, target_id,
                                                       following, back, _OFFICIALS, _COMMENTS)))
    pieces = []
    for mark, html in ((_OFFICIALS, rendered.officials_html), (_COMMENTS, comments_html)):
        if mark in shell:  # each is shown only when there is something to show
            before, shell = shell.split(mark, 1)
            pieces += [before, html]
    return "".join((*pieces, shell))


def _render_section(summary, form, kind, target_id, following, back, officials_html, comments_html):
    return render_template(
        "discussion/_section.html", discussion=summary, comment_form=form,
        close_form=CloseThreadForm(formdata=None), kind=kind, target_id=target_id, following=following, back=back,
        officials_html=Markup(officials_html), comments_html=Markup(comments_html),
    )


def proposal_page_context(proposal):
    """The discussion of a public proposal, for ``proposals/detail.html``."""
    thread, following = thread_with_follow(Thread.proposal_id == proposal.id)
    return discussion_context("proposal", proposal.id, thread, following,
                              url_for("proposals.detail", proposal_id=proposal.id))
