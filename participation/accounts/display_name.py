"""Changing one's display name after registration, under the rules of registration.

The form checks the name as at registration (``acceptable_display_name``, 2 to 60
characters); here it must also be free. The change is the person's own, like the
language: it writes no audit entry. Every page shows ``User.display_name``, so the
new name shows everywhere at once (the cached discussion pages follow through the
thread revisions, ``discussion/revision.py``).
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .services import AccountError, display_name_taken

NAME_TAKEN = _l("This display name is already taken. Choose another.")


def change_display_name(user, name):
    """Give ``user`` the display name ``name`` and return the user. Flushes only.

    Raises AccountError (on the ``display_name`` field) when another account uses the
    name in any case or spacing; the unique key on ``display_name_key`` decides between
    two people asking for the same name at the same moment.
    """
    name = name.strip()
    if display_name_taken(name, except_user=user):
        raise AccountError(NAME_TAKEN, field="display_name")
    try:
        with db.session.begin_nested():
            user.display_name = name
    except IntegrityError:
        raise AccountError(NAME_TAKEN, field="display_name") from None
    return user
