"""Progress updates in the reader's language: translated like programme content, from the language
their author wrote them in."""
import re

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from participation.extensions import db
from participation.progress.models import ProgressUpdate
from participation.progress.services import publish_progress_update
from participation.translations.models import ContentTranslation
from participation.translations.services import save_translation
from participation.translations.status import list_translation_status
from tests.translations.test_machine import FakeLibreTranslate

ITALIAN = "Aggiudicata la gara.\n\nI lavori partono a marzo: https://example.org/bando"
ENGLISH = "The tender has been awarded."


def _publish(staff, item, statuses, text=ITALIAN, language="it", published_on=None):
    update = publish_progress_update(staff, item, status=statuses["in_progress"], progress=40, text=text,
                                     language=language, published_on=published_on, notify=False)
    db.session.commit()
    return update


def _text_of(html, update):
    """The timeline entry of ``update``: its text element and the note after it."""
    start = html.index(f'id="progress-update-{update.id}"')
    return html[start:html.index("</article>", start)]


def _label(language, message):
    with force_locale(language):
        return _(message)


def test_a_translator_translates_an_italian_update_into_english(client, login, make_user, staff, statuses, item):
    update = _publish(staff, item, statuses)
    login(make_user(role="translator"))
    editor = client.get(f"/en/admin/translations/progress_update/{update.id}/en").get_data(as_text=True)
    assert "Italian original" in editor and "I lavori partono a marzo" in editor
    response = client.post(f"/en/admin/translations/progress_update/{update.id}/en",
                           data={"text": "Tender awarded.\r\n\r\nWork starts in March: https://example.org/bando"
                                         " <script>alert(1)</script>"})
    assert response.status_code == 303
    row = db.session.scalar(select(ContentTranslation))
    assert (row.entity_type, row.entity_id, row.language) == ("progress_update", update.id, "en")
    # Made into HTML once, on save, like the original: paragraphs, links, nothing else.
    assert row.value_html.startswith("<p>Tender awarded.</p><p>Work starts in March: <a href=")
    assert "<script>" not in row.value_html and "&lt;script&gt;" in row.value_html

    english = _text_of(client.get(f"/en/items/{item.slug}").get_data(as_text=True), update)
    assert '<div class="progress-update-text"><p>Tender awarded.</p>' in english  # the page's language: no lang
    assert 'rel="nofollow ugc noopener"' in english and "<script>" not in english
    assert "Translation reviewed by the City." in english and "Aggiudicata" not in english
    # Readers of the original's language read the original; others too, marked as Italian.
    italian = _text_of(client.get(f"/it/items/{item.slug}").get_data(as_text=True), update)
    assert '<div class="progress-update-text"><p>Aggiudicata la gara.</p>' in italian and "Tender" not in italian
    arabic = _text_of(client.get(f"/ar/items/{item.slug}").get_data(as_text=True), update)
    assert '<div class="progress-update-text" lang="it" dir="ltr"><p>Aggiudicata' in arabic
    # The original is one click away.
    original = _text_of(client.get(f"/en/items/{item.slug}?original=1").get_data(as_text=True), update)
    assert '<div class="progress-update-text" lang="it" dir="ltr"><p>Aggiudicata' in original
    assert "Show the translation" in original


def test_an_update_written_in_english_is_the_original_for_english_readers(client, login, make_user, staff,
                                                                           statuses, item):
    login(staff)
    published = client.post(f"/en/items/{item.slug}/progress/new", data={
        "status": "in_progress", "progress": "45", "published_on": "2026-11-30", "department": "0",
        "text": ENGLISH, "links": "", "weight": "1"}, content_type="multipart/form-data")
    assert published.status_code == 302
    update = db.session.scalar(select(ProgressUpdate.id))
    english = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    assert f"<div class=\"progress-update-text\"><p>{ENGLISH}</p></div>" in english
    assert "Translation reviewed by the City." not in english
    italian_before = client.get(f"/it/items/{item.slug}").get_data(as_text=True)
    assert f'<div class="progress-update-text" lang="en" dir="ltr"><p>{ENGLISH}</p>' in italian_before

    login(make_user(role="translator"))
    # English is the original's language: there is nothing to translate into it.
    assert client.get(f"/it/admin/translations/progress_update/{update}/en").status_code == 404
    editor = client.get(f"/it/admin/translations/progress_update/{update}/it").get_data(as_text=True)
    assert "Originale in inglese" in editor and f'<div lang="en" dir="ltr">\n      <p>{ENGLISH}</p>' in editor
    saved = client.post(f"/it/admin/translations/progress_update/{update}/it",
                        data={"text": "La gara è stata aggiudicata."})
    assert saved.status_code == 303 and saved.headers["Location"].endswith(f"/progress_update/{update}/it")
    italian = client.get(f"/it/items/{item.slug}").get_data(as_text=True)
    assert '<div class="progress-update-text"><p>La gara è stata aggiudicata.</p>' in italian
    assert _label("it", "Translation reviewed by the City.") in _text_of(italian, db.session.get(ProgressUpdate, update))
    assert f"<p>{ENGLISH}</p>" in client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    # Elsewhere the English original stands, marked as English.
    french = client.get(f"/fr/items/{item.slug}").get_data(as_text=True)
    assert f'<div class="progress-update-text" lang="en" dir="ltr"><p>{ENGLISH}</p>' in french


def test_the_status_screen_counts_updates_in_the_languages_they_can_be_translated_into(
        client, login, make_user, staff, statuses, item):
    italian = _publish(staff, item, statuses)
    _publish(staff, item, statuses, text="", language="it")  # nothing to translate
    login(make_user(role="translator"))
    listing = client.get("/en/admin/translations?type=progress_update").get_data(as_text=True)
    assert listing.count('href="/en/admin/translations/progress_update/') == 9  # every language but Italian
    assert ">Italiano</th>" not in listing  # nothing is written in another language yet

    english = _publish(staff, item, statuses, text=ENGLISH, language="en")
    lines = {line.entity.id: line.statuses for line in list_translation_status(entity_type="progress_update")}
    assert set(lines) == {italian.id, english.id}
    assert lines[italian.id]["it"] == "original" and lines[italian.id]["en"] == "missing"
    assert lines[english.id]["en"] == "original" and lines[english.id]["it"] == "missing"
    listing = client.get("/en/admin/translations?type=progress_update").get_data(as_text=True)
    assert ">Italiano</th>" in listing
    assert f'href="/en/admin/translations/progress_update/{english.id}/it"' in listing
    assert f'href="/en/admin/translations/progress_update/{italian.id}/it"' not in listing
    counts = re.search(r'<tr class="counts-row"><th scope="row" lang="it">Italiano</th><td>(\d+)</td>', listing)
    assert counts.group(1) == "1"  # one update missing in Italian; the Italian one is not counted
    # The whole programme is still counted in Italian as what it is: the original.
    everything = client.get("/en/admin/translations").get_data(as_text=True)
    assert f'href="/en/admin/translations/item/{item.id}/it"' not in everything


@pytest.fixture
def machine(app):
    with FakeLibreTranslate() as server:
        app.config["MACHINE_TRANSLATION_URL"] = server.url
        app.config["MACHINE_TRANSLATION_TIMEOUT"] = 2
        yield server


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_a_machine_translation_is_labelled_as_not_reviewed_in_the_readers_language(client, staff, statuses, item,
                                                                                     machine, language):
    update = _publish(staff, item, statuses)
    page = client.get(f"/{language}/items/{item.slug}").get_data(as_text=True)
    action = f'action="/{language}/translations/progress_update/{update.id}/automatic"'
    assert action in _text_of(page, update)
    response = client.post(f"/{language}/translations/progress_update/{update.id}/automatic")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/{language}/items/{item.slug}#progress-update-{update.id}"
    assert machine.requests[0][1]["source"] == "it" and machine.requests[0][1]["target"] == language
    entry = _text_of(client.get(f"/{language}/items/{item.slug}").get_data(as_text=True), update)
    assert f"<p>[{language}] Aggiudicata la gara.</p><p>[{language}] I lavori" not in entry  # one text, one request
    assert f'<div class="progress-update-text"><p>[{language}] Aggiudicata la gara.</p>' in entry
    note = f"{_label(language, 'Automatic translation')} · {_label(language, 'Translation not yet reviewed by the City.')}"
    assert note in entry and action not in entry
    if language != "en":
        assert _label(language, "Translation not yet reviewed by the City.") != "Translation not yet reviewed by the City."


def test_an_update_written_in_english_is_machine_translated_from_english(client, staff, statuses, item, machine):
    update = _publish(staff, item, statuses, text=ENGLISH, language="en")
    assert "/en/translations/progress_update/" not in client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    assert client.post(f"/en/translations/progress_update/{update.id}/automatic").status_code == 404
    client.post(f"/it/translations/progress_update/{update.id}/automatic")
    assert (machine.requests[-1][1]["source"], machine.requests[-1][1]["target"]) == ("en", "it")
    italian = client.get(f"/it/items/{item.slug}").get_data(as_text=True)
    assert f"<p>[it] {ENGLISH}</p>" in italian and "Traduzione automatica" in _text_of(italian, update)


def test_a_translation_of_a_changed_text_says_so(client, staff, statuses, item):
    # Updates are only ever added; should a text be corrected in the database, its translations say
    # that they were made from another text.
    update = _publish(staff, item, statuses)
    save_translation(update, "text", "en", "Tender awarded.")
    update.text = "Aggiudicata la gara d'appalto."
    db.session.commit()
    entry = _text_of(client.get(f"/en/items/{item.slug}").get_data(as_text=True), update)
    assert "Tender awarded." in entry and "The original text has changed since this translation was made." in entry


@pytest.mark.parametrize(("role", "status"), [(None, 302), ("resident", 403), ("translator", 200),
                                              ("moderator", 200), ("administrator", 200)])
def test_only_translators_and_staff_edit_the_translation_of_an_update(client, login, make_user, staff, statuses,
                                                                      item, role, status):
    update = _publish(staff, item, statuses)
    if role:
        login(make_user(role=role))
    url = f"/en/admin/translations/progress_update/{update.id}/fr"
    assert client.get(url).status_code == status
    posted = client.post(url, data={"text": "Marché attribué."})
    assert posted.status_code == (303 if status == 200 else status)
    count = db.session.scalar(select(func.count()).select_from(ContentTranslation))
    assert count == (1 if status == 200 else 0)


def _item_page_queries(client, count_queries, item, language="en"):
    db.session.commit()
    with count_queries() as queries:
        response = client.get(f"/{language}/items/{item.slug}")
    assert response.status_code == 200
    return queries()


@pytest.mark.parametrize("language", ["en", "it"])
def test_the_timeline_reads_every_translation_in_one_query(client, count_queries, staff, statuses, item, language):
    first = _publish(staff, item, statuses, language="en" if language == "it" else "it")
    save_translation(first, "text", language, "Translated 0")
    one = _item_page_queries(client, count_queries, item, language)
    for n in range(1, 12):
        update = _publish(staff, item, statuses, text=f"Testo {n}", language="en" if language == "it" else "it")
        save_translation(update, "text", language, f"Translated {n}")
    db.session.commit()
    many = _item_page_queries(client, count_queries, item, language)
    html = client.get(f"/{language}/items/{item.slug}").get_data(as_text=True)
    assert all(f"<p>Translated {n}</p>" in html for n in range(12))
    assert many == one <= 14


def test_a_signed_in_reader_gets_the_translated_timeline_within_the_item_pages_bound(
        client, login, make_user, count_queries, staff, statuses, item):
    login(make_user(name="Reader"))
    for n in range(12):
        update = _publish(staff, item, statuses, text=f"Testo {n}")
        save_translation(update, "text", "en", f"Translated {n}")
    assert _item_page_queries(client, count_queries, item) <= 20


def test_the_open_data_carries_the_translations_of_each_update(client, staff, statuses, item):
    update = _publish(staff, item, statuses)
    save_translation(update, "text", "en", "Tender awarded.", by=staff)
    save_translation(update, "text", "fr", "Marché attribué.", is_machine=True)
    db.session.commit()
    timeline = client.get(f"/api/v1/items/{item.id}").get_json()["progress"]["timeline"]
    assert timeline[0]["language"] == "it" and timeline[0]["text"] == ITALIAN
    assert timeline[0]["translations"] == {
        "en": {"text": "Tender awarded.", "automatic": False, "reviewed": True},
        "fr": {"text": "Marché attribué.", "automatic": True, "reviewed": False},
    }


def test_the_feed_gives_the_translation_in_its_language(client, staff, statuses, item):
    update = _publish(staff, item, statuses)
    save_translation(update, "text", "en", "Tender awarded.")
    db.session.commit()
    feed = client.get(f"/en/items/{item.slug}/progress.atom").get_data(as_text=True)
    assert '<content type="html" xml:lang="en">' in feed and "&lt;p&gt;Tender awarded.&lt;/p&gt;" in feed
    assert "Translation not yet reviewed by the City." in feed
    italian = client.get(f"/it/items/{item.slug}/progress.atom").get_data(as_text=True)
    assert '<content type="html" xml:lang="it">' in italian and "Aggiudicata la gara." in italian
