"""The programme's translatable content: areas, items and departments."""
from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..translations.services import cached_with_translations, show
from ..translations.translatable import register_translatable
from .models import Area, Department, ProgrammeItem
from .services import ItemChoice, all_items, item_choices


def item_title_shown(item_id, language):
    """The title of the item ``item_id`` as a reader of ``language`` sees it (a ``Shown``), or None
    when there is no such item. Every item's title is loaded once per request."""
    choices = cached_with_translations("item_choices", lambda: {choice.id: choice for choice in item_choices()})
    choice = choices.get(item_id)
    return show(choice, "title", language) if choice is not None else None


def _areas_in_order():
    return db.session.scalars(select(Area).order_by(Area.number)).all()


def _departments_in_order():
    return db.session.scalars(select(Department).order_by(Department.name)).all()


register_translatable(
    "area",
    Area,
    ("title", "intro"),
    label=lambda area: f"{area.number}. {area.title}",
    plural_label=_l("Areas"),
    list_all=_areas_in_order,
    page_url=lambda area: url_for("programme.area", number=area.number),
    file_section="areas",
    file_key=lambda area: str(area.number),
)
register_translatable(
    "item",
    ProgrammeItem,
    ("title", "objective", "macro_actions"),
    label=lambda item: f"{item.code} {item.title}",
    plural_label=_l("Programme items"),
    list_all=all_items,
    page_url=lambda item: url_for("programme.item", slug=item.slug),
    file_section="items",
    file_key=lambda item: item.slug,
    stand_ins=(ItemChoice,),
)
register_translatable(
    "department",
    Department,
    ("name",),
    label=lambda department: department.name,
    plural_label=_l("Departments"),
    list_all=_departments_in_order,
    page_url=lambda department: url_for("programme.department", slug=department.slug),
    file_section="departments",
    file_key=lambda department: department.name,
    file_value_only=True,
)
