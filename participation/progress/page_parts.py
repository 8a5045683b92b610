"""What progress adds to other features' pages: the item's state and timeline, an area's average.

The item's progress is in the kept part of the item page: what it reads moves the revision
``OPEN_DATA`` (``open_data.py`` names the models), and only staff who may publish an update
see something of their own (the link to do so).
"""
from flask_login import current_user

from ..core.page_parts import register_kept_page_part, register_page_part
from ..permissions import can_update_progress
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


register_kept_page_part("programme.item", item_progress, audience=lambda: can_update_progress(current_user))
register_page_part("programme.area", area_progress)
