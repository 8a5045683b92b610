"""A page of comments, rendered once per revision for everyone, with each reader's own part put in.

What differs between the readers of a page of comments is small: the
buttons of the comments they voted on, the comments they may still edit or
delete, and whether they may vote, reply and report at all. So a page is
rendered once for each *audience* and kept in the section cache
(``cache.py``), keyed on the thread's revision (any change a thread shows
raises it in the same transaction, ``revision.py``):

- ``public``: visitors, and signed-in readers who may not take part
  (unverified, suspended): vote counts, no buttons;
- ``resident``: every active resident, rendered as a resident who wrote
  nothing and voted on nothing (``_AnyResident``): vote buttons, reply and
  report links;
- staff: rendered for the staff member (their controls carry their session's
  token), kept per staff member and session.

The rendered list holds no per-reader token: the vote buttons belong to the
page's one vote form and the reply links open the page's one reply form, both
rendered for the reader outside the list. For a signed-in reader the actions
of the comments they wrote or voted on on this page are rendered again with
their own state and put in place of the audience's (the ``<!--aID-->``
markers of ``comment_card``), in a fixed number of queries. A reader with
comments awaiting approval in the thread (only they may see them) gets the
whole page rendered for them.
"""
import re
from dataclasses import dataclass, field
from types import SimpleNamespace

from flask import render_template, session
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import generate_csrf
from sqlalchemy import exists, select
from sqlalchemy.orm import joinedload

from ..core.i18n import current_language
from ..extensions import db
from ..permissions import can_comment, can_participate, is_staff
from .cache import section_cache
from .models import Comment
from .reader_state import reader_state
from .reading import load_thread_page

_MARKED = re.compile(r"<!--a(\d+)-->(.*?)<!--/a-->", re.S)
_OFFICIALS_END = "<!--officials-->"
_LINE_BREAKS = re.compile(r"\s*\n\s*")


@dataclass
class RenderedPage:
    """One page of comments as an audience sees it: the pieces of HTML and what the overlay needs."""

    total_roots: int
    pages: int
    page: int
    sort: str
    position: str | None
    officials_html: str
    parts: list  # static HTML, comment id, the audience's actions of that comment, static HTML, ...
    authors: dict = field(default_factory=dict)  # comment id -> author id, for the comments with actions

    @property
    def size(self):
        return len(self.officials_html) + sum(len(part) for part in self.parts[::3]) + sum(
            len(part) for part in self.parts[2::3])

    def joined(self, actions=None):
        """The list's HTML, with ``actions`` ({comment id: HTML}) in place of the audience's."""
        actions = actions or {}
        out = [self.parts[0]]
        for index in range(1, len(self.parts), 3):
            comment_id = int(self.parts[index])
            out.append(actions.get(comment_id, self.parts[index + 1]))
            out.append(self.parts[index + 2])
        return "".join(out)


class _AnyResident:
    """An active resident who wrote nothing and voted on nothing: what every resident sees of a page."""

    id = 0  # no account has this id: nobody is the author of anything here

    def __init__(self, user):
        self._user = user

    def __getattr__(self, name):
        return getattr(self._user, name)


def _audience(user):
    if not user.is_authenticated:
        return ("public",), AnonymousUserMixin()
    if is_staff(user) or user.is_staff:
        generate_csrf()  # the session's token exists before it is part of the key
        return ("staff", user.id, session.get("csrf_token")), user
    if can_participate(user):
        return ("resident",), _AnyResident(user)
    return ("public",), AnonymousUserMixin()


def _render_page(thread, reader, viewer, where, kind, target_id, back):
    """Render a page of comments as ``reader`` sees it (``viewer``: whose own held comments are shown).

    ``where``: ``(page, sort, position, conversation, all_officials)``, as ``load_thread_page`` takes them.
    """
    discussion = load_thread_page(thread, viewer, *where)
    html = render_template("discussion/_comments.html", discussion=discussion, kind=kind, target_id=target_id,
                           back=back, current_user=reader)
    html = _LINE_BREAKS.sub("\n", html)
    officials_html, _sep, listing = html.partition(_OFFICIALS_END)
    authors = {c.id: c.author_id for c in _comments_of(discussion)}
    return RenderedPage(discussion.total_roots, discussion.pages, discussion.page, discussion.sort,
                        discussion.position, officials_html, _MARKED.split(listing), authors)


def _comments_of(discussion):
    stack = list(discussion.roots)
    while stack:
        node = stack.pop()
        yield node.comment
        stack.extend(node.children)


def _has_pending_comments(user, thread):
    return db.session.scalar(select(exists().where(
        Comment.thread_id == thread.id, Comment.author_id == user.id, Comment.status == "pending")))


def _own_actions(user, thread, rendered):
    """{comment id: HTML} of the actions of the comments ``user`` wrote or voted on, on this page."""
    ids = list(rendered.authors)
    votes = reader_state(user, ids).get("votes", {})
    mine = {comment_id for comment_id, author_id in rendered.authors.items() if author_id == user.id}
    wanted = sorted(mine | set(votes))
    if not wanted:
        return {}
    comments = db.session.scalars(
        select(Comment).where(Comment.id.in_(wanted)).options(joinedload(Comment.author), joinedload(Comment.group))
    ).unique().all()
    for comment in comments:
        comment.thread = thread
    html = render_template(
        "discussion/_actions.html", comments=comments, discussion=SimpleNamespace(my_votes=votes, thread=thread),
        shared=SimpleNamespace(may_reply=can_comment(user, thread)),
    )
    return {int(comment_id): actions for comment_id, actions in _MARKED.findall(html)}


def rendered_comments(thread, user, where, kind, target_id, back):
    """``(RenderedPage, list HTML)`` of a page of ``thread`` for ``user``; ``where`` as ``_render_page`` takes it."""
    audience, reader = _audience(user)
    personal = user.is_authenticated and audience[0] != "staff"
    if personal and _has_pending_comments(user, thread):
        rendered = _render_page(thread, user, user, where, kind, target_id, back)
        return rendered, rendered.joined()
    key = (thread.id, thread.revision, *where, current_language().code, back, audience)
    viewer = user if audience[0] == "staff" else None
    rendered = section_cache().get_or_render(
        key, lambda: _render_page(thread, reader, viewer, where, kind, target_id, back))
    actions = _own_actions(user, thread, rendered) if personal else {}
    return rendered, rendered.joined(actions)
