"""Generated progress for ``flask dev seed``: a status, a figure and a few dated updates per item."""
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select

from ..core.sanitize import plain_text_to_html
from ..extensions import db
from ..programme.models import ItemDepartment, ProgrammeItem
from .models import ItemProgress, ProgressUpdate
from .statuses import list_statuses, seed_statuses

START = date(2024, 9, 1)
# status, chance, final progress range
PLAN = (("not_started", 22, (0, 0)), ("in_progress", 46, (10, 85)), ("completed", 20, (100, 100)),
        ("changed", 7, (20, 70)), ("dropped", 5, (0, 30)))
STEPS = (
    "Il progetto di fattibilità è stato approvato dalla Giunta.",
    "Pubblicato il bando di gara; le offerte si possono presentare entro sessanta giorni.",
    "Aggiudicata la gara e firmato il contratto con l'impresa.",
    "Avviati i lavori nel primo lotto; il cantiere resta aperto nei giorni feriali.",
    "Completato il primo lotto; il secondo partirà dopo la pausa estiva.",
    "Incontro pubblico con i residenti del quartiere per presentare lo stato dei lavori.",
    "Ottenuto il finanziamento regionale che copre metà della spesa prevista.",
    "Conclusa la fase di ascolto con le associazioni; il progetto è stato rivisto.",
)
FINAL = {
    "completed": "L'intervento è concluso e il servizio è attivo.",
    "changed": "L'obiettivo è stato rivisto dopo il confronto con la cittadinanza: il nuovo progetto sostituisce il precedente.",
    "dropped": "L'intervento non sarà realizzato in questo mandato: le risorse sono state destinate ad altre priorità.",
}


def _moment(day):
    return datetime.combine(day, time(9, 30), tzinfo=UTC)


def _pick(rng):
    roll, total = rng.randint(1, 100), 0
    for key, chance, span in PLAN:
        total += chance
        if roll <= total:
            return key, span
    return PLAN[0][0], PLAN[0][2]


def seed_progress(rng):
    """Give every item without progress a state and 1-4 updates (none for items not started), in bulk.
    Returns the number of updates written. Commits."""
    seed_statuses()
    statuses = {status.key: status.id for status in list_statuses()}
    done = set(db.session.scalars(select(ItemProgress.item_id)))
    departments = {}
    for item_id, department_id in db.session.execute(
            select(ItemDepartment.item_id, ItemDepartment.department_id).order_by(ItemDepartment.position)).all():
        departments.setdefault(item_id, []).append(department_id)
    states, updates = [], []
    for item_id in db.session.scalars(select(ProgrammeItem.id).order_by(ProgrammeItem.id)):
        if item_id in done:
            continue
        key, (low, high) = _pick(rng)
        final = rng.randint(low, high)
        weight = rng.choice((1, 1, 1, 1, 2, 3))
        states.append({"item_id": item_id, "status_id": statuses[key], "progress": final, "weight": weight,
                       "updated_at": _moment(START)})
        if key == "not_started":
            continue
        steps = rng.randint(1, 4)
        day = START + timedelta(days=rng.randint(0, 120))
        figures = sorted(rng.randint(0, final) for _ in range(steps - 1)) + [final]
        for number, figure in enumerate(figures):
            last = number == len(figures) - 1
            status = key if last else "in_progress"
            text = FINAL.get(key) if last and key in FINAL else rng.choice(STEPS)
            department = rng.choice(departments[item_id]) if departments.get(item_id) else None
            updates.append({"item_id": item_id, "published_on": day, "status_id": statuses[status],
                            "progress": figure, "text": text, "text_html": plain_text_to_html(text), "language": "it",
                            "links": [], "author_id": None, "department_id": department, "created_at": _moment(day)})
            day += timedelta(days=rng.randint(30, 160))
        states[-1]["updated_at"] = _moment(day)
    if states:
        db.session.execute(insert(ItemProgress.__table__), states)
    if updates:
        db.session.execute(insert(ProgressUpdate.__table__), updates)
    db.session.commit()
    return len(updates)
