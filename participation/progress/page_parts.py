"""What progress adds to other features' pages: the item's state and timeline, an area's average."""
from ..core.page_parts import register_page_part
from ..translations.services import expect_translations
from . import services
from .statuses import status_label


def item_progress(item):
    timeline = services.item_timeline(item.id)
    expect_translations(timeline)  # read with the page's other translations, not one query per update
    return {"item_progress": services.current_progress(item.id), "progress_timeline": timeline,
            "progress_status_label": status_label}


def area_progress(area):
    return {"area_progress": services.area_rollup(area)}


register_page_part("programme.item", item_progress)
register_page_part("programme.area", area_progress)
