"""How the audit log names staff answers on proposals and links the proposals."""
from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..audit.labels import AuditTarget, register_audit_actions, register_audit_target
from ..extensions import db
from .models import Proposal


def _proposals(ids):
    rows = db.session.execute(select(Proposal.id, Proposal.title).where(Proposal.id.in_(ids))).all()
    return {row.id: (row.title, url_for("proposals.detail", proposal_id=row.id)) for row in rows}


register_audit_actions({"proposal_status": _l("Proposal status changed")})
register_audit_target(AuditTarget(name="proposal", label=_l("Proposal"), describe=_proposals))
