"""Public programme pages, through real HTTP requests."""
import pytest


def test_root_redirects_to_a_language(client):
    response = client.get("/", headers={"Accept-Language": "fr-CH, fr;q=0.9, en;q=0.5"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/fr/")


def test_root_defaults_to_italian(client):
    assert client.get("/").headers["Location"].endswith("/it/")


def test_home_lists_the_areas_with_counts(client, programme):
    response = client.get("/it/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Linee programmatiche di mandato 2014-2019" in html
    assert "Città internazionale" in html
    assert html.count('href="/it/areas/') >= 10
    assert "22 " in html  # area 10


def test_area_page(client, programme):
    response = client.get("/it/areas/3")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Città per una cultura fra memoria ed immaginazione" in html
    assert "Cultura in città significa ricostruire spazi di incontro" in html
    assert html.count('class="card item-card"') == 7


def test_area_four_lists_the_shared_item(client, programme):
    html = client.get("/it/areas/4").get_data(as_text=True)
    assert "Progettazione culturale in collegamento con altri territori" in html
    assert html.count('class="card item-card"') == 7


def test_item_page_shows_a_known_item(client, programme):
    response = client.get("/it/items/polo-alta-formazione")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Polo alta formazione" in html
    assert "Sviluppare, consolidare e innovare le esperienze di alta formazione" in html
    assert "<li>completare anche in termini di EXPO Legacy" in html
    assert "Area gestione, territorio e comunità" in html
    assert "2.2" in html


def test_item_page_of_shared_item_names_both_areas(client, programme):
    html = client.get("/it/items/rigenerazione-urbana").get_data(as_text=True)
    assert 'href="/it/areas/3"' in html and 'href="/it/areas/5"' in html


def test_department_pages(client, programme):
    listing = client.get("/it/departments").get_data(as_text=True)
    assert "Area segreteria generale" in listing
    html = client.get("/it/departments/area-segreteria-generale").get_data(as_text=True)
    assert "Comunicazione Informazione" in html
    assert html.count('class="card item-card"') == 19


def test_about_page_shows_the_giunta(client, programme):
    html = client.get("/it/about").get_data(as_text=True)
    assert "Prof. Gianluca Galimberti" in html
    assert "Rosita Viola" in html and "Trasparenza e alla Vivibilità sociale" in html


@pytest.mark.parametrize("url", ["/it/items/nope", "/it/areas/99", "/it/departments/nope", "/xx/", "/it/nothing"])
def test_not_found_pages_use_the_layout(client, programme, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert '<main id="content"' in html and 'class="skip-link"' in html


def test_server_error_page_uses_the_layout(app, client):
    @app.get("/it/boom")
    def boom():
        raise RuntimeError("boom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/it/boom")
    assert response.status_code == 500
    assert '<main id="content"' in response.get_data(as_text=True)


def test_terms_and_privacy_pages_exist(client):
    assert client.get("/it/terms").status_code == 200
    assert client.get("/it/privacy").status_code == 200


def test_pages_list_language_alternates(client, programme):
    html = client.get("/it/items/biciplan").get_data(as_text=True)
    for code in ("it", "en", "ro", "sq", "ar", "fr", "uk"):
        assert f'hreflang="{code}"' in html
    assert 'href="/ar/items/biciplan?chosen=1"' in html


def test_arabic_pages_are_right_to_left(client, programme):
    html = client.get("/ar/items/biciplan").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
