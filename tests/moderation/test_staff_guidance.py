"""Staff are told why they cannot act, instead of being offered what would be refused."""
from sqlalchemy import select

from participation.extensions import db
from participation.moderation.models import Appeal, Decision


def _report_three_times(client, make_user, login, report_url, target):
    for _ in range(3):
        login(make_user())
        client.post(report_url("profile", target.id), data={"reason": "spam", "note": "links"})


def test_a_case_about_your_own_content_offers_no_action_and_says_why(client, make_user, login, report_url, open_case):
    moderator = make_user(role="moderator", name="Mara")
    _report_three_times(client, make_user, login, report_url, moderator)
    case = open_case("profile", moderator.id)
    login(moderator)
    page = client.get(f"/en/moderation/cases/{case.id}").text
    assert "This case is about your own contribution: another moderator decides it." in page
    assert "Take this case" not in page and "Record the decision" not in page
    login(make_user(role="moderator", name="Other"))
    page = client.get(f"/en/moderation/cases/{case.id}").text
    assert "Take this case" in page and "Record the decision" in page


def test_an_appeal_assigned_to_someone_else_names_them(client, make_user, login, report_url, open_case):
    target = make_user(name="Spam Shop")
    _report_three_times(client, make_user, login, report_url, target)
    case = open_case("profile", target.id)
    decider = login(make_user(role="moderator", name="Decider"))
    client.post(f"/en/moderation/cases/{case.id}/decide", data={"action": "hide", "reason": "spam"})
    decision = db.session.scalar(select(Decision).where(Decision.case_id == case.id))
    reviewer = make_user(role="moderator", name="Rita Reviewer")
    login(target)
    client.post(f"/en/decisions/{decision.id}/appeal", data={"text": "It was not spam"})
    appeal = db.session.scalar(select(Appeal))
    assert appeal.assigned_to_id == reviewer.id
    login(make_user(role="moderator", name="Third"))
    page = client.get(f"/en/moderation/appeals/{appeal.id}").text
    assert "This appeal is assigned to Rita Reviewer, who gives the final answer." in page
    login(decider)
    page = client.get(f"/en/moderation/appeals/{appeal.id}").text
    assert "assigned to Rita Reviewer" in page
    login(reviewer)
    assert "Give the final answer" in client.get(f"/en/moderation/appeals/{appeal.id}").text
