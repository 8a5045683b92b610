"""Programme pages in the reader's language, with the Italian original marked."""
import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from participation.extensions import db
from participation.programme.models import ProgrammeItem
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


SHIPPED_LANGUAGES = ["en", "ro", "sq", "ar", "fr", "uk", "pa", "zh", "ur"]


def _main(html):
    return html[html.index("<main"):html.index("</main>")]


@pytest.mark.parametrize("code", SHIPPED_LANGUAGES)
def test_every_item_page_shows_the_whole_programme_in_the_reader_language(client, runner, programme, code):
    """No programme text in Italian on any of the 91 item pages, and each says whether
    its translation was reviewed, with the Italian original one click away."""
    runner.invoke(args=["programme", "import-translations"])
    with force_locale(code):
        not_reviewed, original = gettext("Translation not yet reviewed by the City."), gettext("Read the Italian original")
    slugs = db.session.scalars(select(ProgrammeItem.slug)).all()
    assert len(slugs) == 91
    for slug in slugs:
        main = _main(client.get(f"/{code}/items/{slug}").get_data(as_text=True))
        assert 'lang="it"' not in main, slug
        assert not_reviewed in main, slug
        assert f'href="/{code}/items/{slug}?original=1">{original}</a>' in main, slug


def test_the_italian_original_is_one_click_away_and_back(client, runner, programme):
    runner.invoke(args=["programme", "import-translations"])
    original = client.get("/en/items/polo-alta-formazione?original=1").get_data(as_text=True)
    assert '<div class="macro-actions" lang="it">' in original
    assert 'You are reading the Italian original. <a href="/en/items/polo-alta-formazione">Show the translation</a>' in original
    translated_page = client.get("/en/items/polo-alta-formazione").get_data(as_text=True)
    assert "Translation not yet reviewed by the City." in translated_page


def test_a_reviewed_translation_says_so(client, item, make_user):
    translator = make_user(role="translator")
    save_translation(item, "title", "en", "Cycling plan", by=translator)
    save_translation(item, "objective", "en", "More cycle paths", by=translator)
    save_translation(item, "macro_actions", "en", [{"type": "list", "items": ["Map the paths"]}] * len(item.macro_actions),
                     by=translator)
    db.session.commit()
    html = client.get("/en/items/biciplan").get_data(as_text=True)
    assert "Translation reviewed by the City." in html and "not yet reviewed" not in html


def test_chinese_pages_carry_the_script_in_their_language_tag(client, item):
    save_translation(item, "title", "zh", "自行车计划")
    db.session.commit()
    html = client.get("/zh/items/biciplan").get_data(as_text=True)
    assert '<html lang="zh-Hans" dir="ltr">' in html
    assert "<h1>自行车计划</h1>" in html
    urdu = client.get("/ur/items/biciplan").get_data(as_text=True)
    assert '<html lang="ur" dir="rtl">' in urdu and '<h1 lang="it" dir="ltr">Biciplan</h1>' in urdu


def test_a_reviewed_translation_of_an_older_original_is_not_called_reviewed(client, item, make_user):
    save_translation(item, "title", "en", "Cycling plan", by=make_user(role="translator"))
    item.title = "Biciplan 2026"
    db.session.commit()
    html = client.get("/en/items/biciplan").get_data(as_text=True)
    assert "Translation not yet reviewed by the City." in html
