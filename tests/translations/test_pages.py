"""Programme pages in the reader's language, with the Italian original marked."""
from participation.extensions import db
from participation.translations.services import save_translation

NOTE = "Original text in Italian"


def test_an_item_without_translation_shows_the_marked_italian_original(client, item):
    html = client.get("/en/items/biciplan").get_data(as_text=True)
    assert '<h1 lang="it">Biciplan</h1>' in html
    assert f'<p lang="it">{item.objective}</p>' in html
    assert '<div class="macro-actions" lang="it">' in html
    assert html.count(NOTE) == 3  # title, objective, macro-actions


def test_a_translated_item_is_shown_in_the_page_language(client, item):
    save_translation(item, "title", "en", "Cycling plan")
    save_translation(item, "objective", "en", "More cycle paths")
    save_translation(item, "macro_actions", "en", [{"type": "list", "items": ["Map the paths"]}] * len(item.macro_actions))
    db.session.commit()
    html = client.get("/en/items/biciplan").get_data(as_text=True)
    assert "<title>Cycling plan · Partecipa</title>" in html
    assert "<h1>Cycling plan</h1>" in html
    assert "<p>More cycle paths</p>" in html
    assert "<li>Map the paths</li>" in html
    assert NOTE not in html and 'lang="it">Biciplan' not in html


def test_italian_pages_have_no_note(client, item):
    html = client.get("/it/items/biciplan").get_data(as_text=True)
    assert NOTE not in html and "<h1>Biciplan</h1>" in html


def test_italian_inside_an_arabic_page_runs_left_to_right(client, item):
    save_translation(item, "title", "ar", "خطة الدراجات")
    db.session.commit()
    html = client.get("/ar/items/biciplan").get_data(as_text=True)
    assert "<h1>خطة الدراجات</h1>" in html
    assert f'<p lang="it" dir="ltr">{item.objective}</p>' in html


def test_area_page_and_home_use_translated_titles(client, area):
    save_translation(area, "title", "uk", "Місто культури")
    db.session.commit()
    home = client.get("/uk/").get_data(as_text=True)
    assert "<span>Місто культури</span>" in home
    assert '<span lang="it">Città internazionale</span>' in home
    page = client.get("/uk/areas/3").get_data(as_text=True)
    assert "<title>3. Місто культури · Partecipa</title>" in page
    assert '<div class="intro" lang="it">' in page


def test_department_names_are_translated_everywhere(client, department, item):
    save_translation(department, "name", "fr", "Secrétariat général")
    db.session.commit()
    assert "<h1>Secrétariat général</h1>" in client.get(f"/fr/departments/{department.slug}").get_data(as_text=True)
    assert "<span>Secrétariat général</span>" in client.get("/fr/departments").get_data(as_text=True)


def test_an_outdated_translation_says_so(client, item):
    save_translation(item, "objective", "en", "Old objective")
    item.objective = "Nuovo obiettivo"
    db.session.commit()
    html = client.get("/en/items/biciplan").get_data(as_text=True)
    assert "Old objective" in html and "The original text has changed" in html


def test_translated_pages_stay_cheap_in_queries(client, runner, programme, count_queries):
    runner.invoke(args=["programme", "import-translations"])
    client.get("/en/areas/10")
    with count_queries() as italian:
        client.get("/it/areas/10")
    with count_queries() as english:
        html = client.get("/en/areas/10").get_data(as_text=True)
    assert html.count('class="card item-card"') == 22
    # one query per kind of content (areas, items, departments), not per item
    assert english() <= italian() + 3


def test_shipped_translations_show_on_the_pages(client, runner, programme):
    runner.invoke(args=["programme", "import-translations"])
    english = client.get("/en/items/polo-alta-formazione").get_data(as_text=True)
    assert NOTE not in english
    arabic = client.get("/ar/items/polo-alta-formazione").get_data(as_text=True)
    from flask_babel import force_locale, gettext

    with force_locale("ar"):
        arabic_note = gettext(NOTE)
    assert arabic_note != NOTE  # the note itself is translated
    assert arabic.count(arabic_note) == 1  # the macro-actions are only in Italian
    assert '<div class="macro-actions" lang="it" dir="ltr">' in arabic
