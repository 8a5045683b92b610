"""How the audit log names moderation's actions and the reasons of reports and decisions."""
from flask_babel import lazy_gettext as _l

from ..audit.labels import AuditTarget, register_audit_actions, register_audit_reasons, register_audit_target
from .labels import ACTION_LABELS, REASON_LABELS

register_audit_actions({action.value: label for action, label in ACTION_LABELS.items()})
register_audit_actions({
    "auto_hide": _l("Hidden automatically after reports"),
    "hide_on_staff_report": _l("Hidden on a staff member's report"),
    "appeal": _l("Decision appealed"),
    "appeal_upheld": _l("Appeal: decision confirmed"),
    "appeal_overturned": _l("Appeal: decision reversed"),
    "setting_changed": _l("Setting changed"),
    "blocked_phrase_added": _l("Blocked phrase added"),
    "blocked_phrase_removed": _l("Blocked phrase removed"),
})
register_audit_reasons({reason.value: label for reason, label in REASON_LABELS.items()})
register_audit_target(AuditTarget(name="setting", label=_l("Setting"), describe=lambda ids: {}))
