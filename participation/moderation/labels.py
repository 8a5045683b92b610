"""Human names of reasons, actions and statuses, translated when shown."""
from flask_babel import lazy_gettext as _l

from .models import Action, AppealStatus, ReportReason

REASON_LABELS = {
    ReportReason.SPAM: _l("Spam or advertising"),
    ReportReason.OFFENSIVE: _l("Offensive or hateful"),
    ReportReason.OFF_TOPIC: _l("Off-topic"),
    ReportReason.PERSONAL_DATA: _l("Personal data of others"),
    ReportReason.ILLEGAL: _l("Illegal content"),
    ReportReason.OTHER: _l("Other"),
}

ACTION_LABELS = {
    Action.DISMISS: _l("Reports dismissed"),
    Action.HIDE: _l("Content hidden"),
    Action.RESTORE: _l("Content restored"),
    Action.EDIT: _l("Personal data edited out"),
    Action.WARN: _l("Warning"),
    Action.SUSPEND: _l("Account suspended"),
    Action.APPROVE: _l("Approved for publication"),
}

APPEAL_LABELS = {
    AppealStatus.PENDING: _l("Waiting for review"),
    AppealStatus.UPHELD: _l("Decision confirmed"),
    AppealStatus.OVERTURNED: _l("Decision reversed"),
}

TARGET_LABELS = {
    "comment": _l("Comment"),
    "proposal": _l("Proposal"),
    "group": _l("Group"),
    "profile": _l("Profile"),
}


def reason_label(reason):
    try:
        return REASON_LABELS.get(ReportReason(reason), str(reason))
    except ValueError:  # not a reason of reports (``targets.PENDING_REVIEW``, an old value)
        return str(reason or "")


def action_label(action):
    return ACTION_LABELS.get(Action(action), str(action))
