"""Reads the programme document: markdown headings and tab-separated table rows.

The parser is pure (no database): it turns the document into dataclasses and
raises ``ProgrammeFormatError`` naming the line when the document is not what
it should be.
"""
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

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


# --- inline text -------------------------------------------------------------

def clean_inline(text):
    """Collapse whitespace and remove what is left of broken markup."""
    text = html.unescape(text)
    text = text.replace("\u00a0", " ")
    # "l>Action" is an apostrophe typed as ">" after an elided article.
    text = re.sub(r"(?<=\b[lL])>(?=\w)", "'", text)
    text = text.replace("<", "").replace(">", "")
    text = re.sub(r"\s+", " ", text)
    return text.strip()


def strip_markdown(text):
    return clean_inline(re.sub(r"(\*\*|\*|__|_)(.+?)\1", r"\2", text))


# --- cells ---------------------------------------------------------------------

class _BlockCollector(HTMLParser):
    """Collects paragraphs and bullet lists from a table cell's HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self._text = []
        self._in_list = False
        self._items = None

    def _flush_text(self):
        text = "".join(self._text)
        self._text = []
        if self._in_list and self._items is not None:
            if text.strip():
                self._items.append(text)
            return
        if text.strip():
            self.blocks.append({"type": "text", "text": text})

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "li", "br", "div"):
            self._flush_text()
        if tag in ("ul", "ol"):
            self._flush_text()
            self._in_list = True
            self._items = []

    def handle_endtag(self, tag):
        if tag in ("p", "li", "div"):
            self._flush_text()
        if tag in ("ul", "ol"):
            self._flush_text()
            if self._items:
                self.blocks.append({"type": "list", "items": self._items})
            self._in_list = False
            self._items = None

    def handle_data(self, data):
        self._text.append(data)

    def close(self):
        super().close()
        self._flush_text()
        if self._in_list and self._items:
            self.blocks.append({"type": "list", "items": self._items})
        return self.blocks


def _split_plain_paragraphs(text):
    """Cells without <p> separate paragraphs with two spaces after a sentence."""
    return [part for part in re.split(r"(?<=[.!?;])\s{2,}", text) if part.strip()]


def _inline_bullets(paragraph):
    """'Modalità nuove: - a - b' is a paragraph followed by a list."""
    match = re.match(r"^(.*?:)\s+-\s+(.+)$", paragraph)
    if not match:
        return [{"type": "paragraph", "text": paragraph}]
    items = [clean_inline(i) for i in re.split(r"\s+-\s+", match.group(2)) if i.strip()]
    return [{"type": "paragraph", "text": match.group(1)}, {"type": "list", "items": items}]


def parse_blocks(cell):
    """A macro-actions cell as an ordered list of paragraph and list blocks."""
    collector = _BlockCollector()
    collector.feed(_pad_quotes(cell))
    raw_blocks = collector.close()
    blocks = []
    for raw in raw_blocks:
        if raw["type"] == "list":
            items = [re.sub(r"^\s*[-–•]\s*", "", clean_inline(i)) for i in raw["items"]]
            items = [i for i in items if i]
            if items:
                blocks.append({"type": "list", "items": items})
            continue
        for paragraph in _split_plain_paragraphs(raw["text"]):
            paragraph = clean_inline(paragraph)
            if paragraph:
                blocks.extend(_inline_bullets(paragraph))
    return blocks


def _pad_quotes(cell):
    """Remove the padding written inside quotes around italic text."""
    cell = re.sub(r'(["“])\s*<i>\s*', r"\1<i>", cell)
    return re.sub(r'\s*</i>\s*(["”])', r"</i>\1", cell)


def parse_text_cell(cell):
    """A one-value cell (title, objective) as plain text."""
    blocks = parse_blocks(cell)
    parts = []
    for block in blocks:
        if block["type"] == "paragraph":
            parts.append(block["text"])
        else:
            parts.extend(block["items"])
    return " ".join(parts).strip()


# --- departments -----------------------------------------------------------

DEPARTMENT_ALIASES = {
    "area sviluppo lavoro e politiche di area vasta": "Area sviluppo, lavoro e politiche di area vasta",
    "area sviluppo e lavoro e politiche di area vasta": "Area sviluppo, lavoro e politiche di area vasta",
    "area gestione territorio e comunita": "Area gestione, territorio e comunità",
    "area welfare di comunita e coesione sociale": "Area welfare di comunità e coesione sociale",
    "area risorse": "Area risorse",
    "area segreteria generale": "Area segreteria generale",
    "area segretario generale": "Area segreteria generale",
    "tutte": "Tutte le aree",
    "tutte le aree": "Tutte le aree",
}


def department_key(name):
    """Spelling-insensitive key: case, accents, commas and spacing do not matter."""
    import unicodedata

    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def canonical_department(name):
    key = department_key(name)
    if key in DEPARTMENT_ALIASES:
        return DEPARTMENT_ALIASES[key]
    cleaned = clean_inline(name).rstrip(";,. ")
    return cleaned[:1].upper() + cleaned[1:]


def parse_departments(cell):
    """Split a 'Deleghe e aree' cell into canonical department names.

    Departments are separated by ';', by paragraphs, or only by a space
    before a capitalised 'Area'. An empty cell means no department.
    """
    collector = _BlockCollector()
    collector.feed(cell)
    pieces = []
    for block in collector.close():
        texts = block["items"] if block["type"] == "list" else [block["text"]]
        for text in texts:
            for part in re.split(r";", clean_inline(text)):
                pieces.extend(re.split(r"\s+(?=Area\b)", part))
    names = []
    for piece in pieces:
        piece = piece.strip(" ;,.")
        if not piece:
            continue
        name = canonical_department(piece)
        if name not in names:
            names.append(name)
    return names


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
