"""``flask programme import-translations``: shipped translation files."""
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.programme.models import Area, Department, ProgrammeItem
from participation.translations.models import ContentTranslation
from participation.translations.services import save_translation, translated
from participation.translations.shipped import validate_translation_data

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "data" / "translations"


def _count():
    return db.session.scalar(select(func.count()).select_from(ContentTranslation))


def write(folder, name, data):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def crafted(tmp_path, item):
    folder = tmp_path / "translations"
    write(folder, "programme.en.json", {
        "language": "en",
        "areas": {"3": {"title": "A city for culture"}},
        "items": {"biciplan": {"title": "Cycling plan", "objective": "More cycle paths"}},
        "departments": {"Area segreteria generale": "General secretariat"},
    })
    write(folder, "programme.fr.json", {"language": "fr", "items": {"biciplan": {"title": "Plan vélo"}}})
    return folder


def test_import_creates_then_changes_nothing(runner, crafted, item):
    result = runner.invoke(args=["programme", "import-translations", str(crafted)])
    assert result.exit_code == 0, result.output
    assert "en: 4 created, 0 updated, 0 unchanged" in result.output
    assert "fr: 1 created, 0 updated, 0 unchanged" in result.output
    assert _count() == 5
    assert translated(item, "title", "fr") == ("Plan vélo", "fr")
    again = runner.invoke(args=["programme", "import-translations", str(crafted)])
    assert again.exit_code == 0
    assert "en: 0 created, 0 updated, 4 unchanged" in again.output
    assert _count() == 5


def test_import_updates_earlier_imports_but_keeps_edits_made_on_the_site(runner, crafted, item, make_user):
    runner.invoke(args=["programme", "import-translations", str(crafted)])
    save_translation(item, "objective", "en", "Edited by a translator", by=make_user(role="translator"))
    db.session.commit()
    data = json.loads((crafted / "programme.en.json").read_text())
    data["items"]["biciplan"]["title"] = "Bicycle plan"
    data["items"]["biciplan"]["objective"] = "Shipped objective"
    write(crafted, "programme.en.json", data)
    result = runner.invoke(args=["programme", "import-translations", str(crafted)])
    assert "en: 0 created, 1 updated, 2 unchanged, 1 kept (edited on the site)" in result.output
    db.session.expire_all()
    assert translated(item, "title", "en") == ("Bicycle plan", "en")
    assert translated(item, "objective", "en") == ("Edited by a translator", "en")


def test_fields_whose_original_changed_are_not_imported(runner, crafted, item):
    write(crafted, "programme.it.json", {
        "language": "it",
        "items": {"biciplan": {"title": "Biciplan", "objective": "Un obiettivo di prima"}},
    })
    result = runner.invoke(args=["programme", "import-translations", str(crafted)])
    assert result.exit_code == 0, result.output
    assert "en: 3 created, 0 updated, 0 unchanged, 1 skipped (original changed)" in result.output
    assert translated(item, "objective", "en")[1] == "it"
    assert translated(item, "title", "en") == ("Cycling plan", "en")


def test_an_import_refreshes_a_translation_needing_review(runner, crafted, item):
    runner.invoke(args=["programme", "import-translations", str(crafted)])
    db.session.scalar(select(ContentTranslation).where(ContentTranslation.language == "fr")).needs_review = True
    db.session.commit()
    result = runner.invoke(args=["programme", "import-translations", str(crafted)])
    assert "fr: 0 created, 1 updated, 0 unchanged" in result.output
    assert not db.session.scalar(select(ContentTranslation).where(ContentTranslation.language == "fr")).needs_review


def test_unknown_slugs_are_reported_and_skipped(runner, tmp_path, programme):
    folder = tmp_path / "t"
    write(folder, "programme.ro.json", {"language": "ro", "items": {"no-such-item": {"title": "x"}}})
    result = runner.invoke(args=["programme", "import-translations", str(folder)])
    assert result.exit_code == 0
    assert "no-such-item" in result.output and "ro: 0 created" in result.output
    assert _count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("programme.en.json", "{not json", "programme.en.json"),
        ("programme.en.json", json.dumps({"language": "fr"}), "the file says language 'fr'"),
        ("programme.de.json", json.dumps({"language": "de"}), "unknown language 'de'"),
        ("programme.en.json", json.dumps({"language": "en", "items": {"biciplan": {"title": 3}}}), "wrong type"),
        ("programme.en.json", json.dumps({"language": "en", "items": {"biciplan": {"slug": "x"}}}), "unknown field"),
        ("programme.it.json", json.dumps({"language": "it", "items": []}), "items must be an object"),
    ],
)
def test_a_bad_file_changes_nothing(runner, crafted, name, content, message):
    (crafted / name).write_text(content, encoding="utf-8")
    result = runner.invoke(args=["programme", "import-translations", str(crafted)])
    assert result.exit_code != 0
    assert message in result.output and "Nothing was changed" in result.output
    assert _count() == 0


def test_a_missing_folder_is_reported(runner, tmp_path, programme):
    result = runner.invoke(args=["programme", "import-translations", str(tmp_path / "nope")])
    assert result.exit_code != 0 and "is not a folder" in result.output


# --- the shipped files --------------------------------------------------------------

# The whole programme ships in every interface language besides Italian.
SHIPPED_LANGUAGES = ["en", "ro", "sq", "ar", "fr", "uk", "pa", "zh", "ur"]


def _load(code):
    return json.loads((SHIPPED / f"programme.{code}.json").read_text(encoding="utf-8"))


def test_the_italian_source_matches_the_imported_programme(programme):
    source = _load("it")
    areas = {str(a.number): a for a in db.session.scalars(select(Area))}
    items = {i.slug: i for i in db.session.scalars(select(ProgrammeItem))}
    assert set(source["areas"]) == set(areas) and set(source["items"]) == set(items)
    for slug, fields in source["items"].items():
        for name, value in fields.items():
            assert getattr(items[slug], name) == value, (slug, name)
    for number, fields in source["areas"].items():
        assert (areas[number].title, areas[number].intro) == (fields["title"], fields["intro"])
    assert set(source["departments"]) == set(db.session.scalars(select(Department.name)))


@pytest.mark.usefixtures("app")  # the file's sections are those of the content the app registers
@pytest.mark.parametrize("code", SHIPPED_LANGUAGES)
def test_shipped_file_is_valid_and_covers_titles_and_objectives(code):
    data, source = _load(code), _load("it")
    assert validate_translation_data(data, source) == []
    assert data["language"] == code
    assert set(data["items"]) == set(source["items"])
    assert all(fields.get("title") and "objective" in fields for fields in data["items"].values())
    assert all(fields.get("title") for fields in data["areas"].values()) and len(data["areas"]) == 10
    assert set(data["departments"]) == set(source["departments"])


@pytest.mark.parametrize("code", SHIPPED_LANGUAGES)
def test_every_shipped_language_covers_the_whole_programme(code):
    data, source = _load(code), _load("it")
    for slug, fields in source["items"].items():
        assert set(data["items"][slug]) == set(fields), slug
    for number, fields in source["areas"].items():
        assert set(data["areas"][number]) == set(fields), number


def test_the_shipped_files_import_completely(runner, programme):
    result = runner.invoke(args=["programme", "import-translations"])
    assert result.exit_code == 0, result.output
    # 10 areas x 2 fields, 91 items x 3 fields, 6 departments
    for code in SHIPPED_LANGUAGES:
        assert f"{code}: 299 created, 0 updated, 0 unchanged" in result.output
    assert "skipped" not in result.output and "warning" not in result.output
    again = runner.invoke(args=["programme", "import-translations"])
    assert "en: 0 created, 0 updated, 299 unchanged" in again.output


def test_shipped_translations_are_not_reviewed_until_a_translator_reviews_them(runner, programme, make_user):
    runner.invoke(args=["programme", "import-translations"])
    rows = db.session.scalars(select(ContentTranslation)).all()
    assert rows and not any(row.is_reviewed for row in rows)
    assert {row.translated_by_id for row in rows} == {None}
