"""Business rules of the City's answers: department staff, answer requests, official answers."""
from sqlalchemy import select

from ..audit.services import record_audit
from ..core.actions import ActionRefused
from ..core.models import utcnow
from ..core.sql import lock_row
from ..discussion import services as discussion
from ..discussion.answer_requests import touch_thread
from ..extensions import db
from ..notifications import services as notifications
from ..permissions import (
    can_answer_for_department,
    can_answer_for_item,
    can_manage_department_members,
)
from ..programme.models import Department
from ..programme.staff import (
    DepartmentMember,
    forget_member_departments,
    item_department_ids,
    member_department_ids,
)
from .deadlines import due_at
from .models import AnswerRequest, AnswerRequestDepartment


class AnswersError(ActionRefused):
    """Bad input or a forbidden action; ``message`` is shown to the person."""


def _(text, **values):
    from flask_babel import gettext

    return gettext(text, **values)


# --- department staff ----------------------------------------------------------------

def add_department_member(admin, user, department):
    """An administrator makes ``user`` a member of ``department`` (once); audited. Returns the membership."""
    if not can_manage_department_members(admin):
        raise AnswersError(_("You are not allowed to change who works in a department."))
    if user.deleted_at is not None:
        raise AnswersError(_("This account no longer exists."))
    existing = db.session.scalar(select(DepartmentMember).where(
        DepartmentMember.user_id == user.id, DepartmentMember.department_id == department.id))
    if existing is not None:
        raise AnswersError(_("%(name)s already works in this department.", name=user.display_name))
    member = DepartmentMember(user_id=user.id, department_id=department.id, added_by_id=admin.id, added_at=utcnow())
    db.session.add(member)
    db.session.flush()
    forget_member_departments()
    record_audit(admin, "department_member_added", "user", user.id, department=department.name)
    return member


def remove_department_member(admin, member):
    """An administrator removes a person from a department; audited."""
    if not can_manage_department_members(admin):
        raise AnswersError(_("You are not allowed to change who works in a department."))
    user_id, name = member.user_id, member.department.name
    db.session.delete(member)
    db.session.flush()
    forget_member_departments()
    record_audit(admin, "department_member_removed", "user", user_id, department=name)


def members_by_department():
    """{department id: [DepartmentMember]} with their accounts, in the order of the names."""
    from sqlalchemy.orm import joinedload

    rows = db.session.scalars(select(DepartmentMember).options(joinedload(DepartmentMember.user))
                              .order_by(DepartmentMember.id)).all()
    found = {}
    for row in rows:
        found.setdefault(row.department_id, []).append(row)
    return found


# --- requests ---------------------------------------------------------------------

def _open_request(item_id, department_ids, now, reason, asked_by=None, **target):
    request = AnswerRequest(item_id=item_id, reason=reason, asked_by_id=getattr(asked_by, "id", None),
                            asked_at=now, due_at=due_at(now), **target)
    request.departments = [AnswerRequestDepartment(department_id=d, position=n)
                           for n, d in enumerate(sorted(department_ids))]
    db.session.add(request)
    db.session.flush()
    touch_thread(request.thread_id)
    return request


def request_for(comment=None, proposal=None):
    """The answer request of a comment or a proposal, or None."""
    if comment is not None:
        return db.session.scalar(select(AnswerRequest).where(AnswerRequest.comment_id == comment.id))
    return db.session.scalar(select(AnswerRequest).where(AnswerRequest.proposal_id == proposal.id))


def record_comment_wish(comment):
    """A resident's top-level comment on an item asks for an answer (``discussion/answer_requests.py``)."""
    thread = comment.thread
    if thread.kind != "item" or comment.parent_id is not None or request_for(comment=comment) is not None:
        return None
    return _open_request(thread.programme_item_id, item_department_ids(thread.programme_item_id),
                         comment.created_at or utcnow(), "resident", asked_by=comment.author,
                         comment_id=comment.id, thread_id=thread.id)


def mark_comment_asks(user, comment, now=None):
    """Staff (department staff of the item, moderators, administrators) mark a top-level comment on an item
    as asking for an answer; the deadline runs from now. Raises AnswersError. Returns the request."""
    thread = comment.thread
    if thread.kind != "item" or comment.parent_id is not None:
        raise AnswersError(_("Only a top-level comment on a programme item can ask for an answer."))
    departments = item_department_ids(thread.programme_item_id)
    if not can_answer_for_item(user, departments, member_department_ids(user)):
        raise AnswersError(_("You are not allowed to do this."))
    if comment.deleted_at is not None or comment.status != "published" or comment.is_official:
        raise AnswersError(_("This comment can no longer ask for an answer."))
    lock_row(comment)
    if request_for(comment=comment) is not None:
        raise AnswersError(_("This comment already waits for an answer."))
    request = _open_request(thread.programme_item_id, departments, now or utcnow(), "staff", asked_by=user,
                            comment_id=comment.id, thread_id=thread.id)
    record_audit(user, "answer_requested", "comment", comment.id)
    return request


def proposal_department_ids(proposal):
    ids = set()
    for link in proposal.item_links:
        ids |= item_department_ids(link.programme_item_id)
    return frozenset(ids)


def record_proposal_threshold(proposal):
    """A proposal that reaches the support threshold waits for an answer (``proposals.record_threshold``)."""
    if request_for(proposal=proposal) is not None:
        return None
    first_item = proposal.item_links[0].programme_item_id if proposal.item_links else None
    thread_id = proposal.thread.id if proposal.thread is not None else None
    return _open_request(first_item, proposal_department_ids(proposal), proposal.threshold_reached_at or utcnow(),
                         "threshold", proposal_id=proposal.id, thread_id=thread_id)


# --- answering ----------------------------------------------------------------------

def answer_departments(user, department_ids):
    """The departments among ``department_ids`` ``user`` may answer for, by name."""
    allowed = [d for d in department_ids
               if can_answer_for_department(user, d, department_ids, member_department_ids(user))]
    if not allowed:
        return []
    return db.session.scalars(select(Department).where(Department.id.in_(allowed)).order_by(Department.name)).all()


def give_answer(user, department_id, body, language, comment=None, proposal=None, now=None):
    """Department staff answer a top-level comment (in a reply) or a proposal (in its discussion) officially,
    on behalf of ``department_id``. Closes the open request, if any, and notifies the person who asked.
    Returns the answer (a Comment). Raises AnswersError or DiscussionError. Flushes only."""
    now = now or utcnow()
    if comment is not None:
        thread = comment.thread
        if thread.kind != "item" or comment.parent_id is not None or comment.deleted_at is not None \
                or comment.status != "published":
            raise AnswersError(_("This comment cannot be answered here."))
        departments = item_department_ids(thread.programme_item_id)
        asker = comment.author
    else:
        thread = discussion.ensure_proposal_thread(proposal)
        departments = proposal_department_ids(proposal)
        asker = proposal.author
    if department_id not in departments or not can_answer_for_department(
            user, department_id, departments, member_department_ids(user)):
        raise AnswersError(_("Choose a department you answer for."))
    answer, _created = discussion.post_comment(user, thread, body, language, parent=comment, official=True,
                                               department_id=department_id, now=now)
    request = request_for(comment=comment, proposal=proposal)
    if request is not None:
        lock_row(request)
        if request.answered_at is None:
            request.answered_at = now
            request.answer_comment_id = answer.id
            request.answered_by_department_id = department_id
            request.thread_id = request.thread_id or thread.id
            db.session.flush()
            touch_thread(thread.id)
    department = db.session.get(Department, department_id)
    if asker is not None and asker.id != user.id:
        notifications.notify(asker, "city_answer", comment_id=answer.id, title=discussion.thread_title(thread),
                             department=department.name, department_id=department.id,
                             item_id=thread.programme_item_id, proposal_id=thread.proposal_id)
    record_audit(user, "department_answer", "comment", answer.id, department=department.name)
    return answer
