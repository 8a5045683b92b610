"""Publishing one update from the staff form: documents, notifications to followers and supporters."""
import io

from sqlalchemy import func, select

from participation.core.jobs import run_due_jobs
from participation.extensions import db
from participation.notifications.models import Notification
from participation.progress.models import ProgressDocument, ProgressUpdate

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _form(item, **fields):
    data = {"status": "in_progress", "progress": "45", "published_on": "2026-11-30", "department": "0",
            "text": "Il cantiere è aperto.", "links": "https://example.org/delibera", "weight": "1"}
    data.update(fields)
    return data


def test_staff_publish_an_update_with_a_document(client, login, staff, statuses, item):
    login(staff)
    department = item.departments[0]
    response = client.post(f"/it/items/{item.slug}/progress/new", data=_form(
        item, department=str(department.id), documents=[(io.BytesIO(PDF), "delibera giunta.pdf")]),
        content_type="multipart/form-data")
    assert response.status_code == 302
    update = db.session.scalar(select(ProgressUpdate))
    assert (update.progress, update.language, update.department_id) == (45, "it", department.id)
    assert update.links == ["https://example.org/delibera"]
    document = update.documents[0]
    assert document.filename == "delibera-giunta.pdf" and document.content_type == "application/pdf"
    served = client.get(f"/it/progress/documents/{document.id}")
    assert served.data == PDF
    assert served.headers["Content-Type"] == "application/pdf"
    assert served.headers["Content-Disposition"] == 'attachment; filename="delibera-giunta.pdf"'
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in served.headers["Content-Security-Policy"]
    assert "sandbox" in served.headers["Content-Security-Policy"]
    page = client.get(f"/it/items/{item.slug}").get_data(as_text=True)
    assert "Il cantiere è aperto." in page and f"/it/progress/documents/{document.id}" in page


def test_a_file_that_is_not_pdf_or_image_is_refused(client, login, staff, statuses, item):
    login(staff)
    fake = io.BytesIO(b"<html><script>alert(1)</script></html>")
    response = client.post(f"/en/items/{item.slug}/progress/new",
                           data=_form(item, documents=[(fake, "report.pdf")]), content_type="multipart/form-data")
    assert response.status_code == 200
    assert "is not a PDF, PNG or JPEG file" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ProgressUpdate.id))) == 0


def test_a_document_over_the_limit_is_refused(app, client, login, staff, statuses, item):
    app.config["PROGRESS_DOCUMENT_MAX_BYTES"] = 1000
    login(staff)
    big = io.BytesIO(PNG + b"\x00" * 2000)
    response = client.post(f"/en/items/{item.slug}/progress/new",
                           data=_form(item, documents=[(big, "photo.png")]), content_type="multipart/form-data")
    assert "is larger than" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ProgressDocument.id))) == 0
    assert db.session.scalar(select(func.count(ProgressUpdate.id))) == 0


def test_bad_progress_is_refused(client, login, staff, statuses, item):
    login(staff)
    response = client.post(f"/en/items/{item.slug}/progress/new", data=_form(item, progress="140"))
    assert response.status_code == 200 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ProgressUpdate.id))) == 0


def test_followers_and_supporters_are_told_once_each(app, client, login, make_user, staff, statuses, item):
    from participation.discussion.services import ensure_item_thread
    from participation.notifications.services import follow_thread
    from participation.votes.models import ItemSupport

    follower, supporter, both, stranger = (make_user(name=name) for name in ("F", "S", "B", "X"))
    thread = ensure_item_thread(item.id)
    follow_thread(follower, thread)
    follow_thread(both, thread)
    follow_thread(staff, thread)  # the author of the update is not told of it
    db.session.add_all([ItemSupport(user_id=supporter.id, programme_item_id=item.id),
                        ItemSupport(user_id=both.id, programme_item_id=item.id)])
    db.session.commit()
    login(staff)
    assert client.post(f"/it/items/{item.slug}/progress/new", data=_form(item)).status_code == 302
    run_due_jobs()
    rows = db.session.execute(select(Notification.user_id, Notification.email_status).where(
        Notification.kind == "progress_update")).all()
    told = sorted(user_id for user_id, _status in rows)
    assert told == sorted([follower.id, supporter.id, both.id])
    assert {status for _user, status in rows} == {"pending"}  # daily digest by default
    login(supporter)
    page = client.get("/en/notifications").get_data(as_text=True)
    assert "Progress on" in page and "45%" in page


def test_the_kind_is_on_the_email_settings_page(client, login, make_user):
    login(make_user())
    page = client.get("/en/notifications/settings").get_data(as_text=True)
    assert "Progress of the programme items you follow or support" in page
