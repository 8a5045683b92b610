"""Open data: JSON API, CSV and the OpenAPI document."""
import csv
import io


def test_programme_json(client, programme):
    response = client.get("/api/v1/programme")
    assert response.status_code == 200
    data = response.get_json()
    assert data["title"] == "Linee programmatiche di mandato 2014-2019"
    assert len(data["areas"]) == 10
    assert [a["item_count"] for a in data["areas"]] == [3, 7, 7, 7, 11, 6, 15, 3, 12, 22]
    assert len(data["items"]) == 91
    item = next(i for i in data["items"] if i["slug"] == "polo-alta-formazione")
    assert set(item) >= {"id", "point", "areas", "title", "slug", "objective", "macro_actions", "departments", "url"}
    assert item["areas"] == [2]
    assert item["macro_actions"][1]["type"] == "list"
    assert item["url"].endswith("/it/items/polo-alta-formazione")
    shared = next(i for i in data["items"] if i["slug"] == "rigenerazione-urbana")
    assert shared["point"] == "3 - 5" and shared["areas"] == [3, 5]


def test_one_item(client, programme):
    listing = client.get("/api/v1/programme").get_json()
    first = listing["items"][0]
    response = client.get(f"/api/v1/items/{first['id']}")
    assert response.status_code == 200
    assert response.get_json() == first


def test_unknown_item_is_a_json_404(client, programme):
    response = client.get("/api/v1/items/987654")
    assert response.status_code == 404
    assert response.is_json
    assert response.get_json()["error"] == "not_found"


def test_unknown_api_path_is_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.is_json


def test_csv_has_one_row_per_item(client, programme):
    response = client.get("/programme.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "charset=utf-8" in response.headers["Content-Type"]
    text = response.data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 91
    bici = next(r for r in rows if r["slug"] == "biciplan")
    assert bici["departments"] == "Area gestione, territorio e comunità"
    assert "città" in text


def test_openapi_document_describes_the_paths(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/programme", "/api/v1/items/{item_id}"} <= set(spec["paths"])
