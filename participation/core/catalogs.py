"""Interface catalogs: extraction, the completeness check, the English source catalog."""
import re
import subprocess
import sys
from pathlib import Path

from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"
# msgids are English: the English catalog only copies them.
SOURCE_LANGUAGE = "en"

# printf-style placeholders as Python's % operator reads them: %(name)s, %d, %.2f ...
PLACEHOLDER = re.compile(r"%(?:\((?P<name>[^)]*)\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?P<type>[diouxXeEfFgGcrsa%])")


class CatalogToolError(Exception):
    """pybabel failed; the message is its error output."""


def run_pybabel(*args, cwd=ROOT):
    command = [sys.executable, "-m", "babel.messages.frontend", *args]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise CatalogToolError(result.stderr.strip() or "pybabel failed")
    return result


def extract_messages(output=POT):
    """Collect the marked strings of code and templates into the template ``output``."""
    run_pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "--no-location",
                "--sort-output", "-o", str(output), ".")
    return Path(output)


def placeholders(text):
    """The placeholders of ``text``: named ones as a sorted list, positional ones in order."""
    found = [(m.group("name"), m.group("type")) for m in PLACEHOLDER.finditer(text or "") if m.group("type") != "%"]
    named = sorted(f"%({name}){kind}" for name, kind in found if name is not None)
    positional = [f"%{kind}" for name, kind in found if name is None]
    return named + positional


def _key(message):
    return message.id[0] if isinstance(message.id, (list, tuple)) else message.id


def _label(message):
    text = _key(message).replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "..."


def _is_python_format(message):
    return "python-format" in message.flags or message.python_format


def check_catalog(po_path, template_ids=None):
    """Problems of one catalog, as readable lines (empty list: the catalog is complete).

    Reports untranslated and fuzzy entries, plural entries without every plural
    form of the locale, translations whose placeholders differ from the msgid's,
    and, given the msgids of a freshly extracted template, those missing here.
    """
    po_path = Path(po_path)
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    locale = str(catalog.locale) if catalog.locale else po_path.parent.parent.name
    expected_forms = get_plural(locale).num_plurals
    problems = []
    if catalog.num_plurals != expected_forms:
        problems.append(f"the header declares {catalog.num_plurals} plural forms; {locale} has {expected_forms}")
    present = set()
    for message in catalog:
        if not message.id:
            continue
        present.add(_key(message))
        label = _label(message)
        if message.fuzzy:
            problems.append(f"fuzzy: {label!r}")
        if message.pluralizable:
            forms = list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]
            filled = [form for form in forms if form]
            if not filled:
                problems.append(f"untranslated: {label!r}")
                continue
            # read_po pads the forms a file lacks with empty strings.
            if len(filled) < expected_forms or len(forms) != expected_forms:
                problems.append(f"{len(filled)} plural forms instead of {expected_forms}: {label!r}")
                continue
            if _is_python_format(message):
                wanted = placeholders(message.id[1])
                for index, form in enumerate(forms):
                    if placeholders(form) != wanted:
                        problems.append(f"placeholders differ in plural form {index}: {label!r}")
            continue
        if not message.string:
            problems.append(f"untranslated: {label!r}")
            continue
        if _is_python_format(message) and placeholders(message.string) != placeholders(message.id):
            problems.append(f"placeholders differ: {label!r}")
    if template_ids is not None:
        for missing in sorted(set(template_ids) - present):
            text = missing.replace("\n", " ")
            problems.append(f"missing (run flask translate update): {text[:60]!r}")
    return problems


def template_ids(pot_path):
    with Path(pot_path).open("rb") as handle:
        return {_key(message) for message in read_po(handle) if message.id}


def shipped_catalogs(translations=TRANSLATIONS):
    return sorted(Path(translations).glob("*/LC_MESSAGES/messages.po"))


def check_catalogs(translations=TRANSLATIONS, pot_path=None):
    """``{locale: problems}`` for every shipped catalog with problems."""
    ids = template_ids(pot_path) if pot_path else None
    report = {}
    for po_path in shipped_catalogs(translations):
        problems = check_catalog(po_path, ids)
        if problems:
            report[po_path.parent.parent.name] = problems
    return report


def fill_source_catalog(po_path):
    """Make every msgstr of the source-language catalog equal to its msgid.

    Plural entries get the singular and the plural msgid; fuzzy marks go.
    Returns the number of entries changed.
    """
    po_path = Path(po_path)
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    changed = 0
    for message in catalog:
        if not message.id:
            continue
        wanted = tuple(message.id) if message.pluralizable else message.id
        current = tuple(message.string) if message.pluralizable else message.string
        if current != wanted or message.fuzzy:
            message.string = wanted
            message.flags.discard("fuzzy")
            changed += 1
    catalog.fuzzy = False
    with po_path.open("wb") as handle:
        write_po(handle, catalog, width=76, omit_header=False, include_previous=False)
    return changed
