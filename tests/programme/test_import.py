"""The import command against a real database."""
import shutil

from sqlalchemy import func, select

from participation.extensions import db
from participation.programme.models import Area, Department, GiuntaMember, ItemArea, ProgrammeItem
from tests.conftest import PROGRAMME_PATH


def _counts():
    return (
        db.session.scalar(select(func.count()).select_from(Area)),
        db.session.scalar(select(func.count()).select_from(ProgrammeItem)),
        db.session.scalar(select(func.count()).select_from(Department)),
        db.session.scalar(select(func.count()).select_from(GiuntaMember)),
    )


def test_import_creates_the_programme(runner):
    result = runner.invoke(args=["programme", "import"])
    assert result.exit_code == 0, result.output
    assert "91 created, 0 updated, 0 unchanged" in result.output
    assert _counts() == (10, 91, 6, 8)
    per_area = dict(
        db.session.execute(
            select(Area.number, func.count()).join(ItemArea, ItemArea.area_id == Area.id).group_by(Area.number)
        ).all()
    )
    assert [per_area[n] for n in range(1, 11)] == [3, 7, 7, 7, 11, 6, 15, 3, 12, 22]


def test_reimport_changes_nothing(runner):
    runner.invoke(args=["programme", "import"])
    before = {i.slug: (i.id, i.updated_at) for i in db.session.scalars(select(ProgrammeItem))}
    result = runner.invoke(args=["programme", "import"])
    assert result.exit_code == 0
    assert "0 created, 0 updated, 91 unchanged" in result.output
    db.session.expire_all()
    after = {i.slug: (i.id, i.updated_at) for i in db.session.scalars(select(ProgrammeItem))}
    assert after == before


def test_rigenerazione_urbana_items_have_distinct_slugs(runner):
    runner.invoke(args=["programme", "import"])
    slugs = sorted(db.session.scalars(select(ProgrammeItem.slug).where(ProgrammeItem.title == "Rigenerazione urbana")))
    assert slugs == ["rigenerazione-urbana", "rigenerazione-urbana-5"]


def test_edited_document_updates_items_in_place(runner, tmp_path):
    runner.invoke(args=["programme", "import"])
    item = db.session.scalar(select(ProgrammeItem).where(ProgrammeItem.slug == "biciplan"))
    item_id = item.id
    text = PROGRAMME_PATH.read_text(encoding="utf-8")
    edited = tmp_path / "edited.txt"
    edited.write_text(
        text.replace("<b>Biciplan</b>", "<b>Biciplan metropolitano</b>").replace(
            "Tutte le aree", "Area risorse"
        ),
        encoding="utf-8",
    )
    result = runner.invoke(args=["programme", "import", str(edited)])
    assert result.exit_code == 0, result.output
    assert "0 created, 2 updated, 89 unchanged" in result.output
    db.session.expire_all()
    item = db.session.get(ProgrammeItem, item_id)
    assert item.title == "Biciplan metropolitano"
    assert item.slug == "biciplan"  # the URL does not change


def test_missing_file_changes_nothing(runner, tmp_path):
    result = runner.invoke(args=["programme", "import", str(tmp_path / "nope.txt")])
    assert result.exit_code != 0
    assert "does not exist" in result.output and "Nothing was changed" in result.output
    assert _counts() == (0, 0, 0, 0)


def test_bad_row_stops_with_line_and_leaves_database_untouched(runner, tmp_path):
    runner.invoke(args=["programme", "import"])
    before = _counts()
    lines = PROGRAMME_PATH.read_text(encoding="utf-8").split("\n")
    lines[200] = "9\t<b>Riga rotta</b>\tsolo tre colonne"
    broken = tmp_path / "broken.txt"
    broken.write_text("\n".join(lines), encoding="utf-8")
    result = runner.invoke(args=["programme", "import", str(broken)])
    assert result.exit_code != 0
    assert "line 201" in result.output and "3 columns instead of 5" in result.output
    assert _counts() == before


def test_not_a_programme_document(runner, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("Lista della spesa\n\nlatte, pane\n", encoding="utf-8")
    result = runner.invoke(args=["programme", "import", str(other)])
    assert result.exit_code != 0
    assert "not a programme document" in result.output
    assert _counts() == (0, 0, 0, 0)


def test_if_empty_skips_an_imported_programme(runner):
    runner.invoke(args=["programme", "import"])
    result = runner.invoke(args=["programme", "import", "--if-empty"])
    assert "already imported" in result.output


def test_copy_in_data_matches_shared_document():
    shared = PROGRAMME_PATH.parent.parent.parent / "shared" / "programme" / PROGRAMME_PATH.name
    if shared.exists():
        assert shared.read_bytes() == PROGRAMME_PATH.read_bytes()
    assert shutil.which  # the bundled copy is always there
    assert PROGRAMME_PATH.exists()
