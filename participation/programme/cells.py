"""The text of the programme document's table cells: HTML fragments cleaned into
plain text, paragraph and list blocks, and canonical department names.

Pure functions, no database.
"""
import html
import re
from html.parser import HTMLParser

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
