"""Staff-editable moderation settings, with defaults from the configuration."""
from flask import current_app

from .. import permissions
from ..audit.services import record_audit
from ..extensions import db
from .errors import ModerationError
from .models import SiteSetting

DEFAULTS = {
    "auto_hide_threshold": ("MODERATION_AUTO_HIDE_THRESHOLD", 3),
    "premoderate_first_n": ("MODERATION_PREMODERATE_FIRST_N", 0),
}


def get_setting(key):
    """An integer setting: the stored value, else the configuration, else the default."""
    config_key, default = DEFAULTS[key]
    row = db.session.get(SiteSetting, key)
    if row is not None:
        return int(row.value)
    return int(current_app.config.get(config_key, default))


def set_setting(key, value):
    if key not in DEFAULTS:
        raise KeyError(key)
    row = db.session.get(SiteSetting, key)
    if row is None:
        db.session.add(SiteSetting(key=key, value=str(int(value))))
    else:
        row.value = str(int(value))
    db.session.flush()


def change_setting(staff, key, value):
    """Staff change a setting; the audit log keeps the value before. Raises ModerationError."""
    if not permissions.can_moderate(staff):
        raise ModerationError("not_allowed")
    before = get_setting(key)
    set_setting(key, value)
    record_audit(staff, "setting_changed", "setting", None, note=f"{key}={value}", before_text=str(before))
