"""Routes of the City's answers: department staff, the inbox, answering, and the public figures."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..accounts.models import User
from ..accounts.normalize import email_key
from ..core.actions import perform
from ..core.i18n import current_language
from ..core.pagination import page_arg
from ..discussion.models import Comment
from ..discussion.services import get_item_thread
from ..extensions import db
from ..opinions.services import map_for_thread
from ..permissions import (
    can_answer_for_item,
    can_manage_department_members,
    can_read_department_inbox,
    is_department_staff,
    is_staff,
    require,
)
from ..programme.models import Department
from ..programme.services import items_of_department
from ..programme.staff import DepartmentMember, item_department_ids, member_department_ids
from ..proposals.models import Proposal
from . import bp, inbox, services
from .figures import department_figures, overview_figures
from .forms import AnswerForm, MemberForm


@bp.app_context_processor
def _answers_helpers():
    return {"my_department_ids": lambda: member_department_ids(current_user)}


def _department_or_404(slug):
    return db.session.scalar(select(Department).where(Department.slug == slug)) or abort(404)


# --- department staff (administrators) ----------------------------------------------

@bp.get("/admin/departments")
@login_required
def members():
    require(can_manage_department_members, current_user)
    departments = db.session.scalars(select(Department).order_by(Department.name)).all()
    return render_template("answers/members.html", departments=departments,
                           members=services.members_by_department(), form=MemberForm(formdata=None))


@bp.post("/admin/departments/<slug>/members")
@login_required
def add_member(slug):
    require(can_manage_department_members, current_user)
    department = _department_or_404(slug)
    form = MemberForm()
    if not form.validate():
        flash(form.email.errors[0], "error")
        return redirect(url_for(".members", _anchor=f"department-{department.id}"))
    user = db.session.scalar(select(User).where(User.email_key == email_key(form.email.data),
                                                User.deleted_at.is_(None)))
    if user is None:
        flash(_("Nobody has this email address."), "error")
        return redirect(url_for(".members", _anchor=f"department-{department.id}"))
    if perform(lambda: services.add_department_member(current_user, user, department)):
        flash(_("%(name)s now works in %(department)s.", name=user.display_name, department=department.name),
              "success")
    return redirect(url_for(".members", _anchor=f"department-{department.id}"))


@bp.post("/admin/departments/members/<int:member_id>/remove")
@login_required
def remove_member(member_id):
    require(can_manage_department_members, current_user)
    member = db.get_or_404(DepartmentMember, member_id)
    name, department = member.user.display_name, member.department.name
    if perform(lambda: services.remove_department_member(current_user, member)):
        flash(_("%(name)s no longer works in %(department)s.", name=name, department=department), "success")
    return redirect(url_for(".members"))


# --- the inbox -------------------------------------------------------------------

@bp.get("/inbox")
@login_required
def inboxes():
    """The departments whose inbox the person reads: their own, or every one for moderators and administrators."""
    mine = member_department_ids(current_user)
    require(lambda user: is_staff(user) or is_department_staff(user, mine), current_user)
    query = select(Department).order_by(Department.name)
    if not is_staff(current_user):
        query = query.where(Department.id.in_(mine))
    departments = db.session.scalars(query).all()
    return render_template("answers/inboxes.html", departments=departments,
                           counts=inbox.open_counts([d.id for d in departments]))


@bp.get("/departments/<slug>/inbox")
@login_required
def inbox_of(slug):
    department = _department_or_404(slug)
    require(can_read_department_inbox, current_user, department.id, member_department_ids(current_user))
    only_requests = request.args.get("requests") == "1"
    page = page_arg()
    entries, total = inbox.inbox_page(department.id, page, only_requests)
    pages = max(1, -(-total // inbox.PER_PAGE))
    if page > pages:
        abort(404)
    return render_template("answers/inbox.html", department=department, entries=entries, total=total, page=page,
                           pages=pages, only_requests=only_requests, items=items_of_department(department))


@bp.get("/departments/<slug>/inbox/opinions/<item_slug>")
@login_required
def inbox_opinions(slug, item_slug):
    """How opinions group on one of the department's items, to answer groups rather than single comments."""
    department = _department_or_404(slug)
    require(can_read_department_inbox, current_user, department.id, member_department_ids(current_user))
    item = next((item for item in items_of_department(department) if item.slug == item_slug), None) or abort(404)
    thread = get_item_thread(item.id)
    view = map_for_thread(thread) if thread is not None else None
    return render_template("answers/opinions.html", department=department, item=item, view=view)


# --- asking and answering ----------------------------------------------------------

def _top_level_comment_or_404(comment_id):
    comment = db.get_or_404(Comment, comment_id)
    if comment.parent_id is not None or comment.thread.kind != "item" or comment.status != "published" \
            or comment.deleted_at is not None:
        abort(404)
    return comment


def _public_proposal_or_404(proposal_id):
    proposal = db.get_or_404(Proposal, proposal_id)
    if proposal.status in ("draft", "withdrawn") or proposal.moderation_status is not None:
        abort(404)
    return proposal


@bp.post("/comments/<int:comment_id>/ask-for-answer")
@login_required
def ask_for_answer(comment_id):
    comment = _top_level_comment_or_404(comment_id)
    require(can_answer_for_item, current_user, item_department_ids(comment.thread.programme_item_id),
            member_department_ids(current_user))
    if perform(lambda: services.mark_comment_asks(current_user, comment)):
        flash(_("This comment now waits for an answer from the City."), "success")
    return redirect(request.referrer if _same_site(request.referrer) else url_for("answers.inboxes"))


def _same_site(address):
    return bool(address) and address.startswith(request.host_url)


def _answer_page(comment=None, proposal=None):
    departments = item_department_ids(comment.thread.programme_item_id) if comment is not None \
        else services.proposal_department_ids(proposal)
    require(can_answer_for_item, current_user, departments, member_department_ids(current_user))
    choices = services.answer_departments(current_user, departments)
    form = AnswerForm()
    form.set_departments(choices)
    if request.method == "GET":
        form.language.data = current_language().code
        if choices:
            form.department.data = choices[0].id
    elif form.validate() and perform(lambda: services.give_answer(
            current_user, form.department.data, form.body.data, form.language.data, comment=comment,
            proposal=proposal), form, form.body):
        flash(_("Your answer is published on behalf of the department."), "success")
        if comment is not None:
            return redirect(url_for("discussion.permalink", comment_id=comment.id))
        return redirect(url_for("proposals.detail", proposal_id=proposal.id, _anchor="discussion"))
    answer_request = services.request_for(comment=comment, proposal=proposal)
    status = 400 if form.errors else 200
    return render_template("answers/answer.html", form=form, comment=comment, proposal=proposal,
                           answer_request=answer_request, has_departments=bool(choices)), status


@bp.route("/comments/<int:comment_id>/city-answer", methods=["GET", "POST"])
@login_required
def answer_comment(comment_id):
    return _answer_page(comment=_top_level_comment_or_404(comment_id))


@bp.route("/proposals/<int:proposal_id>/city-answer", methods=["GET", "POST"])
@login_required
def answer_proposal(proposal_id):
    return _answer_page(proposal=_public_proposal_or_404(proposal_id))


# --- public figures ------------------------------------------------------------------

@bp.get("/answers")
def overview():
    departments = db.session.scalars(select(Department).order_by(Department.name)).all()
    figures, total = overview_figures()
    return render_template("answers/overview.html", departments=departments, figures=figures, total=total)


@bp.get("/departments/<slug>/answers")
def department_answers(slug):
    department = _department_or_404(slug)
    figures = department_figures(department.id).get(department.id)
    return render_template("answers/department.html", department=department, figures=figures)
