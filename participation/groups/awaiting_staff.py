"""Neighbourhood groups with the moderation dashboard: groups waiting for staff to verify them."""
from flask_babel import lazy_gettext as _l

from ..moderation.awaiting import AwaitingStaff, register_awaiting_staff
from .services import count_groups_awaiting_verification

register_awaiting_staff(AwaitingStaff(
    name="groups_awaiting_verification",
    label=_l("Groups awaiting verification"),
    count=count_groups_awaiting_verification,
    endpoint="groups.awaiting_verification",
))
