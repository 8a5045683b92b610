"""The City's answers on other features' pages and in their registries.

- the discussion: the "I would like an answer" wish, and the notes under a
  comment ("due by", "overdue since", "answered by");
- proposals: a request when a proposal reaches the support threshold, and its
  note on the proposal's page;
- the programme: the department page's figures and the item's open data.
"""
from flask import render_template
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..core.page_parts import register_page_part
from ..discussion.answer_requests import register_answer_requests
from ..extensions import db
from ..programme.open_data import ItemData, register_api, register_item_data
from ..proposals.services import register_threshold_reached
from .figures import department_figures
from .models import AnswerRequest
from .open_data import ANSWER_PATHS, ANSWER_SCHEMAS, ITEM_REQUESTS_SCHEMA, item_requests, overdue_count
from .services import record_comment_wish, record_proposal_threshold


def render_note(request):
    return Markup(render_template("answers/_note.html", request=request))


def comment_notes(comment_ids):
    """{comment id: note} of the top-level comments among ``comment_ids`` that asked for an answer."""
    requests = db.session.scalars(
        select(AnswerRequest).where(AnswerRequest.comment_id.in_(comment_ids))
        .options(joinedload(AnswerRequest.answering_department))).all()
    return {request.comment_id: render_note(request) for request in requests}


def proposal_answer(proposal):
    request = db.session.scalar(select(AnswerRequest).where(AnswerRequest.proposal_id == proposal.id)
                                .options(joinedload(AnswerRequest.answering_department)))
    return {"proposal_answer_html": render_note(request) if request is not None else ""}


def department_answers(department):
    figures = department_figures(department.id).get(department.id)
    return {"department_answers_html": Markup(render_template(
        "answers/_department_part.html", department=department, figures=figures.total if figures else None))}


register_answer_requests(record_comment_wish, comment_notes)
register_threshold_reached(record_proposal_threshold)
register_page_part("proposals.detail", proposal_answer)
register_page_part("programme.department", department_answers)
register_item_data(ItemData(
    name="answer_requests", load=item_requests, schema=ITEM_REQUESTS_SCHEMA, default=list,
    csv_columns=(
        ("open_questions", lambda requests: str(len(requests))),
        ("next_answer_due", lambda requests: requests[0]["due_at"] if requests else ""),
    ),
    models=(AnswerRequest,),
    state=overdue_count,  # a request turns overdue with time alone
))
register_api(ANSWER_PATHS, ANSWER_SCHEMAS)


