"""Business rules of the programme: importing the document and reading it back."""
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ..core.text import slugify
from ..extensions import db
from .models import Area, Department, GiuntaMember, ItemArea, ItemDepartment, Programme, ProgrammeItem
from .parser import parse_file


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    missing: list = field(default_factory=list)  # slugs of items no longer in the document
    areas_changed: int = 0

    def summary(self):
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.areas_changed:
            text += f"; {self.areas_changed} areas created or updated"
        if self.missing:
            text += f"; {len(self.missing)} items no longer in the document were kept: " + ", ".join(self.missing)
        return text


def _assign_slugs(parsed_items):
    """A stable, unique slug per item; a repeated title gets its area number."""
    slugs, taken = [], set()
    for item in parsed_items:
        base = slugify(item.title)
        slug = base if base not in taken else f"{base}-{item.area_number}"
        counter = 2
        while slug in taken:
            slug = f"{base}-{item.area_number}-{counter}"
            counter += 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


def _item_state(item_fields):
    return (
        item_fields["point"],
        item_fields["title"],
        item_fields["objective"],
        item_fields["macro_actions"],
        item_fields["position"],
        item_fields["area_numbers"],
        item_fields["departments"],
    )


def _existing_state(item):
    return (
        item.point,
        item.title,
        item.objective,
        item.macro_actions,
        item.position,
        [link.area_number for link in sorted(item.area_links, key=lambda link: (link.area_number != item.primary_area.number, link.area_number))],
        [link.department.name for link in item.department_links],
    )


def import_programme(parsed):
    """Write a parsed programme into the database, updating items in place.

    Items are matched by slug, then by area and position, so an edited item
    keeps its id and URL. Needs a parsed ``ParsedProgramme``; flushes but does
    not commit. Returns an ``ImportReport``.
    """
    report = ImportReport()

    programme = db.session.scalar(select(Programme))
    if programme is None:
        programme = Programme(title=parsed.title, mayor=parsed.mayor)
        db.session.add(programme)
    elif (programme.title, programme.mayor) != (parsed.title, parsed.mayor):
        programme.title, programme.mayor = parsed.title, parsed.mayor

    existing_giunta = [(m.name, m.role) for m in db.session.scalars(select(GiuntaMember).order_by(GiuntaMember.position))]
    if existing_giunta != list(parsed.giunta):
        db.session.execute(GiuntaMember.__table__.delete())
        for position, (name, role) in enumerate(parsed.giunta, start=1):
            db.session.add(GiuntaMember(position=position, name=name, role=role))

    areas = {a.number: a for a in db.session.scalars(select(Area))}
    for parsed_area in parsed.areas:
        area = areas.get(parsed_area.number)
        if area is None:
            area = Area(number=parsed_area.number, title=parsed_area.title, intro=list(parsed_area.intro))
            db.session.add(area)
            areas[area.number] = area
            report.areas_changed += 1
        elif (area.title, area.intro) != (parsed_area.title, parsed_area.intro):
            area.title, area.intro = parsed_area.title, list(parsed_area.intro)
            report.areas_changed += 1
    db.session.flush()

    departments = {d.name: d for d in db.session.scalars(select(Department))}
    department_slugs = {d.slug for d in departments.values()}

    def department_named(name):
        if name not in departments:
            slug, counter = slugify(name), 2
            while slug in department_slugs:
                slug = f"{slugify(name)}-{counter}"
                counter += 1
            department_slugs.add(slug)
            departments[name] = Department(name=name, slug=slug)
            db.session.add(departments[name])
        return departments[name]

    items = db.session.scalars(
        select(ProgrammeItem).options(
            selectinload(ProgrammeItem.area_links),
            selectinload(ProgrammeItem.department_links).selectinload(ItemDepartment.department),
            selectinload(ProgrammeItem.primary_area),
        )
    ).all()
    by_slug = {item.slug: item for item in items}
    by_position = {(item.primary_area.number, item.position): item for item in items}
    claimed = set()

    slugs = _assign_slugs(parsed.items)
    wanted = set(slugs)
    for parsed_item, slug in zip(parsed.items, slugs, strict=True):
        fields = {
            "point": parsed_item.point,
            "title": parsed_item.title,
            "objective": parsed_item.objective,
            "macro_actions": parsed_item.macro_actions,
            "position": parsed_item.position,
            "area_numbers": list(parsed_item.area_numbers),
            "departments": list(parsed_item.departments),
        }
        item = by_slug.get(slug)
        if item is None or item.id in claimed:
            candidate = by_position.get((parsed_item.area_number, parsed_item.position))
            # An item found by position is the same item renamed, unless its
            # slug belongs to another item of the document.
            reusable = candidate is not None and candidate.id not in claimed
            item = candidate if reusable and (candidate.slug == slug or candidate.slug not in wanted) else None
        if item is None:
            item = ProgrammeItem(slug=slug, primary_area=areas[parsed_item.area_number])
            db.session.add(item)
            report.created += 1
        elif item.primary_area.number == parsed_item.area_number and _existing_state(item) == _item_state(fields):
            claimed.add(item.id)
            report.unchanged += 1
            continue
        else:
            report.updated += 1
        if item.id is not None:
            claimed.add(item.id)
        item.primary_area = areas[parsed_item.area_number]
        item.point = fields["point"]
        item.title = fields["title"]
        item.objective = fields["objective"]
        item.macro_actions = fields["macro_actions"]
        item.position = fields["position"]
        item.area_links = [
            ItemArea(
                area=areas[number],
                area_number=number,
                sort_key=parsed_item.area_number * 1000 + parsed_item.position,
            )
            for number in parsed_item.area_numbers
        ]
        item.department_links = [
            ItemDepartment(department=department_named(name), position=position)
            for position, name in enumerate(parsed_item.departments)
        ]
        db.session.flush()

    report.missing = sorted(item.slug for item in items if item.id not in claimed)
    db.session.flush()
    from ..translations.services import mark_outdated_translations

    mark_outdated_translations()
    return report


def import_programme_file(path):
    """Parse the document at ``path`` and import it; raises ProgrammeFormatError."""
    return import_programme(parse_file(path))


def programme_is_empty():
    return db.session.scalar(select(func.count()).select_from(ProgrammeItem)) == 0


# --- reading -------------------------------------------------------------------

def _item_options():
    return (
        selectinload(ProgrammeItem.primary_area),
        selectinload(ProgrammeItem.area_links).selectinload(ItemArea.area),
        selectinload(ProgrammeItem.department_links).selectinload(ItemDepartment.department),
    )


def list_areas_with_counts():
    """All areas in order, each with the number of items listed under it."""
    counts = dict(
        db.session.execute(select(ItemArea.area_id, func.count()).group_by(ItemArea.area_id)).all()
    )
    areas = db.session.scalars(select(Area).order_by(Area.number)).all()
    return [(area, counts.get(area.id, 0)) for area in areas]


def get_area(number):
    return db.session.scalar(select(Area).where(Area.number == number))


def items_in_area(area):
    return db.session.scalars(
        select(ProgrammeItem)
        .join(ItemArea, ItemArea.item_id == ProgrammeItem.id)
        .where(ItemArea.area_id == area.id)
        .order_by(ItemArea.sort_key)
        .options(*_item_options())
    ).all()


def get_item_by_slug(slug):
    return db.session.scalar(select(ProgrammeItem).where(ProgrammeItem.slug == slug).options(*_item_options()))


def get_item_for_page(slug):
    """One item with its areas and departments in a single query (the item page counts its queries)."""
    return db.session.execute(
        select(ProgrammeItem).where(ProgrammeItem.slug == slug).options(
            joinedload(ProgrammeItem.primary_area),
            joinedload(ProgrammeItem.area_links).joinedload(ItemArea.area),
            joinedload(ProgrammeItem.department_links).joinedload(ItemDepartment.department),
        )
    ).unique().scalar_one_or_none()


def get_item(item_id):
    return db.session.scalar(select(ProgrammeItem).where(ProgrammeItem.id == item_id).options(*_item_options()))


@dataclass(frozen=True)
class ItemChoice:
    """What a list of items to pick from shows: no areas or departments to load."""

    id: int
    code: str
    title: str


def item_choices():
    """Every item as (id, code, title) in programme order: one light query for filter menus."""
    rows = db.session.execute(
        select(ProgrammeItem.id, Area.number, ProgrammeItem.position, ProgrammeItem.title)
        .join(Area, Area.id == ProgrammeItem.primary_area_id)
        .order_by(Area.number, ProgrammeItem.position)
    ).all()
    return [ItemChoice(item_id, f"{number}.{position}", title) for item_id, number, position, title in rows]


def all_items():
    return db.session.scalars(
        select(ProgrammeItem)
        .join(Area, Area.id == ProgrammeItem.primary_area_id)
        .order_by(Area.number, ProgrammeItem.position)
        .options(*_item_options())
    ).all()


def list_departments():
    counts = dict(
        db.session.execute(
            select(ItemDepartment.department_id, func.count()).group_by(ItemDepartment.department_id)
        ).all()
    )
    departments = db.session.scalars(select(Department).order_by(Department.name)).all()
    return [(d, counts.get(d.id, 0)) for d in departments if counts.get(d.id, 0)]


def get_department(slug):
    return db.session.scalar(select(Department).where(Department.slug == slug))


def items_of_department(department):
    return db.session.scalars(
        select(ProgrammeItem)
        .join(ItemDepartment, ItemDepartment.item_id == ProgrammeItem.id)
        .join(Area, Area.id == ProgrammeItem.primary_area_id)
        .where(ItemDepartment.department_id == department.id)
        .order_by(Area.number, ProgrammeItem.position)
        .options(*_item_options())
    ).all()


def get_programme():
    return db.session.scalar(select(Programme))


def list_giunta():
    return db.session.scalars(select(GiuntaMember).order_by(GiuntaMember.position)).all()
