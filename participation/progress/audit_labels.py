"""How the audit log names progress updates, weights and imports."""
from flask_babel import lazy_gettext as _l

from ..audit.labels import register_audit_actions

register_audit_actions({
    "progress_update": _l("Progress update published"),
    "progress_import": _l("Progress imported from a CSV file"),
})
