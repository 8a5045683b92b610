"""Progress in the open data: JSON, CSV, the OpenAPI document and the Atom feeds."""
import csv
import io
from xml.etree import ElementTree

from participation.extensions import db
from participation.progress import services

ATOM = "{http://www.w3.org/2005/Atom}"


def _publish(staff, statuses, item):
    update = services.publish_progress_update(staff, item, status=statuses["in_progress"], progress=45, weight=2,
                                              text="Gara <b>aggiudicata</b> & lavori al via.",
                                              department=item.departments[0])
    db.session.commit()
    return update


def test_api_and_csv_carry_status_progress_weight_and_timeline(client, staff, statuses, item):
    update = _publish(staff, statuses, item)
    data = client.get(f"/api/v1/items/{item.id}").get_json()["progress"]
    assert (data["status"], data["progress"], data["weight"]) == ("in_progress", 45, 2)
    assert data["timeline"][0]["id"] == update.id and data["timeline"][0]["department"] == item.departments[0].name
    programme = client.get("/api/v1/programme").get_json()
    others = [entry["progress"] for entry in programme["items"] if entry["id"] != item.id]
    assert all(entry == {"status": "not_started", "progress": 0, "weight": 1, "timeline": []} for entry in others)
    rows = list(csv.DictReader(io.StringIO(client.get("/programme.csv").data.decode("utf-8-sig"))))
    row = next(row for row in rows if row["slug"] == item.slug)
    assert (row["status"], row["progress"], row["weight"], row["updates"]) == ("in_progress", "45", "2", "1")


def test_openapi_describes_progress(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    item = spec["components"]["schemas"]["Item"]
    assert "progress" in item["required"]
    assert set(item["properties"]["progress"]["required"]) == {"status", "progress", "weight", "timeline"}


def test_atom_feeds_are_valid_and_linked(client, staff, statuses, item):
    update = _publish(staff, statuses, item)
    for path in ("/en/progress/feed.atom", f"/en/areas/{item.primary_area.number}/progress.atom",
                 f"/en/items/{item.slug}/progress.atom"):
        response = client.get(path)
        assert response.mimetype == "application/atom+xml"
        feed = ElementTree.fromstring(response.data)
        assert feed.tag == f"{ATOM}feed"
        assert feed.find(f"{ATOM}id").text.startswith("tag:")
        assert feed.find(f"{ATOM}updated").text and feed.find(f"{ATOM}title").text
        assert feed.find(f"{ATOM}link[@rel='self']") is not None
        entry = feed.find(f"{ATOM}entry")
        assert entry.find(f"{ATOM}id").text.endswith(f"progress-update/{update.id}")
        assert "<b>aggiudicata</b>" not in entry.find(f"{ATOM}content").text  # the text was escaped on save
        assert "&amp;" in entry.find(f"{ATOM}content").text
    page = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    assert f'type="application/atom+xml" href="/en/items/{item.slug}/progress.atom"' in page
    assert 'type="application/atom+xml" href="/en/progress/feed.atom"' in client.get("/en/").get_data(as_text=True)


def test_feed_of_an_unknown_area_is_404(client, statuses):
    assert client.get("/en/areas/99/progress.atom").status_code == 404
