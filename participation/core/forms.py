"""Pieces every feature's forms share.

- ``strip``: a WTForms filter removing surrounding whitespace (``filters=[strip]``).
- ``ValidEmail``: validates an address with email-validator (no DNS look-up) and
  replaces the field's data with its normalised form.
- ``safe_next_url(value)``: accepts only a same-site relative path for a
  ``next`` parameter (no open redirect); returns None otherwise.
- ``WholeNumberRange(min, max, message)``: a whole number within bounds, for any
  input (a number too large for a float is out of range, not an error page).
- ``field_ids_with_errors(*forms)`` lists ``(field, message)`` pairs for the error summary.

Templates render forms with the macros of ``templates/_forms.html``
(``error_summary``, ``field``, ``checkbox``, ``page_title``); see the comment at
the top of that file.
"""
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError


def strip(value):
    """Filter: surrounding whitespace removed (None and non-strings pass through)."""
    return value.strip() if isinstance(value, str) else value


class WholeNumberRange:
    """Validator: the field's whole number lies from ``min`` to ``max``; compares integers only.

    WTForms' NumberRange turns the value into a float, which fails with an
    error for whole numbers of more than 308 digits; here they are out of range.
    """

    def __init__(self, min, max, message):
        self.min, self.max, self.message = min, max, message

    def __call__(self, form, field):
        if field.data is None or not self.min <= field.data <= self.max:
            raise ValidationError(self.message)


class ValidEmail:
    """Validator: a syntactically valid address; the field's data becomes its normalised form."""

    def __init__(self, message=None):
        self.message = message

    def __call__(self, form, field):
        if not field.data:
            return
        try:
            result = validate_email(field.data, check_deliverability=False)
        except EmailNotValidError as error:
            raise ValidationError(self.message or _l("Enter an email address like name@example.org.")) from error
        field.data = result.normalized


def safe_next_url(value):
    """``value`` when it is a path on this site ("/it/items/x?y=1"), else None.

    Refuses absolute URLs, scheme-relative ones ("//evil.example"), backslash
    tricks ("/\\evil.example") and control characters.
    """
    if not value or not isinstance(value, str) or len(value) > 2000:
        return None
    if any(ord(ch) < 32 or ch == "\\" for ch in value):
        return None
    if not value.startswith("/") or value.startswith("//"):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    return value


def field_errors(*forms):
    """``[(field, first_message), ...]`` for every field with an error, in form order."""
    return [(field, field.errors[0]) for form in forms if form is not None for field in form if field.errors]
