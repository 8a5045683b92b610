"""The whole programme's JSON and CSV are kept, and built again whenever anything they show changes."""
import csv
import io
from datetime import timedelta

from sqlalchemy import update

from participation.core import revisions
from participation.core.models import utcnow
from participation.extensions import db
from participation.programme.models import ProgrammeItem
from participation.programme.open_data import OPEN_DATA


def _programme(client, lang="it"):
    response = client.get(f"/api/v1/programme?lang={lang}")
    assert response.status_code == 200
    return response.get_json()


def _entry(data, item):
    return next(entry for entry in data["items"] if entry["id"] == item.id)


def _csv_row(client, item):
    rows = csv.DictReader(io.StringIO(client.get("/programme.csv").data.decode("utf-8-sig")))
    return next(row for row in rows if row["id"] == str(item.id))


def test_a_kept_programme_is_served_without_being_built_again(client, item, count_queries):
    first = client.get("/api/v1/programme").data
    with count_queries() as queries:
        again = client.get("/api/v1/programme").data
    assert again == first
    assert queries() <= 3, "only the state of the open data is read"  # the revision and the overdue requests
    with count_queries() as queries:
        client.get("/api/v1/programme?lang=en")  # another language is built once too
    assert queries() > 3


def test_the_kept_programme_follows_every_change_it_shows(client, item, staff, statuses, make_user):
    from participation.answers.services import record_comment_wish
    from participation.discussion import services as discussion
    from participation.progress import services as progress
    from participation.translations.services import save_translation

    _programme(client), _programme(client, "en"), _csv_row(client, item)  # kept

    item.title = "Un titolo nuovo"  # the programme itself
    db.session.commit()
    assert _entry(_programme(client), item)["title"] == "Un titolo nuovo"
    assert _csv_row(client, item)["title"] == "Un titolo nuovo"
    assert _entry(_programme(client, "en"), item)["title"] != "A new title"  # kept again, in English too

    save_translation(item, "title", "en", "A new title", by=staff)  # a translation
    db.session.commit()
    assert _entry(_programme(client, "en"), item)["title"] == "A new title"
    _programme(client), _csv_row(client, item)  # kept again: each change below must reach them itself

    progress.publish_progress_update(staff, item, status=statuses["in_progress"], progress=30, text="Avviato.")
    db.session.commit()  # a progress update
    assert _entry(_programme(client), item)["progress"]["progress"] == 30
    assert _csv_row(client, item)["progress"] == "30"

    resident = make_user()
    comment, _ = discussion.post_comment(resident, discussion.ensure_item_thread(item.id), "Quando?", "it")
    request = record_comment_wish(comment)  # a question to the City
    assert request is not None
    db.session.commit()
    [asked] = _entry(_programme(client), item)["answer_requests"]
    assert asked["status"] == "open"

    # Time alone makes the request overdue: its deadline is moved in SQL that no listener sees.
    revision = revisions.current(OPEN_DATA)
    requests = type(request).__table__
    db.session.connection().execute(update(requests).where(requests.c.id == request.id)
                                    .values(due_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    assert revisions.current(OPEN_DATA) == revision
    assert _entry(_programme(client), item)["answer_requests"][0]["status"] == "overdue"

    request.answered_at = utcnow()  # answered: no longer open
    db.session.commit()
    assert _entry(_programme(client), item)["answer_requests"] == []


def test_a_revision_moves_once_per_change_and_not_for_what_is_rolled_back(app, item):
    before = revisions.current(OPEN_DATA)
    item.objective = "Un altro obiettivo."
    db.session.flush()
    item.position += 1
    db.session.commit()
    assert revisions.current(OPEN_DATA) == before + 1  # one transaction, one move

    db.session.execute(update(ProgrammeItem).where(ProgrammeItem.id == item.id).values(point="9"))  # ORM UPDATE
    db.session.commit()
    assert revisions.current(OPEN_DATA) == before + 2

    item.title = "Mai salvato"
    db.session.flush()
    db.session.rollback()
    assert revisions.current(OPEN_DATA) == before + 2
    item.title = "Salvato dopo"  # the next transaction moves it again, though the last one had
    db.session.commit()
    assert revisions.current(OPEN_DATA) == before + 3


def test_a_change_before_a_savepoint_that_is_undone_still_moves_the_revision(app, item):
    before = revisions.current(OPEN_DATA)
    item.title = "Prima del punto di salvataggio"
    db.session.flush()
    savepoint = db.session.begin_nested()
    item.objective = "Annullato"
    db.session.flush()
    savepoint.rollback()
    db.session.commit()
    assert revisions.current(OPEN_DATA) == before + 1
    db.session.refresh(item)
    assert item.title == "Prima del punto di salvataggio"


def test_the_revision_is_written_last_in_the_transaction(app, item):
    """Its row is locked only as the transaction commits, after everything it changed was written."""
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    from sqlalchemy import event

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        item.title = "Un altro titolo"
        db.session.flush()
        item.objective = "Un altro obiettivo"
        db.session.commit()
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    writes = [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    moves = [n for n, s in enumerate(writes) if "content_revision" in s]
    assert len(moves) == 1, writes
    # After it, only the search index's rows of what changed, written as the transaction commits too.
    assert all("search_document" in s for s in writes[moves[0] + 1:]), writes
    assert any("programme_item" in s for s in writes[:moves[0]])
