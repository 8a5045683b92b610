"""A moderation email: a short subject, the whole explanation in the body with its line breaks."""
from sqlalchemy import select

from participation.core.mail import OutboxMessage
from participation.extensions import db


def test_the_explanation_goes_in_the_body_not_the_subject(client, make_user, login, report_url, open_case):
    author = make_user(name="Spam Shop")
    author.language = "en"
    db.session.commit()
    for _ in range(3):
        login(make_user())
        client.post(report_url("profile", author.id), data={"reason": "spam", "note": "links"})
    case = open_case("profile", author.id)
    login(make_user(role="moderator"))
    note = "Your profile name advertised a shop.\nNames are for people, not for advertising." + " Details." * 80
    client.post(f"/en/moderation/cases/{case.id}/decide", data={"action": "hide", "reason": "spam", "note": note})

    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient_email == author.email))
    assert mail is not None
    assert mail.subject == "Partecipa: Moderation decision: Content hidden. Reason: Spam or advertising."
    assert "advertised a shop" in mail.text_body and "Details. Details." in mail.text_body
    assert "advertised a shop.<br>Names are for people" in mail.html_body
