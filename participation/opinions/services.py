"""Opinion maps: computing one from a thread's votes (in the worker), and reading it for a page.

``compute_map`` is the background job's work and the only caller of the
arithmetic (``analysis.py``); pages and the API only read what it stored
(``map_for_thread``), so no request ever waits for it.
"""
from dataclasses import dataclass, field
from datetime import UTC

from flask import current_app
from sqlalchemy import delete, insert, select

from ..accounts.models import User
from ..core.models import utcnow
from ..discussion.models import Comment, Thread
from ..extensions import db
from ..votes.models import CommentVote
from .models import OpinionMap, OpinionMembership

POSITION_VALUES = {"for": 1.0, "against": -1.0, "neutral": 0.0}
# The dots' coordinates are rounded to this many decimals (of a square from -1 to 1).
DOT_DECIMALS = 2


def thresholds():
    config = current_app.config
    return config["OPINION_MIN_PARTICIPANTS"], config["OPINION_MIN_VOTES"], config["OPINION_MIN_GROUP_SIZE"]


def _votes_of_thread(thread_id):
    """{user id: {comment id: +1 or -1}} on the thread's published comments, from people whose account exists."""
    rows = db.session.execute(
        select(CommentVote.user_id, CommentVote.comment_id, CommentVote.value)
        .join(Comment, Comment.id == CommentVote.comment_id)
        .join(User, User.id == CommentVote.user_id)
        .where(Comment.thread_id == thread_id, Comment.counted_filter(), User.deleted_at.is_(None))
    ).all()
    votes = {}
    for user_id, comment_id, value in rows:
        votes.setdefault(user_id, {})[comment_id] = value
    return votes


def _positions_of_thread(thread_id, user_ids):
    """{user id: +1 / -1 / 0}: the position each participant took in their latest comment that took one."""
    positions = {}
    for author_id, position in db.session.execute(
        select(Comment.author_id, Comment.position)
        .where(Comment.thread_id == thread_id, Comment.counted_filter(), Comment.position.is_not(None))
        .order_by(Comment.created_at, Comment.id)
    ):
        if author_id in user_ids:
            positions[author_id] = POSITION_VALUES[position]
    return positions


def _shortfall(votes, min_participants, min_votes):
    """How many more participants, and at least how many more votes, the map needs."""
    counts = sorted((len(v) for v in votes.values()), reverse=True)
    eligible = sum(1 for n in counts if n >= min_votes)
    missing = max(0, min_participants - eligible)
    closest = [n for n in counts if n < min_votes][:missing]
    more_votes = sum(min_votes - n for n in closest) + (missing - len(closest)) * min_votes
    return {"participants": eligible, "participants_needed": missing, "votes_needed": more_votes}


def compute_map(thread_id):
    """Compute and store the opinion map of thread ``thread_id`` from its votes now; returns the OpinionMap.

    Below the thresholds (settings ``OPINION_MIN_*``) the map holds only what is missing. Replaces the
    thread's previous map and group memberships. Flushes, never commits.
    """
    revision = db.session.scalar(select(Thread.revision).where(Thread.id == thread_id))
    if revision is None:
        return None
    min_participants, min_votes, min_group_size = thresholds()
    votes = _votes_of_thread(thread_id)
    opinion_map = db.session.scalar(select(OpinionMap).where(OpinionMap.thread_id == thread_id))
    if opinion_map is None:
        opinion_map = OpinionMap(thread_id=thread_id)
        db.session.add(opinion_map)
    opinion_map.revision, opinion_map.computed_at = revision, utcnow()
    db.session.execute(delete(OpinionMembership).where(OpinionMembership.thread_id == thread_id))
    shortfall = _shortfall(votes, min_participants, min_votes)
    if shortfall["participants_needed"]:
        opinion_map.status, opinion_map.data = "insufficient", shortfall
        db.session.flush()
        return opinion_map

    import numpy as np

    from .analysis import analyse

    participants = sorted(user_id for user_id, mine in votes.items() if len(mine) >= min_votes)
    comment_ids = sorted({comment_id for user_id in participants for comment_id in votes[user_id]})
    column_of = {comment_id: n for n, comment_id in enumerate(comment_ids)}
    matrix = np.full((len(participants), len(comment_ids)), np.nan)
    for row, user_id in enumerate(participants):
        for comment_id, value in votes[user_id].items():
            matrix[row, column_of[comment_id]] = value
    positions_by_user = _positions_of_thread(thread_id, set(participants))
    positions = np.array([positions_by_user.get(user_id, np.nan) for user_id in participants])
    result = analyse(matrix, positions, min_group_size)

    # Dots in an order that says nothing of who they are: sorted by group and place, not by person.
    dots = sorted((label, round(x, DOT_DECIMALS), round(y, DOT_DECIMALS))
                  for label, (x, y) in zip(result.labels, result.coordinates, strict=True))
    groups = [{
        "label": group["label"], "size": group["size"],
        "representative": [{"comment_id": comment_ids[rep["column"]], "direction": rep["direction"],
                            "group_percent": rep["group_percent"], "rest_percent": rep["rest_percent"],
                            "group_votes": rep["group_votes"], "z": rep["z"]} for rep in group["representative"]],
    } for group in result.groups]
    consensus = [{"comment_id": comment_ids[c["column"]], "agree_percent": c["agree"]} for c in result.consensus]
    opinion_map.status = "ready"
    opinion_map.data = {
        "participants": len(participants), "comments": len(comment_ids), "groups": groups, "consensus": consensus,
        "dots": [[x, y, label] for label, x, y in dots],
    }
    db.session.flush()
    if participants:
        db.session.execute(insert(OpinionMembership), [
            {"thread_id": thread_id, "user_id": user_id, "group_label": label}
            for user_id, label in zip(participants, result.labels, strict=True)])
    return opinion_map


@dataclass
class MapView:
    """What a page shows of a thread's opinion map: the stored map and the comments it names."""

    thread: Thread
    opinion_map: OpinionMap | None
    comments: dict = field(default_factory=dict)  # comment id -> Comment, those still published
    min_participants: int = 7
    min_votes: int = 3

    @property
    def is_ready(self):
        return self.opinion_map is not None and self.opinion_map.is_ready

    @property
    def data(self):
        return self.opinion_map.data if self.opinion_map is not None else {}

    def groups(self):
        """The groups with their representative comments that are still shown in the thread."""
        return [dict(group, representative=[rep for rep in group["representative"]
                                            if rep["comment_id"] in self.comments])
                for group in self.data.get("groups", [])]

    def centre(self, label):
        """The mean place of a group's dots, where its letter is written on the map."""
        dots = [(x, y) for x, y, dot_label in self.data.get("dots", []) if dot_label == label]
        if not dots:
            return (0.0, 0.0)
        return (sum(x for x, _y in dots) / len(dots), sum(y for _x, y in dots) / len(dots))

    def consensus(self):
        return [entry for entry in self.data.get("consensus", []) if entry["comment_id"] in self.comments]


def stored_map(thread_id):
    return db.session.scalar(select(OpinionMap).where(OpinionMap.thread_id == thread_id))


_READ = object()


def map_for_thread(thread, opinion_map=_READ):
    """The opinion map of ``thread`` as pages show it (a ``MapView``), with the comments it names loaded.

    Reads what the worker stored (``opinion_map``, when the caller has read it already: None for
    none); computes nothing. The view holds nothing about single people.
    """
    opinion_map = stored_map(thread.id) if opinion_map is _READ else opinion_map
    min_participants, min_votes, _size = thresholds()
    view = MapView(thread=thread, opinion_map=opinion_map, min_participants=min_participants, min_votes=min_votes)
    if view.is_ready:
        ids = {rep["comment_id"] for group in view.data["groups"] for rep in group["representative"]}
        ids |= {entry["comment_id"] for entry in view.data["consensus"]}
        if ids:
            view.comments = {comment.id: comment for comment in db.session.scalars(
                select(Comment).where(Comment.id.in_(sorted(ids)), Comment.thread_id == thread.id,
                                      Comment.counted_filter()))}
    return view


def group_of(user, thread_id):
    """The letter of the group ``user`` fell in on the thread's map, or None. For that user's own eyes only."""
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(OpinionMembership.group_label).where(
        OpinionMembership.thread_id == thread_id, OpinionMembership.user_id == user.id))


def public_summary(opinion_map):
    """The map as the open data API gives it: groups, sizes, comment ids, when and from which revision."""
    if opinion_map is None:
        return {"status": "none", "computed_at": None, "revision": None, "groups": [], "consensus": []}
    data = opinion_map.data or {}
    computed_at = opinion_map.computed_at
    if computed_at.tzinfo is None:  # SQLite keeps the wall time in UTC
        computed_at = computed_at.replace(tzinfo=UTC)
    summary = {
        "status": opinion_map.status, "computed_at": computed_at.isoformat(), "revision": opinion_map.revision,
        "groups": [{"label": group["label"], "size": group["size"],
                    "representative": [{key: rep[key] for key in ("comment_id", "direction", "group_percent",
                                                                  "rest_percent", "group_votes")}
                                       for rep in group["representative"]]}
                   for group in data.get("groups", [])],
        "consensus": [{"comment_id": entry["comment_id"], "agree_percent": entry["agree_percent"]}
                      for entry in data.get("consensus", [])],
    }
    if opinion_map.status == "insufficient":
        summary["participants_needed"] = data.get("participants_needed", 0)
        summary["votes_needed"] = data.get("votes_needed", 0)
    return summary

