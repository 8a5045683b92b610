"""How the audit log names role changes and links the people they are about."""
from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..audit.labels import AuditTarget, register_audit_actions, register_audit_target
from ..extensions import db
from .models import User


def _people(ids):
    users = db.session.scalars(select(User).where(User.id.in_(ids))).all()
    return {user.id: (user.public_name, None if user.is_deleted else url_for("accounts.profile", user_id=user.id))
            for user in users}


register_audit_actions({"role_change": _l("Role changed")})
register_audit_target(AuditTarget(name="profile", label=_l("Person"), describe=_people))
