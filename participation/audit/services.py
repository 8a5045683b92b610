"""The append-only audit log of staff actions."""
from ..extensions import db
from .models import AuditEntry


def record_audit(actor, action, target_type="", target_id=None, reason="", note="", before_text="", **details):
    """Append one entry: who, what, on what, why, and the text before the change.

    Needs the acting user (or None for the system); flushes, never commits.
    Other features call it for their staff actions (role change, group
    verification, official answer, thread closing).
    """
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        actor_name=(getattr(actor, "display_name", None) or "") if actor is not None else "system",
        action=action,
        target_type=target_type or "",
        target_id=target_id,
        reason=str(reason or ""),
        note=note or "",
        before_text=before_text or "",
        details={k: v for k, v in details.items() if v is not None},
    )
    db.session.add(entry)
    db.session.flush()
    return entry
