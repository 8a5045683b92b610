"""Search in the reader's language: programme translations, and comments written in it,
stemmed in their language, on the database the suite runs on (SQLite or PostgreSQL)."""
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.programme.models import ProgrammeItem
from participation.search.text import words
from participation.translations.services import save_translation

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "translations"
SLUG = "rilancio-istituzioni-culturali"  # 3.2: museums, theatres, the public library system


def _count(page):
    match = re.search(r'<p role="status">(\S+) ', page)
    assert match, "the result count is announced"
    return int(match.group(1))


def _search(client, language, query, **params):
    response = client.get(f"/{language}/search", query_string={"q": query, **params})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _translation_words(language):
    data = json.loads((SHIPPED / f"programme.{language}.json").read_text(encoding="utf-8"))
    return set(words(json.dumps(data["items"][SLUG], ensure_ascii=False)))


@pytest.fixture
def translated_programme(runner, programme):
    result = runner.invoke(args=["programme", "import-translations"])
    assert result.exit_code == 0, result.output


# (language, a word of the item's translation only, another form of it that the text does not hold)
CASES = [
    ("en", "library", "relaunches"),  # "public library system"; "Relaunching ..."
    ("fr", "bibliothèques", "bibliotheque"),  # singular, and without its accent
    ("ro", "relansarea", "muzeelor"),  # "Relansarea ..."; "muzee"
    ("ar", "المكتبات", "للمكتبات"),  # "the libraries"; "for the libraries"
    ("zh", "图书馆", "公共图书馆"),  # "library"; "public library", cut into its two words
]


@pytest.mark.usefixtures("translated_programme")
@pytest.mark.parametrize(("language", "word", "other_form"), CASES)
def test_an_item_is_found_by_a_word_of_its_translation(client, language, word, other_form):
    assert words(word)[0] in _translation_words(language)
    for query in (word, other_form):
        page = _search(client, language, query, kind="item")
        assert f'href="/{language}/items/{SLUG}"' in page, query
    if language != "zh":  # Chinese has no word forms: the second query is two words
        assert words(other_form)[0] not in _translation_words(language)  # found by its stem
    # the Italian original has none of these words: Italian readers do not find the item by them
    assert f"/it/items/{SLUG}" not in _search(client, "it", word, kind="item")


@pytest.mark.usefixtures("translated_programme")
def test_results_say_the_language_of_the_match_and_show_titles_in_the_reader_language(client):
    english = _search(client, "en", "libraries", kind="item")
    result = english[english.index(f'href="/en/items/{SLUG}"'):]
    assert result.startswith(f'href="/en/items/{SLUG}"><span lang="en" dir="auto">Relaunching cultural institutions</span>')
    assert 'Language of the match: <bdi lang="en">English</bdi>' in result
    chinese = _search(client, "zh", "图书馆", kind="item")
    assert '<span lang="zh-Hans" dir="auto">重振文化机构</span>' in chinese
    assert '<p class="search-snippet" lang="zh-Hans" dir="auto">' in chinese and "<mark>图书馆</mark>" in chinese
    # an Italian word still finds the item, once: the Italian text, under the English title
    italian_word = _search(client, "en", "Pinacoteca", kind="item")
    assert italian_word.count(f'href="/en/items/{SLUG}"') == 1
    assert 'Language of the match: <bdi lang="it">Italiano</bdi>' in italian_word or \
        'Language of the match: <bdi lang="en">English</bdi>' in italian_word  # proper names stay in both


@pytest.mark.usefixtures("translated_programme")
def test_a_match_in_both_languages_is_one_result_in_the_reader_language(client):
    page = _search(client, "en", "Ponchielli", kind="item")  # a name, in the original and the translation
    assert page.count(f'href="/en/items/{SLUG}"') == 1
    start = page.index(f'href="/en/items/{SLUG}"')
    assert 'Language of the match: <bdi lang="en">English</bdi>' in page[start:start + 2000]


def test_filters_and_choices_name_areas_in_the_reader_language(client, translated_programme):
    page = _search(client, "en", "")
    assert '<option value="3">3. ' in page
    area_options = re.findall(r'<option value="\d+"[^>]*>[^<]*</option>', page)
    assert area_options and not any('lang="it"' in option for option in area_options)
    assert "Rilancio" not in page


def test_a_translation_edited_on_the_site_is_found_at_once(client, programme):
    item = db.session.scalar(select(ProgrammeItem).where(ProgrammeItem.slug == "biciplan"))
    save_translation(item, "title", "en", "Cycling plan with bicycle highways")
    db.session.commit()
    assert 'href="/en/items/biciplan"' in _search(client, "en", "highway", kind="item")
    save_translation(item, "title", "en", "")
    db.session.commit()
    assert _count(_search(client, "en", "highway", kind="item")) == 0


def test_comments_are_found_in_their_own_language_by_its_stems(client, item, make_user, login, post):
    login(make_user())
    post(item, "We need more libraries near the station.", language="en")
    post(item, "Servono più biblioteche vicino alla stazione.")
    english = _search(client, "en", "library", kind="comment")
    assert _count(english) == 1 and "<mark>libraries</mark>" in english
    # an Italian reader finds the Italian comment by its Italian stem; the English reader too
    assert _count(_search(client, "it", "biblioteca", kind="comment")) == 1
    assert _count(_search(client, "en", "biblioteca", kind="comment")) == 1
