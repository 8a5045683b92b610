"""Staff-editable moderation settings, with defaults from the configuration."""
from flask import current_app

from ..extensions import db
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
