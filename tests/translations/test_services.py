"""Stored translations: fallback, editing, review after an edited original."""
import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.programme.parser import parse_file
from participation.programme.services import import_programme
from participation.translations.blocks import blocks_to_text, same_shape, text_to_blocks
from participation.translations.models import ContentTranslation
from participation.translations.services import (
    TranslationError,
    save_entity_translations,
    save_translation,
    show,
    source_hash,
    translated,
)
from participation.translations.status import list_translation_status
from tests.conftest import PROGRAMME_PATH


def test_missing_translation_falls_back_to_italian(item):
    assert translated(item, "title", "en") == ("Biciplan", "it")
    assert show(item, "title", "en").is_fallback


def test_italian_is_never_a_fallback(item):
    shown = show(item, "objective", "it")
    assert shown.language == "it" and not shown.is_fallback


def test_stored_translation_is_shown(item):
    save_translation(item, "title", "en", "Cycling plan")
    db.session.commit()
    assert translated(item, "title", "en") == ("Cycling plan", "en")
    assert translated(item, "title", "fr") == ("Biciplan", "it")


def test_saving_again_updates_the_same_row_and_empty_removes_it(item, make_user):
    translator = make_user(role="translator")
    save_translation(item, "title", "en", "Cycle plan")
    save_translation(item, "title", "en", "Cycling plan", by=translator)
    row = db.session.scalar(select(ContentTranslation))
    assert (row.value, row.translated_by_id, row.source_hash) == ("Cycling plan", translator.id, source_hash("Biciplan"))
    save_translation(item, "title", "en", "  ")
    assert db.session.scalar(select(func.count()).select_from(ContentTranslation)) == 0
    assert translated(item, "title", "en") == ("Biciplan", "it")


def test_one_row_per_field_and_language_is_enforced_by_the_database(item):
    for _ in range(2):
        db.session.add(ContentTranslation(entity_type="item", entity_id=item.id, field="title", language="en",
                                          value="x", source_hash="h"))
    with pytest.raises(Exception, match="(?i)unique"):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize(
    ("field", "language", "value"),
    [("slug", "en", "x"), ("title", "it", "x"), ("title", "de", "x"), ("macro_actions", "en", "not blocks")],
)
def test_bad_translations_are_refused(item, field, language, value):
    with pytest.raises(TranslationError):
        save_translation(item, field, language, value)
    assert db.session.scalar(select(func.count()).select_from(ContentTranslation)) == 0


def _reimport_with_objective(item, objective):
    parsed = parse_file(str(PROGRAMME_PATH))
    for parsed_item in parsed.items:
        if parsed_item.title == item.title:
            parsed_item.objective = objective
    report = import_programme(parsed)
    db.session.commit()
    return report


def test_an_edited_original_marks_its_translations_for_review(item):
    save_translation(item, "objective", "en", "Cycle paths")
    save_translation(item, "title", "en", "Cycling plan")
    save_translation(item, "objective", "fr", "Pistes cyclables")
    db.session.commit()
    report = _reimport_with_objective(item, "Un obiettivo nuovo")
    assert report.updated == 1
    rows = {(r.field, r.language): r.needs_review for r in db.session.scalars(select(ContentTranslation))}
    assert rows == {("objective", "en"): True, ("title", "en"): False, ("objective", "fr"): True}
    shown = show(item, "objective", "en")
    assert shown.value == "Cycle paths" and shown.is_outdated
    assert not show(item, "title", "en").is_outdated


def test_review_stays_required_even_if_the_original_comes_back(item):
    original = item.objective
    save_translation(item, "objective", "en", "Cycle paths")
    db.session.commit()
    _reimport_with_objective(item, "Un obiettivo nuovo")
    _reimport_with_objective(item, original)
    assert db.session.scalar(select(ContentTranslation)).needs_review
    save_entity_translations(item, "en", {"objective": "Cycle paths"}, by=None)
    assert not db.session.scalar(select(ContentTranslation)).needs_review


def test_an_unchanged_reimport_marks_nothing(item):
    save_translation(item, "objective", "en", "Cycle paths")
    db.session.commit()
    _reimport_with_objective(item, item.objective)
    assert not db.session.scalar(select(ContentTranslation)).needs_review


def test_status_list_per_language_and_filters(item, area, department, make_user):
    translator = make_user(role="translator")
    save_translation(item, "title", "en", "Cycling plan", by=translator)
    save_translation(item, "objective", "en", "Cycle paths", by=translator)
    save_translation(item, "macro_actions", "en", [{"type": "paragraph", "text": "Plan."}], by=translator)
    save_translation(area, "title", "en", "Culture", by=translator)
    save_translation(department, "name", "fr", "Secrétariat général", by=translator)
    db.session.commit()
    lines = {(line.entity_type, line.entity.id): line.statuses for line in list_translation_status()}
    assert len(lines) == 10 + 91 + 6
    assert lines[("item", item.id)]["en"] == "complete"
    assert lines[("item", item.id)]["fr"] == "missing"
    assert lines[("area", area.id)]["en"] == "partial"
    assert lines[("department", department.id)] == {
        "en": "missing", "ro": "missing", "sq": "missing", "ar": "missing", "fr": "complete", "uk": "missing",
        "pa": "missing", "zh": "missing", "ur": "missing",
    }
    complete_en = list_translation_status(language="en", status="complete")
    assert [(line.entity_type, line.entity.id) for line in complete_en] == [("item", item.id)]
    assert list(complete_en[0].statuses) == ["en"]
    assert len(list_translation_status(entity_type="area")) == 10
    _reimport_with_objective(item, "Nuovo")
    assert list_translation_status(language="en", status="needs_review")[0].entity.id == item.id


MACRO_ACTIONS = [
    {"type": "paragraph", "text": "First paragraph."},
    {"type": "list", "items": ["one", "two"]},
    {"type": "paragraph", "text": "Second paragraph."},
    {"type": "list", "items": ["three"]},
]


def test_macro_actions_round_trip_through_text():
    text = blocks_to_text(MACRO_ACTIONS)
    assert text == "First paragraph.\n\n- one\n- two\n\nSecond paragraph.\n\n- three"
    assert text_to_blocks(text) == MACRO_ACTIONS


def test_text_parsing_is_forgiving():
    text = "First\nparagraph.\r\n- one\n-  two\n\n\n\nSecond paragraph.\n- three\n-\n"
    assert text_to_blocks(text) == MACRO_ACTIONS[:1] + [{"type": "list", "items": ["one", "two"]}] + [
        {"type": "paragraph", "text": "Second paragraph."}, {"type": "list", "items": ["three"]}
    ]
    assert text_to_blocks("-10% on bikes") == [{"type": "paragraph", "text": "-10% on bikes"}]
    assert text_to_blocks("  \n ") == []


def test_same_shape():
    assert same_shape(MACRO_ACTIONS, MACRO_ACTIONS)
    assert not same_shape(MACRO_ACTIONS, MACRO_ACTIONS[:3])
    assert not same_shape(MACRO_ACTIONS, [MACRO_ACTIONS[1], MACRO_ACTIONS[0], *MACRO_ACTIONS[2:]])
    assert not same_shape(MACRO_ACTIONS, MACRO_ACTIONS[:1] + [{"type": "list", "items": ["one"]}] + MACRO_ACTIONS[2:])
    assert same_shape(["a", "b"], ["x", "y"]) and not same_shape(["a"], "x")
    assert same_shape("a", "b") and not same_shape("a", ["b"])


def test_shipped_translations_count_as_not_yet_reviewed_until_a_translator_reviews_them(item, make_user):
    """Text no person of the City has read stays "not yet reviewed"; saving it unchanged
    on the edit screen reviews it, and from then on it counts as complete."""
    save_translation(item, "title", "en", "Cycling plan")
    save_translation(item, "objective", "en", "Cycle paths")
    save_translation(item, "macro_actions", "en", [{"type": "paragraph", "text": "Plan."}])
    db.session.commit()
    assert list_translation_status(language="en", entity_type="item", status="unreviewed")[0].entity.id == item.id
    translator = make_user(role="translator")
    values = {"title": "Cycling plan", "objective": "Cycle paths",
              "macro_actions": [{"type": "paragraph", "text": "Plan."}]}
    assert save_entity_translations(item, "en", values, by=translator) == ["title", "objective", "macro_actions"]
    db.session.commit()
    rows = db.session.scalars(select(ContentTranslation)).all()
    assert all(row.reviewed_by_id == translator.id and row.translated_by_id is None for row in rows)
    statuses = {line.entity.id: line.statuses["en"] for line in list_translation_status(language="en")
                if line.entity_type == "item"}
    assert statuses[item.id] == "complete"


def test_the_data_download_lists_the_translations_a_person_reviewed(item, make_user):
    from participation.translations.account_data import export_translations

    save_translation(item, "title", "en", "Cycling plan")
    translator = make_user(role="translator")
    save_entity_translations(item, "en", {"title": "Cycling plan"}, by=translator)
    db.session.commit()
    [entry] = export_translations(translator)
    assert entry["field"] == "title" and not entry["written_by_you"] and entry["reviewed_by_you_at"]
