"""Template helpers of moderation, available on every page."""
from babel.dates import format_skeleton
from flask_babel import get_locale
from flask_login import current_user

from . import bp
from .labels import APPEAL_LABELS, action_label, reason_label
from .models import AppealStatus


@bp.app_template_global()
def appeal_label(status):
    return APPEAL_LABELS[AppealStatus(status)]


@bp.app_template_global()
def month_name(year, month):
    from datetime import datetime

    return format_skeleton("yMMMM", datetime(year, month, 1), locale=get_locale())


@bp.app_template_filter("reject_page")
def reject_page(args):
    return {k: v for k, v in args.items() if k != "page"}


bp.add_app_template_global(action_label, "action_label")
bp.add_app_template_global(reason_label, "reason_label")


@bp.app_context_processor
def suspension_notice():
    """A suspended resident sees why and until when on every page."""
    from .suspensions import current_suspension

    if not getattr(current_user, "is_authenticated", False):
        return {"current_suspension": None}
    return {"current_suspension": current_suspension(current_user)}


@bp.app_template_global()
def hidden_state(target_type, target_id):
    """The HiddenTarget row of a hidden profile or group, or None."""
    from .targets import hidden_row

    return hidden_row(target_type, target_id)


@bp.app_template_global()
def moderation_reasons():
    from .labels import REASON_LABELS

    return [(reason.value, label) for reason, label in REASON_LABELS.items()]
