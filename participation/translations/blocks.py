"""Structured programme text as plain text a translator can edit, and back.

Macro-actions are blocks: ``{"type": "paragraph", "text": ...}`` or
``{"type": "list", "items": [...]}``. As text, blocks are separated by a blank
line and list entries are lines starting with "- ".
"""

LIST_MARK = "- "


def blocks_to_text(blocks):
    parts = []
    for block in blocks or []:
        if block.get("type") == "list":
            parts.append("\n".join(LIST_MARK + entry for entry in block.get("items", [])))
        else:
            parts.append(block.get("text", ""))
    return "\n\n".join(parts)


def text_to_blocks(text):
    """Parse text back into blocks: consecutive "- " lines make a list,
    other consecutive lines make one paragraph."""
    blocks = []
    current = None
    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            current = None
            continue
        if line.startswith("-") and (line == "-" or line[1].isspace()):
            entry = line[1:].strip()
            if current is None or current["type"] != "list":
                current = {"type": "list", "items": []}
                blocks.append(current)
            if entry:
                current["items"].append(entry)
        elif current is not None and current["type"] == "paragraph":
            current["text"] += " " + line
        else:
            current = {"type": "paragraph", "text": line}
            blocks.append(current)
    return [block for block in blocks if block.get("text") or block.get("items")]


def paragraphs_to_text(paragraphs):
    return "\n\n".join(paragraphs or [])


def text_to_paragraphs(text):
    return [block["text"] if block["type"] == "paragraph" else " ".join(block["items"])
            for block in text_to_blocks(text)]


def same_shape(source, translation):
    """True when ``translation`` has the structure of ``source`` (type, and
    for lists of paragraphs or blocks, the same number of paragraphs and list entries)."""
    if isinstance(source, str) or source is None:
        return isinstance(translation, str)
    if not isinstance(translation, list) or len(source) != len(translation):
        return False
    for original, translated in zip(source, translation, strict=True):
        if isinstance(original, str):
            if not isinstance(translated, str):
                return False
            continue
        if not isinstance(translated, dict) or original.get("type") != translated.get("type"):
            return False
        if original.get("type") == "list":
            items = translated.get("items")
            if not isinstance(items, list) or len(items) != len(original.get("items", [])):
                return False
            if not all(isinstance(entry, str) for entry in items):
                return False
        elif not isinstance(translated.get("text"), str):
            return False
    return True
