"""The data download holds everything the platform keeps about the person, and nobody else's."""
import json

from sqlalchemy import select

from participation.discussion.models import Comment
from participation.extensions import db
from participation.moderation.models import Decision
from participation.notifications.forms import kinds_for
from participation.proposals.models import Proposal
from tests.participation_fixtures import *  # noqa: F401,F403

ALL_SECTIONS = {
    "account", "group_memberships", "comments", "proposals", "comment_votes", "item_supports", "proposal_supports",
    "reports", "moderation_decisions", "appeals", "follows", "notifications", "notification_settings",
    "content_translations", "accessibility_feedback", "opinion_groups",
}
EMAIL_SETTINGS = {"reply": "immediate", "followed_comment": "off", "proposal_status": "daily",
                  "group_decision": "daily", "moderation_decision": "immediate", "report_outcome": "daily"}


def _newest(model):
    return db.session.scalar(select(model).order_by(model.id.desc()))


def _proposal_form(item, title, action="publish"):
    return {"title": title, "body": f"{title}: the text.", "items": [str(item.id)], "neighbourhood": "",
            "group_id": "", "language": "it", "action": action}


def _take_part(client, login, person, tag, item, other_item, group, others_comment, others_proposal):
    """Everything a resident can do, through the pages, each piece marked with ``tag``."""
    login(person)
    client.post("/en/account", data={"prefs-language": "fr"})
    settings = {kind: EMAIL_SETTINGS.get(kind, "daily") for kind in kinds_for(person)}
    assert client.post("/en/notifications/settings", data=settings).status_code == 302
    assert client.post(f"/en/discussions/item/{item.id}/comments",
                       data={"body": f"{tag} first words", "language": "it"}).status_code == 302
    comment = _newest(Comment)
    assert client.post(f"/en/comments/{comment.id}/edit", data={"body": f"{tag} better words"}).status_code == 302
    assert client.post(f"/en/comments/{others_comment.id}/vote", data={"value": "up"}).status_code == 302
    assert client.post(f"/en/items/{other_item.slug}/support", data={"action": "support"}).status_code == 302
    assert client.post("/en/proposals/new", data=_proposal_form(item, f"{tag} proposal")).status_code == 302
    assert client.post("/en/proposals/new", data=_proposal_form(item, f"{tag} draft", "draft")).status_code == 302
    if others_proposal is not None:
        assert client.post(f"/en/proposals/{others_proposal.id}/support",
                           data={"action": "support"}).status_code == 302
    assert client.post(f"/en/report/comment/{others_comment.id}",
                       data={"reason": "spam", "note": f"{tag} report"}).status_code == 302
    assert client.post(f"/en/groups/{group.slug}/join").status_code == 302
    assert client.post(f"/en/follow/group/{group.id}", data={"action": "follow"}).status_code == 302
    assert client.post("/en/accessibility", data={"message": f"{tag} cannot read the map"}).status_code in (200, 302)
    return comment


def _hide_and_appeal(client, login, moderator, author, comment, tag):
    login(moderator)
    assert client.post(f"/en/moderation/hide/comment/{comment.id}",
                       data={"reason": "off_topic", "note": f"{tag} decision"}).status_code == 302
    decision = db.session.scalar(select(Decision).where(Decision.subject_id == author.id))
    login(author)
    assert client.post(f"/en/decisions/{decision.id}/appeal", data={"text": f"{tag} appeal"}).status_code == 302
    return decision


def test_the_download_holds_every_section_with_the_persons_own_rows(
        client, login, make_user, make_group, item, other_item):
    anna = make_user(name="Anna", email="anna@example.org")
    bruno = make_user(name="Bruno", email="bruno@example.org")
    moderator = make_user(role="moderator", name="Mod")
    group = make_group("Amici del Po")
    # Bruno goes first, so that Anna has someone's comment and proposal to vote on, support and report.
    login(bruno)
    client.post(f"/en/discussions/item/{item.id}/comments", data={"body": "BRUNO seed comment", "language": "it"})
    bruno_seed = _newest(Comment)
    client.post("/en/proposals/new", data=_proposal_form(item, "BRUNO seed proposal"))
    bruno_proposal = _newest(Proposal)
    anna_comment = _take_part(client, login, anna, "ANNA", item, other_item, group, bruno_seed, bruno_proposal)
    anna_proposal = db.session.scalar(select(Proposal).where(Proposal.title == "ANNA proposal"))
    bruno_comment = _take_part(client, login, bruno, "BRUNO", item, other_item, group, anna_comment, anna_proposal)
    login(bruno)  # Bruno replies to Anna: a notification for her
    client.post(f"/en/discussions/item/{item.id}/comments",
                data={"body": "BRUNO reply", "language": "it", "parent_id": str(anna_comment.id)})
    anna_decision = _hide_and_appeal(client, login, moderator, anna, anna_comment, "ANNA")
    _hide_and_appeal(client, login, moderator, bruno, bruno_comment, "BRUNO")

    login(anna)
    response = client.get("/en/account/export")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.data)
    text = json.dumps(data, ensure_ascii=False)
    assert "BRUNO" not in text.replace("BRUNO seed", "")  # of Bruno's, only the title of what Anna supports
    assert set(data) == ALL_SECTIONS

    assert data["account"]["language"] == "fr" and data["account"]["email"] == "anna@example.org"
    [comment] = data["comments"]
    assert comment["id"] == anna_comment.id and comment["text"] == "ANNA better words"
    assert comment["status"] == "hidden"
    assert [v["text"] for v in comment["earlier_versions"]] == ["ANNA first words"]
    assert comment["discussion"]["programme_item_id"] == item.id
    assert sorted((p["title"], p["status"]) for p in data["proposals"]) == [
        ("ANNA draft", "draft"), ("ANNA proposal", "published")]
    assert data["comment_votes"] == [{"comment_id": bruno_seed.id, "value": 1, "at": data["comment_votes"][0]["at"]}]
    assert [s["programme_item"] for s in data["item_supports"]] == [other_item.slug]
    assert [s["proposal_id"] for s in data["proposal_supports"]] == [bruno_proposal.id]
    assert [(r["target_id"], r["note"]) for r in data["reports"]] == [(bruno_seed.id, "ANNA report")]
    assert [(d["id"], d["action"], d["note"]) for d in data["moderation_decisions"]] == [
        (anna_decision.id, "hide", "ANNA decision")]
    assert [(a["decision_id"], a["text"], a["status"]) for a in data["appeals"]] == [
        (anna_decision.id, "ANNA appeal", "pending")]
    assert {(f["thread_id"] is not None, f["group_id"]) for f in data["follows"]} == {(True, None), (False, group.id)}
    messages = [n["message"] for n in data["notifications"]]
    assert any("Bruno replied to your comment" in m for m in messages), messages
    assert any(n["kind"] == "moderation_decision" for n in data["notifications"])
    settings = {s["kind"]: (s["email"], s["chosen"]) for s in data["notification_settings"]}
    assert set(settings) == set(kinds_for(anna)) and set(EMAIL_SETTINGS) <= set(settings)
    assert {kind: settings[kind] for kind in EMAIL_SETTINGS} == {kind: (mode, True) for kind, mode in EMAIL_SETTINGS.items()}
    assert [(m["group"], m["status"]) for m in data["group_memberships"]] == [("Amici del Po", "pending")]
    assert [f["message"] for f in data["accessibility_feedback"]] == ["ANNA cannot read the map"]
    assert data["content_translations"] == []


PASSWORD = "Carla's long password"


def test_a_deleted_author_is_named_nowhere_in_what_others_receive(client, runner, login, make_user, make_group, item):
    from participation.core.mail import OutboxMessage
    from participation.notifications.services import set_email_mode
    from tests.accounts.test_deletion import rows_mentioning
    from tests.mail_helpers import mails_to

    anna = make_user(name="Anna", email="anna@example.org", language="en")  # replies: an email at once
    dario = make_user(name="Dario", email="dario@example.org", language="it")  # the group's news: a daily digest
    carla = make_user(name="Carla Bianchi", email="carla@example.org", password=PASSWORD)
    group = make_group("Amici del Po", members=[carla])
    set_email_mode(dario, "followed_comment", "daily")
    db.session.commit()
    login(dario)
    client.post(f"/en/follow/group/{group.id}", data={"action": "follow"})
    login(anna)
    client.post(f"/en/discussions/item/{item.id}/comments", data={"body": "Buses at night?", "language": "en"})
    question = _newest(Comment)
    login(carla)
    client.post(f"/en/discussions/item/{item.id}/comments",
                data={"body": "Yes, every hour.", "language": "en", "parent_id": str(question.id),
                      "group_id": str(group.id)})
    login(anna)
    assert "Amici del Po (by Carla Bianchi) replied to your comment" in client.get("/en/notifications").text
    [email] = mails_to("anna@example.org")
    assert email.sent_at is None and "Carla Bianchi" in email.subject
    assert rows_mentioning("Carla Bianchi")  # the scan finds the name, before

    client.post("/en/logout")
    client.post("/en/login", data={"email": "carla@example.org", "password": PASSWORD})
    assert client.post("/en/account/delete", data={"password": PASSWORD}).status_code == 302

    assert rows_mentioning("Carla Bianchi") == []
    login(anna)
    page = client.get("/en/notifications").text
    assert "Carla" not in page
    assert "Amici del Po (by Deleted account) replied to your comment" in page
    db.session.expire_all()
    [email] = mails_to("anna@example.org")
    for part in (email.subject, email.text_body, email.html_body):
        assert "Carla" not in part and "Amici del Po (by Deleted account) replied" in part
    result = runner.invoke(args=["notifications", "digest"])
    assert result.exit_code == 0, result.output
    [digest] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient_email == "dario@example.org"))
    assert "Carla" not in digest.text_body + (digest.html_body or "")
    assert "Amici del Po (da Account eliminato) ha commentato" in digest.text_body


def test_deletion_erases_what_only_the_person_had_and_keeps_what_others_see(client, login, make_user, item):
    from participation.notifications.models import Follow, Notification, NotificationPreference
    from participation.site.models import AccessibilityFeedback

    anna = make_user(name="Anna", email="anna@example.org", password=PASSWORD)
    bruno = make_user(name="Bruno")
    login(anna)
    client.post("/en/proposals/new", data=_proposal_form(item, "Published idea"))
    client.post("/en/proposals/new", data=_proposal_form(item, "Secret draft", "draft"))
    client.post(f"/en/discussions/item/{item.id}/comments", data={"body": "My comment", "language": "en"})
    comment = _newest(Comment)
    client.post("/en/notifications/settings", data={kind: "off" for kind in kinds_for(anna)})
    client.post("/en/accessibility", data={"message": "Too small", "email": "Anna@Example.org"})
    login(bruno)
    client.post(f"/en/discussions/item/{item.id}/comments",
                data={"body": "A reply", "language": "en", "parent_id": str(comment.id)})
    for model in (Follow, Notification, NotificationPreference):
        assert db.session.scalar(select(db.func.count()).where(model.user_id == anna.id)) > 0, model
    feedback = db.session.scalar(select(AccessibilityFeedback))
    assert feedback.email == "Anna@Example.org"

    login(anna)
    assert client.post("/en/account/delete", data={"password": PASSWORD}).status_code == 302

    for model in (Follow, Notification, NotificationPreference):
        assert db.session.scalar(select(db.func.count()).where(model.user_id == anna.id)) == 0, model
    db.session.expire_all()
    assert [p.title for p in db.session.scalars(select(Proposal).where(Proposal.author_id == anna.id))] == [
        "Published idea"]
    assert db.session.get(Comment, comment.id).body == "My comment"
    assert feedback.message == "Too small" and feedback.email is None
    page = client.get(f"/en/c/{comment.id}", follow_redirects=True).text
    assert "My comment" in page and "Deleted account" in page and "Former resident" not in page
