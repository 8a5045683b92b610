"""The programme document parser, on the real document and on crafted ones."""
from collections import Counter

import pytest

from participation.core.sanitize import clean
from participation.programme.cells import canonical_department, parse_blocks, parse_departments
from participation.programme.parser import ProgrammeFormatError, parse_document, parse_file
from tests.conftest import PROGRAMME_PATH


@pytest.fixture(scope="module")
def parsed():
    return parse_file(PROGRAMME_PATH)


def test_title_areas_and_items(parsed):
    assert parsed.title == "Linee programmatiche di mandato 2014-2019"
    assert [a.number for a in parsed.areas] == list(range(1, 11))
    assert parsed.areas[2].title == "Città per una cultura fra memoria ed immaginazione"  # the ### heading
    assert len(parsed.items) == 91


def test_items_per_area_count_shared_items_in_both(parsed):
    per_area = Counter(n for item in parsed.items for n in item.area_numbers)
    assert [per_area[n] for n in range(1, 11)] == [3, 7, 7, 7, 11, 6, 15, 3, 12, 22]


def test_shared_items_belong_to_area_three_first(parsed):
    shared = {item.title: item.area_numbers for item in parsed.items if len(item.area_numbers) > 1}
    assert shared == {
        "Progettazione culturale in collegamento con altri territori": [3, 4],
        "Rigenerazione urbana": [3, 5],
    }


def test_area_intro_paragraphs_without_markdown(parsed):
    first = parsed.areas[0]
    assert len(first.intro) == 2
    assert "*" not in " ".join(first.intro)
    assert "Smart City" in first.intro[1]


def test_giunta_and_mayor(parsed):
    assert parsed.mayor == "Prof. Gianluca Galimberti"
    assert len(parsed.giunta) == 8
    assert parsed.giunta[0] == ("Gianluca Galimberti", "Sindaco")
    assert parsed.giunta[-1] == ("Rosita Viola", "Assessore alla Trasparenza e alla Vivibilità sociale")


def _item(parsed, title):
    return next(item for item in parsed.items if item.title == title)


def test_continuation_row_appends_a_paragraph(parsed):
    pace = _item(parsed, "Cremona città della Pace")
    assert pace.macro_actions[-1] == {
        "type": "paragraph",
        "text": "Costruzione di momenti di incontro tra religioni differenti di gruppi e persone nella nostra città.",
    }


def test_paragraph_cut_by_page_break_is_joined(parsed):
    item = _item(parsed, "Rilancio Istituzioni culturali")
    texts = [b["text"] for b in item.macro_actions if b["type"] == "paragraph"]
    joined = [t for t in texts if "la costruzione di servizi e relazioni culturali con l'utenza" in t]
    assert len(joined) == 1
    assert not any(t.startswith("culturali con") for t in texts)
    partecipazione = _item(parsed, "Partecipazione")
    last = partecipazione.macro_actions[-1]["text"]
    assert last.startswith("Sperimentazione di strumenti per l'ascolto attivo (ad esempio l'Outreach")


def test_list_cut_by_page_break_is_one_list(parsed):
    item = next(i for i in parsed.items if i.title == "Rigenerazione urbana" and i.area_numbers == [5])
    lists = [b for b in item.macro_actions if b["type"] == "list"]
    last = lists[-1]["items"]
    assert last[:2] == ["musei aperti e propositivi", "mostre tematiche e collaterali"]
    assert last[-1] == "riqualificazione e animazione di aree pedonali e non."


def test_list_items_drop_leading_dash(parsed):
    item = _item(parsed, "Polo alta formazione")
    lists = [b for b in item.macro_actions if b["type"] == "list"]
    assert len(lists) == 3
    assert lists[0]["items"][0].startswith("completare anche in termini di EXPO Legacy")
    assert not any(entry.startswith("-") for block in lists for entry in block["items"])


def test_stored_text_is_clean(parsed):
    for item in parsed.items:
        texts = [item.title, item.objective]
        for block in item.macro_actions:
            texts.extend([block["text"]] if block["type"] == "paragraph" else block["items"])
        for text in texts:
            assert "<" not in text and ">" not in text, (item.title, text)
            assert "&" not in text or "&amp;" not in text
            assert clean(text).replace("&amp;", "&") == text
            assert text == text.strip() and "  " not in text


def test_stray_markup_in_source_is_repaired(parsed):
    item = _item(parsed, "Partecipazione")
    assert "l'Action Planning" in item.macro_actions[-1]["text"]


def test_italics_inside_quotes_keep_one_space(parsed):
    pace = _item(parsed, "Cremona città della Pace")
    assert '"Interventi per la promozione della cultura della pace e i diritti umani" e la' in pace.macro_actions[0]["text"]


def test_departments_are_normalised(parsed):
    names = {name for item in parsed.items for name in item.departments}
    assert names == {
        "Area sviluppo, lavoro e politiche di area vasta",
        "Area gestione, territorio e comunità",
        "Area welfare di comunità e coesione sociale",
        "Area risorse",
        "Area segreteria generale",
        "Tutte le aree",
    }


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("Area gestione territorio e comunità Area Segretario generale",
         ["Area gestione, territorio e comunità", "Area segreteria generale"]),
        ("<p>Area welfare di comunità e coesione sociale;</p> <p>Area sviluppo, lavoro e politiche di area vasta</p>",
         ["Area welfare di comunità e coesione sociale", "Area sviluppo, lavoro e politiche di area vasta"]),
        ("Area Risorse Area Segreteria Generale", ["Area risorse", "Area segreteria generale"]),
        ("Tutte", ["Tutte le aree"]),
        ("TUTTE LE AREE", ["Tutte le aree"]),
        ("", []),
        ("  ", []),
    ],
)
def test_department_cells(cell, expected):
    assert parse_departments(cell) == expected


def test_empty_department_cell_means_none(parsed):
    assert _item(parsed, "Equità e fisco").departments == []


def test_unknown_department_is_kept_with_its_own_name():
    assert canonical_department("area nuova mobilità") == "Area nuova mobilità"


def test_plain_cell_paragraphs_and_inline_bullets():
    blocks = parse_blocks("Prima frase.  Seconda parte: - uno - due")
    assert blocks == [
        {"type": "paragraph", "text": "Prima frase."},
        {"type": "paragraph", "text": "Seconda parte:"},
        {"type": "list", "items": ["uno", "due"]},
    ]


def test_entities_are_decoded():
    assert parse_blocks("<p>Caff&egrave; &amp; citt&agrave;</p>") == [{"type": "paragraph", "text": "Caffè & città"}]


HEADER = "Punto programma\tAmbito\tObiettivo\tMacroazioni\tDeleghe e aree"


def _doc(*rows):
    return "\n".join(["# Titolo", "", "## 1. Prima area", "", "Intro.", "", HEADER, *rows, ""])


def test_wrong_column_count_names_the_line():
    with pytest.raises(ProgrammeFormatError) as error:
        parse_document(_doc("1\t<b>Uno</b>\tObiettivo\tAzioni.\tTutte", "1\t<b>Due</b>\tObiettivo"))
    assert error.value.line == 9
    assert "3 columns instead of 5" in str(error.value)


def test_not_a_programme_document():
    with pytest.raises(ProgrammeFormatError, match="not a programme document"):
        parse_document("Just a shopping list\n- milk\n")


def test_point_of_another_area_is_refused():
    with pytest.raises(ProgrammeFormatError) as error:
        parse_document(_doc("2\t<b>Uno</b>\tObiettivo\tAzioni.\tTutte"))
    assert error.value.line == 8


def test_bold_header_rows_are_skipped():
    doc = _doc(
        "1\t<b>Uno</b>\tObiettivo\tAzioni.\tTutte",
        "<b>Punto programma</b>\t<b>Titolo</b>\t<b>Obiettivo</b>\t<b>Macroazioni</b>\t<b>Deleghe e aree coinvolte</b>",
        "1\t<b>Due</b>\tObiettivo\tAzioni.\tTutte",
    )
    assert [item.title for item in parse_document(doc).items] == ["Uno", "Due"]
