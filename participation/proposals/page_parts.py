"""What proposals add to the programme item page: the most supported proposals about the item."""
from ..core.page_parts import register_page_part
from .services import proposals_for_item


def item_proposals(item):
    return {"item_proposals": proposals_for_item(item.id)}


register_page_part("programme.item", item_proposals)
