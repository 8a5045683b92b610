"""The discussion's part of the programme item page."""
from flask import url_for

from ..core.page_parts import register_page_part
from .context import discussion_context, thread_with_follow
from .models import Thread


def item_discussion(item):
    """The item's thread, whether the reader follows it, and the rendered discussion section."""
    thread, following = thread_with_follow(Thread.programme_item_id == item.id)
    return discussion_context("item", item.id, thread, following, url_for("programme.item", slug=item.slug))


register_page_part("programme.item", item_discussion)
