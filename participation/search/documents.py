"""One row of the index, as every document type builds it."""
from .text import stemmed_text


def area_numbers(numbers):
    """Area numbers as ",3,4,", so that one LIKE filters by area on every database."""
    return "," + "".join(f"{n}," for n in sorted(set(numbers)))


def document_row(kind, target_id, title, body, visible, areas, language="it", parent=None, ref="",
                 index_title=True, is_translation=False):
    """The ``search_document`` values of one document: what is shown, filtered and (stemmed) matched.

    ``parent`` ("proposal:7") names the document this one sits in; ``index_title``
    false shows the title without matching it (a comment's title is its thread's).
    Words are stemmed in ``language``, the language the text is written in;
    ``is_translation`` marks the translation of a document into ``language``
    (found by readers of that language only).
    """
    language = language or "it"
    return {
        "kind": kind,
        "target_id": target_id,
        "parent": parent,
        "area_numbers": area_numbers(areas),
        "language": language,
        "is_translation": is_translation,
        "title": title,
        "body": body,
        "ref": ref,
        "visible": bool(visible),
        "stemmed_title": stemmed_text(title, language) if index_title else "",
        "stemmed_body": stemmed_text(body, language),
    }
