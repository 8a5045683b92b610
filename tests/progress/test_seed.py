"""Generated progress: every item has a state, timelines move forward, and the pages have data."""
import random

from sqlalchemy import func, select

from participation.extensions import db
from participation.programme.models import ProgrammeItem
from participation.progress.models import ItemProgress, ProgressUpdate
from participation.progress.seed import seed_progress


def test_every_item_gets_a_plausible_state_and_timeline(client, programme):
    written = seed_progress(random.Random(3))
    assert written == db.session.scalar(select(func.count(ProgressUpdate.id))) > 0
    items = db.session.scalar(select(func.count(ProgrammeItem.id)))
    states = {row.item_id: row for row in db.session.scalars(select(ItemProgress))}
    assert len(states) == items
    timelines = {}
    for update in db.session.scalars(select(ProgressUpdate).order_by(ProgressUpdate.published_on)):
        timelines.setdefault(update.item_id, []).append(update)
    for item_id, updates in timelines.items():
        figures = [update.progress for update in updates]
        assert figures == sorted(figures) and figures[-1] == states[item_id].progress
        assert updates[-1].status_id == states[item_id].status_id
    completed = [state for state in states.values() if state.status.key == "completed"]
    assert completed and all(state.progress == 100 for state in completed)
    assert client.get("/en/progress").status_code == 200
    assert seed_progress(random.Random(3)) == 0  # items that have progress keep it
