"""Reads the programme document: markdown headings and tab-separated table rows.

The parser is pure (no database): it turns the document into dataclasses and
raises ``ProgrammeFormatError`` naming the line when the document is not what
it should be.
"""
import re
from dataclasses import dataclass, field

from .cells import clean_inline, parse_blocks, parse_departments, parse_text_cell, strip_markdown

COLUMNS = 5
HEADER_FIRST_CELL = "punto programma"
AREA_HEADING = re.compile(r"^#{2,3}\s+(\d+)\.\s+(.+?)\s*$")
TITLE_HEADING = re.compile(r"^#\s+(.+?)\s*$")
POINT = re.compile(r"^(\d+)(?:\s*-\s*(\d+))*$")
SENTENCE_END = re.compile(r"[.!?:;)\"”»]$")


class ProgrammeFormatError(ValueError):
    """The document cannot be read; ``line`` is 1-based, or None for the whole file."""

    def __init__(self, message, line=None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self):
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class ParsedArea:
    number: int
    title: str
    intro: list = field(default_factory=list)
    line: int = 0


@dataclass
class ParsedItem:
    line: int
    point: str
    area_numbers: list
    title: str
    objective: str
    macro_actions: list
    departments: list
    position: int = 0

    @property
    def area_number(self):
        return self.area_numbers[0]


@dataclass
class ParsedProgramme:
    title: str
    mayor: str
    giunta: list
    areas: list
    items: list


# --- joining across page breaks ----------------------------------------------

def _starts_lowercase(text):
    first = text.lstrip(" \"'“«(")
    return bool(first) and first[0].islower()


def append_blocks(existing, new):
    """Append continuation blocks; a paragraph or list cut by a page break is rejoined."""
    if not new:
        return existing
    new = [dict(b) for b in new]
    if existing:
        last, first = existing[-1], new[0]
        if last["type"] == "paragraph" and first["type"] == "paragraph":
            if not SENTENCE_END.search(last["text"]) or _starts_lowercase(first["text"]):
                last["text"] = f'{last["text"]} {first["text"]}'
                new = new[1:]
        elif last["type"] == "list" and first["type"] == "list":
            last["items"] = last["items"] + first["items"]
            new = new[1:]
    return existing + new


def _append_text(existing, addition):
    if not addition:
        return existing
    return f"{existing} {addition}".strip() if existing else addition


# --- the document ------------------------------------------------------------

def _is_header(cells):
    return clean_inline(re.sub(r"<[^>]+>", "", cells[0])).lower() == HEADER_FIRST_CELL


def parse_point(point, line):
    match = POINT.match(point)
    if not match:
        raise ProgrammeFormatError(f"the point number {point!r} is not a number like '3' or '3 - 4'", line)
    return [int(n) for n in re.findall(r"\d+", point)]


def parse_document(text):
    """Parse the whole document; raises ProgrammeFormatError on bad input."""
    if "\x00" in text:
        raise ProgrammeFormatError("the file is not a text document")
    lines = text.splitlines()
    title = None
    mayor = ""
    giunta = []
    areas = []
    items = []
    section = None  # "mayor", "giunta" before the first area
    current_area = None
    current_item = None
    positions = {}

    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n")
        if "\t" in line:
            cells = line.split("\t")
            if len(cells) != COLUMNS:
                raise ProgrammeFormatError(
                    f"a table row has {len(cells)} columns instead of {COLUMNS}", number
                )
            if _is_header(cells):
                continue
            if current_area is None:
                raise ProgrammeFormatError("a table row comes before the first area heading", number)
            point = clean_inline(re.sub(r"<[^>]+>", "", cells[0]))
            if not point:
                if not any(c.strip() for c in cells):
                    continue
                if current_item is None:
                    raise ProgrammeFormatError("a continuation row has no programme item before it", number)
                current_item.title = _append_text(current_item.title, parse_text_cell(cells[1]))
                current_item.objective = _append_text(current_item.objective, parse_text_cell(cells[2]))
                current_item.macro_actions = append_blocks(current_item.macro_actions, parse_blocks(cells[3]))
                for name in parse_departments(cells[4]):
                    if name not in current_item.departments:
                        current_item.departments.append(name)
                continue
            area_numbers = parse_point(point, number)
            if area_numbers[0] != current_area.number:
                raise ProgrammeFormatError(
                    f"the point {point!r} does not belong to area {current_area.number}", number
                )
            item_title = parse_text_cell(cells[1])
            if not item_title:
                raise ProgrammeFormatError("a programme item has no title", number)
            positions[current_area.number] = positions.get(current_area.number, 0) + 1
            current_item = ParsedItem(
                line=number,
                point=" - ".join(str(n) for n in area_numbers),
                area_numbers=area_numbers,
                title=item_title,
                objective=parse_text_cell(cells[2]),
                macro_actions=parse_blocks(cells[3]),
                departments=parse_departments(cells[4]),
                position=positions[current_area.number],
            )
            items.append(current_item)
            continue

        stripped = line.strip()
        if not stripped:
            continue
        area_match = AREA_HEADING.match(stripped)
        if area_match:
            current_area = ParsedArea(
                number=int(area_match.group(1)), title=strip_markdown(area_match.group(2)), line=number
            )
            if any(a.number == current_area.number for a in areas):
                raise ProgrammeFormatError(f"area {current_area.number} appears twice", number)
            areas.append(current_area)
            current_item = None
            continue
        title_match = TITLE_HEADING.match(stripped)
        if title_match and title is None:
            title = strip_markdown(title_match.group(1))
            continue
        if current_area is not None:
            current_area.intro.append(strip_markdown(stripped))
            continue
        plain = strip_markdown(stripped).strip()
        lowered = plain.lower()
        if lowered == "sindaco":
            section = "mayor"
        elif lowered == "giunta":
            section = "giunta"
        elif section == "mayor" and not mayor:
            mayor = plain
        elif section == "giunta":
            name, _, role = plain.partition(" - ")
            giunta.append((name.strip(), role.strip()))

    if title is None:
        raise ProgrammeFormatError("this is not a programme document: it has no '# ' title")
    if not areas:
        raise ProgrammeFormatError("this is not a programme document: it has no numbered areas ('## 1. ...')")
    if not items:
        raise ProgrammeFormatError("this is not a programme document: it has no programme items")
    known = {a.number for a in areas}
    for item in items:
        for n in item.area_numbers:
            if n not in known:
                raise ProgrammeFormatError(f"the point {item.point!r} names area {n}, which does not exist", item.line)
    return ParsedProgramme(title=title, mayor=mayor, giunta=giunta, areas=areas, items=items)


def parse_file(path):
    """Read and parse a document from disk."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise ProgrammeFormatError(f"the file {path} does not exist") from None
    except IsADirectoryError:
        raise ProgrammeFormatError(f"{path} is a folder, not a programme document") from None
    except UnicodeDecodeError:
        raise ProgrammeFormatError(f"{path} is not UTF-8 text") from None
    return parse_document(text)
