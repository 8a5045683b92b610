"""Business rules of neighbourhood groups. Functions flush and never commit.

A group always keeps at least one administrator: the last one can neither
leave nor be removed, and when an account is deleted its oldest member
takes over.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..accounts.normalize import display_name_key
from ..audit.services import record_audit
from ..core.actions import ActionRefused
from ..core.models import utcnow
from ..core.sanitize import plain_text_to_html
from ..core.sql import lock_row
from ..core.text import slugify
from ..extensions import db
from .models import WHOLE_CITY_NAME, Group, GroupMembership, MembershipRole, MembershipStatus, Neighbourhood
from .notify import administrators_of_join_request, administrators_of_verification, asker_of_decision

# Cremona's neighbourhoods (quartieri), seeded once; staff edit the list afterwards.
CREMONA_NEIGHBOURHOODS = (
    "Centro storico", "Bagnara", "Battaglione", "Borgo Loreto", "Boschetto", "Cambonino", "Cascinetto",
    "Castelverde", "Cavatigozzi", "Incrociatello", "Maristella", "Migliaro", "Picenengo", "Porta Po",
    "San Bernardo", "San Felice", "Sant'Ambrogio", "Zaist",
)

# Other features list what a group published: ``register_group_publications(func)`` where
# ``func(group)`` returns dicts with "title", "url", "created_at" (newest first).
GROUP_PUBLICATION_PROVIDERS = []


class GroupError(ActionRefused):
    """A group rule refused the action; ``field`` names the form field concerned (or None)."""


def register_group_publications(func):
    """Decorator: add ``func(group)`` to what a group page lists as published by the group."""
    GROUP_PUBLICATION_PROVIDERS.append(func)
    return func


def group_publications(group):
    items = [entry for provider in GROUP_PUBLICATION_PROVIDERS for entry in provider(group)]
    return sorted(items, key=lambda entry: entry.get("created_at") or utcnow(), reverse=True)


# --- neighbourhoods ---


def list_neighbourhoods():
    return db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.position, Neighbourhood.name)).all()


def seed_neighbourhoods():
    """Add "Whole city" and Cremona's neighbourhoods when missing; return how many were added."""
    existing = set(db.session.scalars(select(Neighbourhood.slug)))
    added = 0
    for position, name in enumerate((WHOLE_CITY_NAME, *CREMONA_NEIGHBOURHOODS)):
        if slugify(name) not in existing:
            db.session.add(Neighbourhood(name=name, slug=slugify(name), position=position))
            added += 1
    db.session.flush()
    return added


def _neighbourhood_name_taken(name, except_id=None):
    query = select(Neighbourhood.id).where(
        (func.lower(Neighbourhood.name) == name.lower()) | (Neighbourhood.slug == slugify(name))
    )
    if except_id is not None:
        query = query.where(Neighbourhood.id != except_id)
    return db.session.scalar(query) is not None


def add_neighbourhood(actor, name):
    """Add a neighbourhood to the list (staff). Raises GroupError for a name already listed."""
    name = " ".join(name.split())
    if _neighbourhood_name_taken(name):
        raise GroupError(_l("This neighbourhood is already in the list."), field="name")
    position = (db.session.scalar(select(func.max(Neighbourhood.position))) or 0) + 1
    neighbourhood = Neighbourhood(name=name, slug=slugify(name), position=position)
    db.session.add(neighbourhood)
    db.session.flush()
    record_audit(actor, "neighbourhood_added", "neighbourhood", None, note=name)
    return neighbourhood


def rename_neighbourhood(actor, neighbourhood, name):
    """Rename a neighbourhood (staff); its groups follow. Raises GroupError for a name already listed."""
    name = " ".join(name.split())
    if _neighbourhood_name_taken(name, except_id=neighbourhood.id):
        raise GroupError(_l("This neighbourhood is already in the list."), field="name")
    neighbourhood.name = name
    neighbourhood.slug = slugify(name)
    db.session.flush()
    record_audit(actor, "neighbourhood_renamed", "neighbourhood", neighbourhood.id, note=name)
    return neighbourhood


# --- groups ---


def get_group_by_slug(slug):
    return db.session.scalar(
        select(Group).where(Group.slug == slug).options(selectinload(Group.memberships))
    )


def list_groups():
    """Every group, verified ones first, with their neighbourhood and memberships loaded."""
    return db.session.scalars(
        select(Group)
        .options(selectinload(Group.memberships))
        .order_by(Group.verified_at.is_(None), func.lower(Group.name))
    ).all()


def find_group_by_name(name):
    return db.session.scalar(select(Group).where(Group.name_key == display_name_key(name)))


_RESERVED_SLUGS = {"new", "neighbourhoods"}  # paths of the groups pages


def _unique_slug(name):
    base = slugify(name)
    slug, n = base, 1
    while slug in _RESERVED_SLUGS or db.session.scalar(select(Group.id).where(Group.slug == slug)) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_group(user, name, neighbourhood, description, contact_email=None, language="it"):
    """Create an unverified group with ``user`` as its first administrator. Raises GroupError for a taken name."""
    name = " ".join(name.split())
    if find_group_by_name(name) is not None:
        raise GroupError(_l("A group with this name already exists."), field="name")
    group = Group(
        name=name,
        name_key=display_name_key(name),
        slug=_unique_slug(name),
        neighbourhood=neighbourhood,
        description=description.strip(),
        description_html=plain_text_to_html(description.strip()),
        language=language,
        contact_email=(contact_email or "").strip() or None,
        created_by_id=user.id,
    )
    db.session.add(group)
    db.session.flush()
    db.session.add(
        GroupMembership(
            group_id=group.id, user_id=user.id, role=MembershipRole.ADMIN, status=MembershipStatus.ACCEPTED,
            decided_at=utcnow(), decided_by_id=user.id,
        )
    )
    db.session.flush()
    db.session.refresh(group)
    return group


def update_group(actor, group, neighbourhood, description, contact_email=None):
    """Change a group's neighbourhood, description and contact address (group administrators)."""
    group.neighbourhood = neighbourhood
    group.description = description.strip()
    group.description_html = plain_text_to_html(description.strip())
    group.contact_email = (contact_email or "").strip() or None
    db.session.flush()
    return group


def request_to_join(user, group):
    """Ask to join ``group``; its administrators are notified and the request awaits them. Raises GroupError."""
    membership = group.membership_of(user)
    if membership is not None:
        if membership.status == MembershipStatus.REFUSED:
            raise GroupError(_l("The administrators of this group refused your request."))
        raise GroupError(_l("You have already asked to join this group."))
    membership = GroupMembership(group_id=group.id, user_id=user.id)
    db.session.add(membership)
    db.session.flush()
    db.session.refresh(group)
    administrators_of_join_request(group, membership)
    return membership


def _admin_count(group):
    return db.session.scalar(
        select(func.count(GroupMembership.id)).where(
            GroupMembership.group_id == group.id,
            GroupMembership.role == MembershipRole.ADMIN,
            GroupMembership.status == MembershipStatus.ACCEPTED,
        )
    )


def _ensure_not_last_admin(group, membership, message):
    if membership.is_admin and _admin_count(group) <= 1:
        raise GroupError(message)


def leave_group(user, group):
    """Leave ``group`` or withdraw a request. The last administrator cannot leave (GroupError)."""
    membership = group.membership_of(user)
    if membership is None or membership.status == MembershipStatus.REFUSED:
        raise GroupError(_l("You are not a member of this group."))
    _ensure_not_last_admin(
        group, membership,
        _l("You are the last administrator of this group. Make another member administrator before leaving."),
    )
    db.session.delete(membership)
    db.session.flush()
    db.session.refresh(group)


def _decide(actor, group, membership, status):
    lock_row(membership)  # two administrators answering at once: the second finds it answered
    if membership.group_id != group.id or membership.status != MembershipStatus.PENDING:
        raise GroupError(_l("This request has already been answered."))
    membership.status = status
    membership.decided_at = utcnow()
    membership.decided_by_id = actor.id
    db.session.flush()
    asker_of_decision(group, membership)
    return membership


def accept_request(actor, group, membership):
    """Accept a pending request (group administrators); the person is notified. Raises GroupError if
    already answered."""
    return _decide(actor, group, membership, MembershipStatus.ACCEPTED)


def refuse_request(actor, group, membership):
    """Refuse a pending request (group administrators); the person is notified. Raises GroupError if
    already answered."""
    return _decide(actor, group, membership, MembershipStatus.REFUSED)


def promote_member(actor, group, membership):
    """Make an accepted member a group administrator. Raises GroupError otherwise."""
    if membership.group_id != group.id or not membership.is_accepted:
        raise GroupError(_l("Only members can become administrators."))
    if membership.role == MembershipRole.ADMIN:
        raise GroupError(_l("This member is already an administrator."))
    membership.role = MembershipRole.ADMIN
    db.session.flush()
    return membership


def remove_member(actor, group, membership):
    """Remove a member (group administrators); the last administrator cannot be removed (GroupError)."""
    if membership.group_id != group.id or not membership.is_accepted:
        raise GroupError(_l("This person is not a member of the group."))
    _ensure_not_last_admin(group, membership, _l("A group must keep at least one administrator."))
    db.session.delete(membership)
    db.session.flush()
    db.session.refresh(group)


def verify_group(actor, group):
    """Mark the group verified (staff): from now on its members can act on its behalf; its
    administrators are notified. Raises GroupError when it is verified already."""
    lock_row(group)  # staff verifying at once: the second finds it verified
    if group.is_verified:
        raise GroupError(_l("This group is already verified."))
    group.verified_at = utcnow()
    group.verified_by_id = actor.id
    db.session.flush()
    record_audit(actor, "group_verified", "group", group.id, before_text=group.name)
    administrators_of_verification(group)
    return group


def unverify_group(actor, group):
    """Withdraw the verification (staff): the group can no longer act; its administrators are
    notified. Raises GroupError when it is not verified."""
    lock_row(group)
    if not group.is_verified:
        raise GroupError(_l("This group is not verified."))
    group.verified_at = None
    group.verified_by_id = None
    db.session.flush()
    record_audit(actor, "group_unverified", "group", group.id, before_text=group.name)
    administrators_of_verification(group)
    return group


def groups_awaiting_verification():
    """Groups staff have not verified yet, oldest first, with their founders loaded (the staff list)."""
    return db.session.scalars(
        select(Group)
        .where(Group.verified_at.is_(None))
        .options(selectinload(Group.created_by))
        .order_by(Group.created_at, Group.id)
    ).all()


def count_groups_awaiting_verification():
    return db.session.scalar(select(func.count(Group.id)).where(Group.verified_at.is_(None)))


# --- for other features and for accounts ---


def groups_user_can_act_for(user):
    """The verified groups in which ``user`` is an accepted member, by name (for "publish as" choices).

    Empty for anonymous, unverified, suspended or deleted users.
    """
    from ..permissions import can_participate

    if not can_participate(user):
        return []
    return db.session.scalars(
        select(Group)
        .join(GroupMembership, GroupMembership.group_id == Group.id)
        .where(
            GroupMembership.user_id == user.id,
            GroupMembership.status == MembershipStatus.ACCEPTED,
            Group.verified_at.is_not(None),
        )
        .order_by(func.lower(Group.name))
    ).all()


def memberships_of(user):
    """Every membership row of ``user`` (any status), with its group."""
    return db.session.scalars(
        select(GroupMembership)
        .where(GroupMembership.user_id == user.id)
        .options(selectinload(GroupMembership.group))
        .order_by(GroupMembership.id)
    ).all()


def public_groups_of(user):
    """The groups ``user`` is an accepted member of (shown on the public profile)."""
    return [m.group for m in memberships_of(user) if m.is_accepted]


def forget_user_in_groups(user):
    """Before an account is erased: drop its memberships, hand each group it ran to its oldest
    member, and clear group contact addresses equal to its address."""
    for membership in memberships_of(user):
        group = membership.group
        if membership.is_admin and _admin_count(group) <= 1:
            successor = next(
                (m for m in group.accepted_members if m.user_id != user.id), None
            )
            if successor is not None:
                successor.role = MembershipRole.ADMIN
        db.session.delete(membership)
    if user.email:
        for group in db.session.scalars(
            select(Group).where(func.lower(Group.contact_email) == user.email.lower())
        ):
            group.contact_email = None
    db.session.flush()


def user_by_id(user_id):
    return db.session.get(User, user_id)
