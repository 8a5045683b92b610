"""Business rules of the programme's progress: publishing updates, the averages, the timeline.

The averages: an item counts with its weight (1 unless staff set another; 0 leaves it out) and its
progress (0 while nothing was published). Items whose status is not ``in_average`` (dropped) are
left out of the average altogether: a promise given up is neither done nor still to do. An area's
average covers every item listed under it; the programme's covers each item once.
"""
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlparse

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, load_only, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from ..audit.services import record_audit
from ..core.models import utcnow
from ..core.sanitize import normalise_text, plain_text_to_html
from ..extensions import db
from ..notifications.services import notify_audience
from ..programme.models import Area, Department, ItemArea, ProgrammeItem
from .documents import check_document
from .models import ItemProgress, ProgressDocument, ProgressStatus, ProgressUpdate
from .statuses import NOT_STARTED, list_statuses

AUDIENCE = "progress.item"
MAX_LINKS = 5
TIMELINE_PAGE = 50


class ProgressError(ValueError):
    """An update that cannot be published; ``message`` says why, translated."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Rollup:
    """An average of progress: the figure (0-100, None when no item counts) and what it is made of."""

    percent: int | None
    counted: int  # items in the average
    excluded: int  # items left out (dropped, or weight 0)


def check_progress(value):
    """``value`` as a whole percentage; raises ProgressError outside 0-100."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ProgressError(_("Progress must be a whole number from 0 to 100.")) from None
    if not 0 <= number <= 100:
        raise ProgressError(_("Progress must be a whole number from 0 to 100."))
    return number


def check_weight(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ProgressError(_("The weight must be a whole number from 0 to 100.")) from None
    if not 0 <= number <= 100:
        raise ProgressError(_("The weight must be a whole number from 0 to 100."))
    return number


def check_links(links):
    """The web addresses of an update (http or https only, at most MAX_LINKS); raises ProgressError."""
    found = []
    for link in links or ():
        link = (link or "").strip()
        if not link:
            continue
        parsed = urlparse(link)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or len(link) > 500:
            raise ProgressError(_("Links must be web addresses starting with https:// or http://."))
        found.append(link)
    if len(found) > MAX_LINKS:
        raise ProgressError(_("At most %(number)d links.", number=MAX_LINKS))
    return found


def current_progress(item_id):
    """The item's ItemProgress with its status (one query), or None before any update."""
    return db.session.scalar(
        select(ItemProgress).where(ItemProgress.item_id == item_id).options(joinedload(ItemProgress.status)))


def publish_progress_update(user, item, *, status, progress, text="", language="it", published_on=None, links=(),
                            department=None, documents=(), weight=None, notify=True):
    """Publish an update on ``item`` by staff member ``user`` on behalf of ``department`` (one of the
    item's departments, or None): a new row of the timeline, the item's current status and progress
    (and ``weight`` when given), an audit entry, and a notification to the item's followers and
    supporters. ``documents`` are ``(filename, bytes)`` pairs, checked by their content.
    Raises ProgressError for bad input, before changing anything. Flushes, never commits.
    """
    if not isinstance(status, ProgressStatus):
        raise ProgressError(_("Choose a status from the list."))
    progress = check_progress(progress)
    weight = check_weight(weight) if weight is not None else None
    links = check_links(links)
    if department is not None and department.id not in {d.id for d in item.departments}:
        raise ProgressError(_("Choose one of the departments responsible for this item."))
    checked = [check_document(name, data) for name, data in documents]
    text = normalise_text(text).strip()
    published_on = published_on or date.today()
    update = ProgressUpdate(
        item_id=item.id, published_on=published_on, status_id=status.id, progress=progress, text=text,
        text_html=plain_text_to_html(text) if text else "", language=language, links=links,
        author_id=getattr(user, "id", None), department_id=department.id if department else None,
        created_at=utcnow(),
    )
    update.documents = [ProgressDocument(filename=name, content_type=kind, size=len(data), data=data)
                        for name, kind, data in checked]
    db.session.add(update)
    _set_current(item.id, status, progress, weight, published_on)
    db.session.flush()
    record_audit(user, "progress_update", target_type="item", target_id=item.id, status=status.key,
                 progress=progress, weight=weight, update_id=update.id)
    if notify:
        notify_audience(AUDIENCE, "progress_update", exclude=[user.id] if getattr(user, "id", None) else [],
                        values={"item_id": item.id}, item_id=item.id, title=item.title, slug=item.slug,
                        status=status.key, progress=progress, update_id=update.id)
    return update


def _set_current(item_id, status, progress, weight, published_on):
    """The item's state becomes the update's, unless a later-dated update already holds it."""
    current = db.session.get(ItemProgress, item_id)
    if current is None:
        current = ItemProgress(item_id=item_id, status_id=status.id, progress=progress,
                               weight=1 if weight is None else weight, updated_at=utcnow())
        db.session.add(current)
        return current
    latest = db.session.scalar(select(func.max(ProgressUpdate.published_on)).where(
        ProgressUpdate.item_id == item_id))
    if latest is None or published_on >= latest:
        current.status_id, current.progress = status.id, progress
    if weight is not None:
        current.weight = weight
    current.updated_at = utcnow()
    return current


# --- reading ---------------------------------------------------------------


def progress_by_item():
    """``{item id: ItemProgress}`` for every item with a state (one query)."""
    return {row.item_id: row for row in db.session.scalars(select(ItemProgress))}


def weighted_average(states):
    """The rule of the module docstring over ``states``: ``(progress, weight, in_average)`` triples."""
    total = weights = counted = excluded = 0
    for progress, weight, in_average in states:
        if not in_average or weight <= 0:
            excluded += 1
            continue
        total += progress * weight
        weights += weight
        counted += 1
    return Rollup(round(total / weights) if weights else None, counted, excluded)


def _state(current, statuses):
    if current is None:
        return 0, 1, True
    return current.progress, current.weight, statuses[current.status_id].in_average


def programme_rollup():
    """The whole programme's progress: every item once."""
    statuses = {status.id: status for status in list_statuses()}
    states = progress_by_item()
    item_ids = db.session.scalars(select(ProgrammeItem.id)).all()
    return weighted_average(_state(states.get(item_id), statuses) for item_id in item_ids)


def area_rollups():
    """``{area id: Rollup}`` over the items listed under each area (two queries)."""
    statuses = {status.id: status for status in list_statuses()}
    states = progress_by_item()
    by_area = {}
    for area_id, item_id in db.session.execute(select(ItemArea.area_id, ItemArea.item_id)).all():
        by_area.setdefault(area_id, []).append(_state(states.get(item_id), statuses))
    return {area_id: weighted_average(rows) for area_id, rows in by_area.items()}


def area_rollup(area):
    return area_rollups().get(area.id, Rollup(None, 0, 0))


def status_counts():
    """``[(status, number of items)]`` for every status, items without a state counted as not started."""
    statuses = list_statuses()
    counts = dict(db.session.execute(
        select(ItemProgress.status_id, func.count()).group_by(ItemProgress.status_id)).all())
    without = db.session.scalar(select(func.count(ProgrammeItem.id)).where(
        ProgrammeItem.id.not_in(select(ItemProgress.item_id))))
    rows = []
    for status in statuses:
        number = counts.get(status.id, 0) + (without if status.key == NOT_STARTED else 0)
        rows.append((status, number))
    return rows


def item_timeline(item_id, limit=TIMELINE_PAGE):
    """The item's updates, newest first, with their status, author, department and documents: two queries
    however many updates there are (or none), so the item page's count does not depend on the data."""
    updates = db.session.scalars(
        select(ProgressUpdate).where(ProgressUpdate.item_id == item_id)
        .options(joinedload(ProgressUpdate.status), joinedload(ProgressUpdate.author),
                 joinedload(ProgressUpdate.department))
        .order_by(ProgressUpdate.published_on.desc(), ProgressUpdate.id.desc()).limit(limit)
    ).all()
    documents = {}
    for document in db.session.scalars(
            select(ProgressDocument).where(ProgressDocument.update_id.in_([update.id for update in updates]))
            .options(load_only(ProgressDocument.id, ProgressDocument.filename, ProgressDocument.content_type,
                               ProgressDocument.size, ProgressDocument.update_id))
            .order_by(ProgressDocument.id)):
        documents.setdefault(document.update_id, []).append(document)
    for update in updates:
        set_committed_value(update, "documents", documents.get(update.id, []))
    return updates


def latest_updates(area=None, limit=30):
    """The latest updates of the programme (or of the items listed under ``area``), newest first."""
    query = select(ProgressUpdate).options(
        selectinload(ProgressUpdate.status), selectinload(ProgressUpdate.department),
        selectinload(ProgressUpdate.item).selectinload(ProgrammeItem.primary_area))
    if area is not None:
        query = query.where(ProgressUpdate.item_id.in_(select(ItemArea.item_id).where(ItemArea.area_id == area.id)))
    return db.session.scalars(
        query.order_by(ProgressUpdate.created_at.desc(), ProgressUpdate.id.desc()).limit(limit)).all()


@dataclass
class TimelineEntry:
    """An update as the open data gives it: plain values, its status's key and its department's name."""

    id: int
    item_id: int
    published_on: date
    status_key: str
    progress: int
    text: str
    language: str
    links: list
    department: str | None
    documents: list  # (id, filename, content type, size), without the bytes


def timelines_of(item_ids):
    """``{item id: [TimelineEntry, oldest first]}`` for the open data: two queries of plain rows."""
    item_ids = list(item_ids)
    if not item_ids:
        return {}
    rows = db.session.execute(
        select(ProgressUpdate.id, ProgressUpdate.item_id, ProgressUpdate.published_on, ProgressStatus.key,
               ProgressUpdate.progress, ProgressUpdate.text, ProgressUpdate.language, ProgressUpdate.links,
               Department.name)
        .join(ProgressStatus, ProgressStatus.id == ProgressUpdate.status_id)
        .outerjoin(Department, Department.id == ProgressUpdate.department_id)
        .where(ProgressUpdate.item_id.in_(item_ids))
        .order_by(ProgressUpdate.published_on, ProgressUpdate.id)).all()
    documents = {}
    for document in db.session.execute(
            select(ProgressDocument.update_id, ProgressDocument.id, ProgressDocument.filename,
                   ProgressDocument.content_type, ProgressDocument.size)
            .join(ProgressUpdate, ProgressUpdate.id == ProgressDocument.update_id)
            .where(ProgressUpdate.item_id.in_(item_ids))
            .order_by(ProgressDocument.id)):
        documents.setdefault(document[0], []).append(tuple(document[1:]))
    found = {}
    for row in rows:
        entry = TimelineEntry(*row[:7], list(row[7] or []), row[8], documents.get(row[0], []))
        found.setdefault(entry.item_id, []).append(entry)
    return found


def get_document(document_id):
    return db.session.get(ProgressDocument, document_id)


def get_area(number):
    return db.session.scalar(select(Area).where(Area.number == number))


def max_document_bytes():
    return current_app.config["PROGRESS_DOCUMENT_MAX_BYTES"]
