"""Neighbourhood groups as something residents can report and moderators can hide or edit."""
from flask import url_for

from ..core.sanitize import plain_text_to_html
from ..extensions import db
from ..moderation.targets import (
    TargetType,
    hide_generic,
    is_hidden_generic,
    register_target_type,
    restore_generic,
)
from .models import Group


def _load_group(group_id):
    return db.session.get(Group, group_id)


def _group_author(group):
    return group.created_by


def _group_text(group):
    return f"{group.name}\n\n{group.description}".strip()


def _edit_group(group, new_text, moderator):
    group.description = new_text
    group.description_html = plain_text_to_html(new_text)
    db.session.flush()


register_target_type(
    TargetType(
        name="group",
        load=_load_group,
        author=_group_author,
        text=_group_text,
        url=lambda group: url_for("groups.show", slug=group.slug),
        hide=hide_generic("group"),
        restore=restore_generic("group"),
        is_hidden=is_hidden_generic("group"),
        edit=_edit_group,
    )
)
