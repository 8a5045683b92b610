"""``flask translate extract|update|compile``: a thin wrapper around pybabel."""
import subprocess
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from .i18n import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"

translate_cli = AppGroup("translate", help="Interface translation catalogs.")


def _pybabel(*args):
    command = [sys.executable, "-m", "babel.messages.frontend", *args]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise click.ClickException(result.stderr.strip() or "pybabel failed")
    return result


@translate_cli.command("extract")
def extract():
    """Collect marked strings from code and templates into messages.pot."""
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "--no-location",
             "--sort-output", "-o", str(POT), ".")
    click.echo(f"Wrote {POT.relative_to(ROOT)}")


@translate_cli.command("update")
def update():
    """Extract, then merge new strings into every language's catalog."""
    extract.callback()
    for code in LANGUAGES:
        po = TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"
        if po.exists():
            _pybabel("update", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", code, "--no-fuzzy-matching")
        else:
            _pybabel("init", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", code)
        click.echo(f"Updated {po.relative_to(ROOT)}")


@translate_cli.command("compile")
def compile_catalogs():
    """Compile every catalog to .mo files (not committed)."""
    if not any(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        click.echo("No catalogs to compile.")
        return
    _pybabel("compile", "-d", str(TRANSLATIONS), "--statistics")
    click.echo("Catalogs compiled.")
