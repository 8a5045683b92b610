"""Turning names into URL slugs."""
import re
import unicodedata


def slugify(text, max_length=80):
    """ASCII, lower-case, hyphen-separated; accents folded (città -> citta)."""
    normalised = unicodedata.normalize("NFKD", text)
    ascii_text = normalised.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:max_length].rstrip("-") or "item"
