"""Every permission rule of the platform, as small pure predicates.

Views call ``require(predicate, ...)``; templates get the same predicates as
Jinja globals, so a button is shown exactly when its action is allowed.
"""
from flask import abort

PREDICATES = {}


def predicate(func):
    """Register a predicate so templates can call it by name."""
    PREDICATES[func.__name__] = func
    return func


def require(pred, *args, **kwargs):
    """Abort with 403 unless ``pred(*args, **kwargs)`` holds."""
    if not pred(*args, **kwargs):
        abort(403)


def init_app(app):
    app.jinja_env.globals.update(PREDICATES)


# --- accounts and groups ---


def _role_of(user):
    return getattr(user, "role", None)


@predicate
def is_authenticated(user):
    """True for a signed-in, not deleted account."""
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "deleted_at", None) is None


@predicate
def is_verified_resident(user):
    """Signed in, address verified, not suspended, not deleted (any role)."""
    return is_authenticated(user) and user.is_verified and not user.is_suspended


@predicate
def can_participate(user):
    """May comment, vote, propose and report: the same as ``is_verified_resident``."""
    return is_verified_resident(user)


@predicate
def is_staff(user):
    """Moderators and administrators (signed in, not deleted, not suspended)."""
    from .accounts.models import Role

    return is_authenticated(user) and not user.is_suspended and _role_of(user) in (Role.MODERATOR, Role.ADMINISTRATOR)


@predicate
def is_admin(user):
    """Administrators of the platform (signed in, not deleted, not suspended)."""
    from .accounts.models import Role

    return is_authenticated(user) and not user.is_suspended and _role_of(user) == Role.ADMINISTRATOR


@predicate
def can_manage_roles(user):
    """May grant and revoke the moderator and translator roles: administrators."""
    return is_admin(user)


@predicate
def can_view_email(user, owner):
    """Addresses are shown only to their owner and to administrators."""
    return is_authenticated(user) and (user.id == getattr(owner, "id", None) or is_admin(user))


@predicate
def can_create_group(user):
    """Verified residents who are not suspended may create a group."""
    return can_participate(user)


@predicate
def can_join_group(user, group):
    """May ask to join: can participate and has no membership or request in this group."""
    return can_participate(user) and group.membership_of(user) is None


@predicate
def can_leave_group(user, group):
    """Members and people with a pending request may leave (the last-administrator rule is a service rule)."""
    membership = group.membership_of(user) if is_authenticated(user) else None
    return membership is not None and membership.status.value in ("accepted", "pending")


@predicate
def is_group_admin(user, group):
    """An accepted administrator of ``group``."""
    membership = group.membership_of(user) if is_authenticated(user) else None
    return membership is not None and membership.is_admin


@predicate
def can_manage_group(user, group):
    """Accept, refuse, promote, remove members and edit the group: its administrators who can
    participate, and platform administrators (who can rescue a group left without one)."""
    return (can_participate(user) and is_group_admin(user, group)) or is_admin(user)


@predicate
def can_verify_group(user):
    """Staff verify groups and withdraw the verification."""
    return is_staff(user)


@predicate
def can_act_for_group(user, group):
    """May publish on behalf of ``group``: an accepted member of a verified group who can participate."""
    if not can_participate(user) or group is None or not group.is_verified:
        return False
    membership = group.membership_of(user)
    return membership is not None and membership.is_accepted


@predicate
def can_edit_neighbourhoods(user):
    """Staff keep the list of neighbourhoods."""
    return is_staff(user)
