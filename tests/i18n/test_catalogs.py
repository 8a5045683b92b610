"""Interface catalogs: every shipped catalog complete, and the checker itself."""
import textwrap

import pytest

from participation.core.catalogs import (
    TRANSLATIONS,
    check_catalog,
    check_catalogs,
    extract_messages,
    fill_source_catalog,
    placeholders,
    shipped_catalogs,
    template_ids,
)

HEADER = """\
msgid ""
msgstr ""
"Language: {locale}\\n"
"Plural-Forms: {plural}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"

"""
PLURALS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "en": "nplurals=2; plural=(n != 1);",
}


def write_catalog(tmp_path, locale, body):
    path = tmp_path / locale / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER.format(locale=locale, plural=PLURALS[locale]) + textwrap.dedent(body), encoding="utf-8")
    return path


COMPLETE_UK = """\
msgid "Home"
msgstr "Головна"

#, python-format
msgid "Area %(number)d"
msgstr "Напрям %(number)d"

#, python-format
msgid "%(num)d vote"
msgid_plural "%(num)d votes"
msgstr[0] "%(num)d голос"
msgstr[1] "%(num)d голоси"
msgstr[2] "%(num)d голосів"

#, python-format
msgid "Discount of 50%% on %s"
msgstr "Знижка 50%% на %s"
"""


# --- the shipped catalogs ---------------------------------------------------------

@pytest.fixture(scope="module")
def fresh_template(tmp_path_factory):
    """messages.pot extracted now from the code, so stale catalogs are caught."""
    return extract_messages(tmp_path_factory.mktemp("pot") / "messages.pot")


def test_there_is_a_catalog_for_every_language():
    from participation.core.i18n import LANGUAGES

    assert {path.parent.parent.name for path in shipped_catalogs()} == set(LANGUAGES)


def test_the_fresh_template_finds_the_marked_strings(fresh_template):
    ids = template_ids(fresh_template)
    assert "Skip to content" in ids  # a template string
    assert "%(num)d programme item" in ids  # a plural from a template


def test_every_shipped_catalog_is_complete(fresh_template):
    report = check_catalogs(TRANSLATIONS, fresh_template)
    lines = [f"{locale}: {problem}" for locale, problems in sorted(report.items()) for problem in problems]
    assert not lines, f"{len(lines)} catalog problems:\n" + "\n".join(lines[:200])


# --- the checker ------------------------------------------------------------------

def test_checker_accepts_a_complete_catalog(tmp_path):
    assert check_catalog(write_catalog(tmp_path, "uk", COMPLETE_UK)) == []


def test_checker_reports_untranslated_entries(tmp_path):
    path = write_catalog(tmp_path, "fr", 'msgid "Home"\nmsgstr ""\n')
    assert check_catalog(path) == ["untranslated: 'Home'"]


def test_checker_reports_fuzzy_entries(tmp_path):
    path = write_catalog(tmp_path, "fr", '#, fuzzy\nmsgid "Home"\nmsgstr "Accueil"\n')
    assert check_catalog(path) == ["fuzzy: 'Home'"]


@pytest.mark.parametrize(
    "translation",
    ["Zone %(numero)d", "Zone %(number)s", "Zone", "Zone %(number)d %(number)d", "Zone %d"],
)
def test_checker_reports_wrong_placeholders(tmp_path, translation):
    path = write_catalog(
        tmp_path, "fr", f'#, python-format\nmsgid "Area %(number)d"\nmsgstr "{translation}"\n'
    )
    assert check_catalog(path) == ["placeholders differ: 'Area %(number)d'"]


def test_checker_reports_wrong_placeholders_in_a_plural_form(tmp_path):
    path = write_catalog(tmp_path, "fr", """\
        #, python-format
        msgid "%(num)d vote"
        msgid_plural "%(num)d votes"
        msgstr[0] "%(num)d vote"
        msgstr[1] "%(n)d votes"
        """)
    assert check_catalog(path) == ["placeholders differ in plural form 1: '%(num)d vote'"]


def test_checker_reports_missing_plural_forms(tmp_path):
    path = write_catalog(tmp_path, "uk", """\
        #, python-format
        msgid "%(num)d vote"
        msgid_plural "%(num)d votes"
        msgstr[0] "%(num)d голос"
        msgstr[1] "%(num)d голоси"
        """)
    assert check_catalog(path) == ["2 plural forms instead of 3: '%(num)d vote'"]


def test_checker_reports_an_empty_plural_form_as_missing(tmp_path):
    path = write_catalog(tmp_path, "uk", """\
        #, python-format
        msgid "%(num)d vote"
        msgid_plural "%(num)d votes"
        msgstr[0] "%(num)d голос"
        msgstr[1] ""
        msgstr[2] "%(num)d голосів"
        """)
    assert check_catalog(path) == ["2 plural forms instead of 3: '%(num)d vote'"]


def test_checker_reports_a_plural_header_wrong_for_the_locale(tmp_path):
    path = write_catalog(tmp_path, "uk", 'msgid "Home"\nmsgstr "Головна"\n')
    path.write_text(path.read_text().replace(PLURALS["uk"], PLURALS["fr"]))
    assert check_catalog(path) == ["the header declares 2 plural forms; uk has 3"]


def test_checker_reports_msgids_missing_from_a_stale_catalog(tmp_path):
    path = write_catalog(tmp_path / "catalogs", "uk", COMPLETE_UK)
    pot = tmp_path / "messages.pot"
    pot.write_text('msgid ""\nmsgstr ""\n\nmsgid "Home"\nmsgstr ""\n\nmsgid "New string"\nmsgstr ""\n')
    assert check_catalog(path, template_ids(pot)) == [
        "missing (run flask translate update): 'New string'"
    ]
    assert check_catalogs(tmp_path / "catalogs", pot) == {
        "uk": ["missing (run flask translate update): 'New string'"]
    }


def test_placeholders_are_read_like_python_does():
    assert placeholders("%(b)s and %(a)d") == ["%(a)d", "%(b)s"]
    assert placeholders("%s of %d, 100%%") == ["%s", "%d"]
    assert placeholders("%(value).2f") == ["%(value)f"]
    assert placeholders("no placeholders") == []


# --- the English catalog ----------------------------------------------------------

def test_fill_source_copies_every_msgid_into_the_english_catalog(tmp_path):
    path = write_catalog(tmp_path, "en", """\
        msgid "Home"
        msgstr ""

        #, fuzzy
        msgid "Old"
        msgstr "Older"

        #, python-format
        msgid "%(num)d vote"
        msgid_plural "%(num)d votes"
        msgstr[0] ""
        msgstr[1] ""
        """)
    assert check_catalog(path) != []
    assert fill_source_catalog(path) == 3
    assert check_catalog(path) == []
    text = path.read_text(encoding="utf-8")
    assert 'msgstr "Home"' in text and 'msgstr[1] "%(num)d votes"' in text and "fuzzy" not in text
    assert fill_source_catalog(path) == 0
