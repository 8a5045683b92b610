"""How the audit log names staff actions on groups and neighbourhoods and links them."""
from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..audit.labels import AuditTarget, register_audit_actions, register_audit_target
from ..extensions import db
from .models import Group, Neighbourhood


def _groups(ids):
    rows = db.session.execute(select(Group.id, Group.name, Group.slug).where(Group.id.in_(ids))).all()
    return {row.id: (row.name, url_for("groups.show", slug=row.slug)) for row in rows}


def _neighbourhoods(ids):
    rows = db.session.execute(select(Neighbourhood.id, Neighbourhood.name).where(Neighbourhood.id.in_(ids))).all()
    return {row.id: (row.name, None) for row in rows}


register_audit_actions({
    "group_verified": _l("Group verified"),
    "group_unverified": _l("Group no longer verified"),
    "neighbourhood_added": _l("Neighbourhood added"),
    "neighbourhood_renamed": _l("Neighbourhood renamed"),
})
register_audit_target(AuditTarget(name="group", label=_l("Group"), describe=_groups))
register_audit_target(AuditTarget(name="neighbourhood", label=_l("Neighbourhood"), describe=_neighbourhoods))
