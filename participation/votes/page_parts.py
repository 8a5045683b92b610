"""What votes add to other features' pages: item support, proposal support, the reader's comment votes."""
from flask_login import current_user
from sqlalchemy import exists, select

from ..core.page_parts import register_page_part
from ..discussion.models import Thread
from ..discussion.reader_state import register_reader_state
from ..extensions import db
from .models import CommentVote, ItemSupport
from .services import supports_proposal


def item_support(item):
    """How many people support the item and whether the reader is one of them: one query."""
    columns = [Thread.support_count]
    if current_user.is_authenticated:
        columns.append(exists().where(ItemSupport.user_id == current_user.id,
                                      ItemSupport.programme_item_id == item.id))
    row = db.session.execute(select(*columns).where(Thread.programme_item_id == item.id)).first()
    if row is None:
        return {"item_supported": False, "item_support_count": 0}
    return {"item_support_count": row[0], "item_supported": bool(row[1]) if len(row) > 1 else False}


def proposal_support(proposal):
    return {"supported": supports_proposal(current_user, proposal.id)}


def comment_votes(user, comment_ids):
    """{comment id: +1 or -1} of ``user``'s votes among ``comment_ids``."""
    return dict(db.session.execute(
        select(CommentVote.comment_id, CommentVote.value).where(
            CommentVote.user_id == user.id, CommentVote.comment_id.in_(comment_ids))
    ).all())


register_page_part("programme.item", item_support)
register_page_part("proposals.detail", proposal_support)
register_reader_state("votes", comment_votes)
