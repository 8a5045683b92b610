"""``flask translate extract|update|compile|fill-source|check``: a thin wrapper around pybabel."""
import tempfile
from pathlib import Path

import click
from flask.cli import AppGroup

from .catalogs import (
    POT,
    ROOT,
    SOURCE_LANGUAGE,
    TRANSLATIONS,
    CatalogToolError,
    check_catalogs,
    extract_messages,
    fill_source_catalog,
    run_pybabel,
)
from .i18n import LANGUAGES

translate_cli = AppGroup("translate", help="Interface translation catalogs.")


def _pybabel(*args):
    try:
        return run_pybabel(*args)
    except CatalogToolError as error:
        raise click.ClickException(str(error)) from None


def _source_catalog():
    return TRANSLATIONS / SOURCE_LANGUAGE / "LC_MESSAGES" / "messages.po"


@translate_cli.command("extract")
def extract():
    """Collect marked strings from code and templates into messages.pot."""
    try:
        extract_messages(POT)
    except CatalogToolError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Wrote {POT.relative_to(ROOT)}")


@translate_cli.command("update")
def update():
    """Extract, merge new strings into every language's catalog, fill the English one."""
    extract.callback()
    for code in LANGUAGES:
        po = TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"
        if po.exists():
            _pybabel("update", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", code, "--no-fuzzy-matching")
        else:
            _pybabel("init", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", code)
        click.echo(f"Updated {po.relative_to(ROOT)}")
    fill_source.callback()


@translate_cli.command("fill-source")
def fill_source():
    """Copy every msgid into the English catalog's msgstr (msgids are English)."""
    po = _source_catalog()
    if not po.exists():
        raise click.ClickException(f"{po.relative_to(ROOT)} does not exist; run flask translate update.")
    changed = fill_source_catalog(po)
    click.echo(f"Filled {po.relative_to(ROOT)}: {changed} entries changed.")


@translate_cli.command("check")
def check():
    """Fail when a catalog has untranslated, fuzzy, stale or badly formatted entries."""
    with tempfile.TemporaryDirectory() as folder:
        pot = Path(folder) / "messages.pot"
        try:
            extract_messages(pot)
        except CatalogToolError as error:
            raise click.ClickException(str(error)) from None
        report = check_catalogs(TRANSLATIONS, pot)
    for locale, problems in sorted(report.items()):
        click.echo(f"{locale}: {len(problems)} problems")
        for problem in problems:
            click.echo(f"  {problem}")
    if report:
        raise click.ClickException("Some catalogs are incomplete.")
    click.echo("Every catalog is complete.")


@translate_cli.command("compile")
def compile_catalogs():
    """Compile every catalog to .mo files (not committed)."""
    if not any(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        click.echo("No catalogs to compile.")
        return
    _pybabel("compile", "-d", str(TRANSLATIONS), "--statistics")
    click.echo("Catalogs compiled.")
