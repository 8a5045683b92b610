"""Asking the City, the department inbox and answering on behalf of a department, through HTTP."""
from sqlalchemy import select

from participation.answers.models import AnswerRequest
from participation.audit.models import AuditEntry
from participation.discussion.models import Comment
from participation.extensions import db
from participation.notifications.models import Notification
from tests.mail_helpers import mails_to


def _request_of(comment_id):
    return db.session.scalar(select(AnswerRequest).where(AnswerRequest.comment_id == comment_id))


def _last_comment():
    return db.session.scalar(select(Comment).order_by(Comment.id.desc()))


def test_a_resident_asks_for_an_answer_and_the_page_shows_its_deadline(client, item, make_user, login, post):
    login(make_user())
    page = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    assert "I would like an answer from the City" in page
    post(item, "When will the new school open?", asks_answer="y")
    comment = _last_comment()
    request = _request_of(comment.id)
    assert request is not None and request.reason == "resident"
    assert {link.department_id for link in request.departments} == {d.id for d in item.departments}
    page = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    assert "Answer from the City due by" in page


def test_a_comment_without_the_tick_and_a_reply_ask_for_nothing(client, item, make_user, login, post):
    login(make_user())
    post(item, "Just a remark.")
    remark = _last_comment()
    post(item, "A reply asking", asks_answer="y", parent_id=str(remark.id))
    reply = _last_comment()
    assert _request_of(remark.id) is None and _request_of(reply.id) is None


def test_department_staff_answer_and_the_resident_is_told(client, item, department, make_user, staff_of, login,
                                                           post):
    resident = login(make_user(email="asker@example.org"))
    post(item, "Who decides the timetable?", asks_answer="y")
    question = _last_comment()
    clerk = login(staff_of(department, name="Clerk"))
    inbox = client.get(f"/en/departments/{department.slug}/inbox").get_data(as_text=True)
    assert "Who decides the timetable?" in inbox and "Answer from the City due by" in inbox
    form = client.get(f"/en/comments/{question.id}/city-answer")
    assert form.status_code == 200
    response = client.post(f"/en/comments/{question.id}/city-answer", data={
        "department": str(department.id), "body": "The council decides in January.", "language": "en"})
    assert response.status_code == 302
    answer = _last_comment()
    assert answer.parent_id == question.id and answer.is_official and answer.department_id == department.id
    request = _request_of(question.id)
    assert request.answered_at is not None and request.answer_comment_id == answer.id
    assert request.answered_by_department_id == department.id and request.status() == "answered"
    told = db.session.scalars(select(Notification).where(Notification.user_id == resident.id,
                                                         Notification.kind == "city_answer")).all()
    assert len(told) == 1 and told[0].data["comment_id"] == answer.id
    assert any("answered you" in message.subject for message in mails_to("asker@example.org"))
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "department_answer",
                                                      AuditEntry.actor_id == clerk.id)) is not None
    # The item's page (cached on the thread's revision) shows the answer with the department and the date.
    page = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    assert "Answered by" in page and "Answer from the City due by" not in page
    # Answered: it leaves the inbox.
    assert "Who decides the timetable?" not in client.get(f"/en/departments/{department.slug}/inbox").get_data(
        as_text=True)


def test_staff_of_another_department_can_neither_answer_nor_read_the_inbox(client, item, department,
                                                                            other_department, make_user, staff_of,
                                                                            login, post):
    login(make_user())
    post(item, "A question", asks_answer="y")
    question = _last_comment()
    login(staff_of(other_department))
    assert client.get(f"/en/departments/{department.slug}/inbox").status_code == 403
    assert client.get(f"/en/comments/{question.id}/city-answer").status_code == 403
    response = client.post(f"/en/comments/{question.id}/city-answer", data={
        "department": str(department.id), "body": "Not mine to say.", "language": "en"})
    assert response.status_code == 403
    assert _request_of(question.id).answered_at is None
    assert db.session.scalar(select(db.func.count()).select_from(Comment)) == 1


def test_choosing_a_department_one_does_not_work_in_is_refused(client, item, department, other_department,
                                                               make_user, staff_of, login, post):
    login(make_user())
    post(item, "A question", asks_answer="y")
    question = _last_comment()
    login(staff_of(department, other_department))
    response = client.post(f"/en/comments/{question.id}/city-answer", data={
        "department": str(other_department.id), "body": "Wrong desk.", "language": "en"})
    assert response.status_code == 400
    assert 'class="field field-error"' in response.get_data(as_text=True)
    assert _request_of(question.id).answered_at is None


def test_staff_mark_a_comment_as_asking(client, item, department, make_user, staff_of, login, post):
    login(make_user())
    post(item, "The bus stop is dangerous.")
    comment = _last_comment()
    login(staff_of(department))
    response = client.post(f"/en/comments/{comment.id}/ask-for-answer")
    assert response.status_code == 302
    request = _request_of(comment.id)
    assert request.reason == "staff"
    again = client.post(f"/en/comments/{comment.id}/ask-for-answer")
    assert again.status_code == 302
    assert db.session.scalar(select(db.func.count()).select_from(AnswerRequest)) == 1


def test_a_proposal_that_passes_the_threshold_waits_for_an_answer(app, client, item, department, make_user,
                                                                  make_proposal, staff_of, login):
    app.config["PROPOSAL_SUPPORT_THRESHOLD"] = 2
    author = make_user(email="proposer@example.org")
    proposal = make_proposal(author, [item])
    for _ in range(2):
        login(make_user())
        client.post(f"/en/proposals/{proposal.id}/support", data={"action": "support"})
    request = db.session.scalar(select(AnswerRequest).where(AnswerRequest.proposal_id == proposal.id))
    assert request is not None and request.reason == "threshold" and request.item_id == item.id
    assert "Answer from the City due by" in client.get(f"/en/proposals/{proposal.id}").get_data(as_text=True)
    login(staff_of(department))
    response = client.post(f"/en/proposals/{proposal.id}/city-answer", data={
        "department": str(department.id), "body": "We will study it.", "language": "en"})
    assert response.status_code == 302
    db.session.refresh(request)
    assert request.answered_at is not None
    assert db.session.scalar(select(Notification).where(Notification.user_id == author.id,
                                                        Notification.kind == "city_answer")) is not None


def test_the_api_gives_the_open_deadlines_of_an_item(client, item, make_user, login, post):
    login(make_user())
    post(item, "When?", asks_answer="y")
    data = client.get(f"/api/v1/items/{item.id}").get_json()
    assert [r["status"] for r in data["answer_requests"]] == ["open"]
    assert data["answer_requests"][0]["due_at"].startswith(_request_of(_last_comment().id).due_at.isoformat()[:10])
