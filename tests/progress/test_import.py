"""Progress from a CSV file: checked line by line, previewed, applied all or nothing."""
import io
import re

from sqlalchemy import func, select

from participation.extensions import db
from participation.progress.models import ItemProgress, ProgressUpdate


def _upload(client, text, lang="en"):
    return client.post(f"/{lang}/staff/progress/import", data={"file": (io.BytesIO(text.encode("utf-8")), "p.csv")},
                       content_type="multipart/form-data")


def test_a_file_with_bad_lines_is_refused_whole_with_line_numbers(client, login, staff, statuses, item, other_item):
    login(staff)
    text = ("item,status,progress,date,text\n"
            f"{item.slug},in_progress,40,2026-10-01,Good line\n"
            "no-such-item,in_progress,40,2026-10-01,\n"
            f"{other_item.slug},finished,40,2026-10-01,\n"
            f"{other_item.id},completed,140,2026-13-01,\n")
    page = _upload(client, text).get_data(as_text=True)
    assert "nothing has been changed" in page
    assert "Line 3: unknown item “no-such-item”" in page
    assert "Line 4: unknown status “finished”" in page
    assert "Line 5: progress “140” is not a whole number from 0 to 100" in page
    assert "Line 5: date “2026-13-01” is not a date like 2026-03-31" in page
    assert "Line 2" not in page
    assert db.session.scalar(select(func.count(ProgressUpdate.id))) == 0
    assert db.session.scalar(select(func.count(ItemProgress.item_id))) == 0


def test_a_line_that_is_not_csv_is_refused_with_its_number(client, login, staff, statuses, item):
    """A field longer than the CSV reader takes (or a quotation mark never closed) is a wrong line, not an error."""
    import csv

    login(staff)
    too_long = "x" * (csv.field_size_limit() + 1)
    text = f"item,status,progress,date,text\n{item.slug},in_progress,40,2026-10-01,ok\n{item.slug},completed,90,2026-10-02,{too_long}\n"
    response = _upload(client, text)
    page = response.get_data(as_text=True)
    assert "nothing has been changed" in page
    assert "Line 3: This line cannot be read as CSV" in page
    assert db.session.scalar(select(func.count(ProgressUpdate.id))) == 0
    header = _upload(client, f"item,status,progress,date,{too_long}\n").get_data(as_text=True)
    assert "Line 1: This line cannot be read as CSV" in header


def test_missing_columns_are_named(client, login, staff, statuses):
    login(staff)
    page = _upload(client, "item,progress\nx,1\n").get_data(as_text=True)
    assert "Line 1: Missing columns: status, date." in page


def test_a_good_file_is_previewed_then_applied(client, login, staff, statuses, item, other_item):
    login(staff)
    text = ("item,status,progress,date,text,weight\n"
            f"{item.slug},in_progress,40,2026-10-01,Lavori iniziati,2\n"
            f"{other_item.id},completed,100,2026-10-02,,\n")
    preview = _upload(client, text).get_data(as_text=True)
    assert "Not started → In progress" in preview and "0% → 40%" in preview and "1 → 2" in preview
    assert db.session.scalar(select(func.count(ProgressUpdate.id))) == 0  # nothing before confirming
    draft = re.search(r'name="draft" type="hidden" value="([^"]+)"', preview).group(1)
    response = client.post("/en/staff/progress/import/confirm", data={"draft": draft})
    assert response.status_code == 302
    states = {row.item_id: row for row in db.session.scalars(select(ItemProgress))}
    assert (states[item.id].progress, states[item.id].weight, states[item.id].status.key) == (40, 2, "in_progress")
    assert (states[other_item.id].progress, states[other_item.id].status.key) == (100, "completed")
    assert db.session.scalar(select(func.count(ProgressUpdate.id))) == 2


def test_a_forged_draft_changes_nothing(client, login, staff, statuses, item):
    login(staff)
    response = client.post("/en/staff/progress/import/confirm", data={"draft": "forged"})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(ProgressUpdate.id))) == 0
