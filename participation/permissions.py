"""Every permission rule of the platform, as small pure predicates.

Views call ``require(predicate, ...)``; templates get the same predicates as
Jinja globals, so a button is shown exactly when its action is allowed.
"""
from flask import abort

from .core.models import as_utc
from .core.roles import Role

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
    return is_authenticated(user) and not user.is_suspended and _role_of(user) in (Role.MODERATOR, Role.ADMINISTRATOR)


@predicate
def is_admin(user):
    """Administrators of the platform (signed in, not deleted, not suspended)."""
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


# --- translations ---

@predicate
def can_translate(user):
    """Staff and translators edit content translations; needs a signed-in,
    verified, not suspended account with role translator, moderator or administrator."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not user.is_verified or user.is_suspended:
        return False
    return user.role in (Role.TRANSLATOR, Role.MODERATOR, Role.ADMINISTRATOR)


# --- moderation ---

@predicate
def can_report(user):
    """Verified, not suspended residents (and staff) may report content and profiles."""
    return can_participate(user)


@predicate
def can_moderate(user):
    """Moderators and administrators who are not suspended."""
    return is_staff(user)


@predicate
def can_moderate_content_of(user, author):
    """Staff moderate others' content, never their own."""
    return can_moderate(user) and (author is None or author.id != user.id)


@predicate
def can_suspend(moderator, subject):
    """Nobody suspends themselves or an administrator; only administrators suspend moderators."""
    if not can_moderate(moderator) or subject is None or subject.id == moderator.id:
        return False
    if subject.role == Role.ADMINISTRATOR:
        return False
    if subject.role == Role.MODERATOR:
        return moderator.role == Role.ADMINISTRATOR
    return True


@predicate
def can_appeal(user, decision):
    """The person a decision is about may appeal it once, even while suspended."""
    return (
        is_authenticated(user)
        and decision is not None
        and decision.subject_id == user.id
        and decision.is_appealable
        and decision.appeal is None
    )


@predicate
def can_decide_appeal(user, appeal):
    """A moderator other than the appellant, and other than the one who decided unless nobody else can."""
    if not can_moderate(user) or appeal is None or appeal.appellant_id == user.id:
        return False
    if appeal.assigned_to_id is not None:
        return appeal.assigned_to_id == user.id or (is_admin(user) and user.id != appeal.decision.moderator_id)
    return user.id != appeal.decision.moderator_id or not appeal.another_reviewer_exists()


@predicate
def can_view_audit(user):
    """Only administrators browse and export the audit log."""
    return is_admin(user)
# --- accessibility ---


@predicate
def can_read_accessibility_feedback(user):
    """Moderators and administrators read the accessibility feedback and mark it handled."""
    return is_staff(user)
# --- participation ---
EDIT_WINDOW_SECONDS = 15 * 60


def _active_resident(user):
    """Signed in, email verified, not suspended, account not deleted."""
    return is_verified_resident(user)


def _active_staff(user):
    return _active_resident(user) and user.is_staff


def _owns(user, thing):
    return getattr(user, "is_authenticated", False) and getattr(thing, "author_id", None) == user.id


@predicate
def can_comment(user, thread):
    """An active resident may comment on an open thread (``None``: not started yet)."""
    return _active_resident(user) and (thread is None or not thread.is_closed)


@predicate
def can_vote_on(user, target):
    """An active resident may vote on an item, or on someone else's comment or proposal."""
    if not _active_resident(user):
        return False
    return not _owns(user, target)


@predicate
def can_edit_comment(user, comment, now=None):
    """The author, still active, within 15 minutes of posting, while the thread is open."""
    from datetime import UTC, datetime

    if not (_active_resident(user) and _owns(user, comment)) or comment.deleted_at is not None:
        return False
    if comment.thread is not None and comment.thread.is_closed:
        return False
    now = now or datetime.now(UTC)
    return (now - as_utc(comment.created_at)).total_seconds() <= EDIT_WINDOW_SECONDS


@predicate
def can_delete_comment(user, comment):
    """The author may delete their comment at any time."""
    return _owns(user, comment) and user.deleted_at is None and comment.deleted_at is None


@predicate
def can_mark_official(user):
    """Staff mark their answers official."""
    return _active_staff(user)


@predicate
def can_close_thread(user):
    return _active_staff(user)


@predicate
def can_see_comment_versions(user):
    return _active_staff(user)


@predicate
def can_submit_proposal(user):
    return _active_resident(user)


@predicate
def can_view_proposal(user, proposal):
    """Drafts and proposals held for approval are seen by their author (and held ones by staff) only;
    a hidden proposal's page stays, showing why it is hidden."""
    if proposal.status == "draft":
        return _owns(user, proposal)
    if proposal.moderation_status == "pending":
        return _owns(user, proposal) or is_staff(user)
    return True


@predicate
def can_edit_proposal(user, proposal):
    """The author, until the first support or comment."""
    if not (_active_resident(user) and _owns(user, proposal)):
        return False
    if proposal.status == "draft":
        return True
    return proposal.status == "published" and proposal.support_count == 0 and proposal.comment_count == 0


@predicate
def can_withdraw_proposal(user, proposal):
    return _owns(user, proposal) and user.deleted_at is None and proposal.status not in ("draft", "withdrawn")


@predicate
def can_answer_proposal(user):
    """Staff move proposals through the status workflow."""
    return _active_staff(user)


@predicate
def can_update_progress(user):
    """Publish progress updates on programme items, one at a time or from a CSV file, and set their
    weights: moderators and administrators (active staff)."""
    return _active_staff(user)


@predicate
def can_follow(user):
    """Signed-in accounts follow discussions and groups; a suspended one does not (it only reads and appeals)."""
    return is_authenticated(user) and not user.is_suspended


# --- departments that answer ---
# A person's departments are data beside their role (``programme/staff.py``): the caller passes the ids of
# the departments the person belongs to (``member_ids``, read once per request) and those of the thing acted on.


@predicate
def can_manage_department_members(user):
    """Administrators make people members of departments and remove them."""
    return is_admin(user)


@predicate
def is_department_staff(user, member_ids):
    """An active account that belongs to at least one department."""
    return _active_resident(user) and bool(member_ids)


@predicate
def can_read_department_inbox(user, department_id, member_ids):
    """A department's inbox: its staff, and moderators and administrators."""
    return is_staff(user) or (_active_resident(user) and department_id in set(member_ids))


@predicate
def can_answer_for_item(user, item_department_ids, member_ids):
    """Answer officially, or mark a comment as asking for an answer, on an item (or a proposal about it):
    staff of one of the departments responsible for it, and moderators and administrators."""
    if not _active_resident(user):
        return False
    return is_staff(user) or bool(set(item_department_ids) & set(member_ids))


@predicate
def can_answer_for_department(user, department_id, item_department_ids, member_ids):
    """Answer on behalf of ``department_id``: it is responsible for the item and the person works there
    (moderators and administrators may answer for any department responsible for the item)."""
    if not _active_resident(user) or department_id not in set(item_department_ids):
        return False
    return is_staff(user) or department_id in set(member_ids)
