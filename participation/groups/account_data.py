"""What neighbourhood groups hold about a person: memberships, and groups' contact addresses."""
from flask import render_template
from markupsafe import Markup

from ..accounts.personal_data import export_time, register_personal_data
from .services import forget_user_in_groups, memberships_of, public_groups_of


def export_memberships(user):
    """Every membership of ``user`` (any status), as it appears in "Download my data"."""
    return [
        {
            "group": membership.group.name,
            "group_slug": membership.group.slug,
            "role": membership.role.value,
            "status": membership.status.value,
            "since": export_time(membership.created_at),
        }
        for membership in memberships_of(user)
    ]


def profile_groups_section(user):
    """The "Groups" section of ``user``'s public profile."""
    return Markup(render_template("groups/_profile_groups.html", groups=public_groups_of(user)))


register_personal_data(
    "group_memberships",
    export=export_memberships,
    erase=forget_user_in_groups,
    summary=profile_groups_section,
)
