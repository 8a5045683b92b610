"""Notification emails through the outbox of ``participation.core.mail``."""
import re

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.notifications.models import Notification

mail = pytest.importorskip("participation.core.mail")


@pytest.fixture
def sent(monkeypatch):
    """Every ``queue_mail`` call, recorded and then passed on to the real outbox."""
    calls = []
    real = mail.queue_mail

    def recording(recipient_email, subject, text_body, html_body=None, language="it", **kwargs):
        calls.append({"to": recipient_email, "subject": subject, "text": text_body, "html": html_body,
                      "language": language, **kwargs})
        return real(recipient_email, subject, text_body, html_body=html_body, language=language, **kwargs)

    monkeypatch.setattr(mail, "queue_mail", recording)
    return calls


def reply_to(client, login, post, item, author, replier, text="A reply"):
    from participation.discussion.models import Comment

    login(author)
    post(item, f"Original before {text}")
    parent = db.session.scalar(select(Comment).order_by(Comment.id.desc()))
    login(replier)
    post(item, text, parent_id=str(parent.id))


def test_reply_sends_an_immediate_email_with_unsubscribe_link(client, item, make_user, login, post, sent):
    anna = make_user(name="Anna", email="anna@example.org", language="en")
    reply_to(client, login, post, item, anna, make_user(name="Bruno"))
    assert [m["to"] for m in sent] == ["anna@example.org"]
    message = sent[0]
    assert message["language"] == "en"
    assert "Bruno replied to your comment" in message["subject"]
    assert re.search(r"http://[^/]+/en/c/\d+", message["text"])
    assert "Bruno replied to your comment" in message["html"]
    unsubscribe = re.search(r"(http://\S+/notifications/unsubscribe/\S+)", message["text"]).group(1)
    path = unsubscribe.split("://", 1)[1].split("/", 1)[1]
    from participation.notifications.services import email_modes

    assert client.post("/" + path, data={"List-Unsubscribe": "One-Click"}).status_code == 204
    assert email_modes(anna)["reply"] == "off"
    assert db.session.scalar(select(Notification.email_status).where(Notification.user_id == anna.id)) == "sent"


def test_switched_off_kind_sends_no_email(client, item, make_user, login, post, sent):
    anna = make_user()
    from participation.notifications.services import set_email_mode

    set_email_mode(anna, "reply", "off")
    db.session.commit()
    reply_to(client, login, post, item, anna, make_user())
    assert sent == []
    assert len(db.session.scalars(select(Notification).where(Notification.user_id == anna.id)).all()) == 1


def test_daily_digest_collects_pending_notifications(client, runner, item, make_user, login, post, sent):
    anna = make_user(email="anna@example.org", language="en")
    from participation.notifications.services import set_email_mode

    set_email_mode(anna, "reply", "daily")
    db.session.commit()
    reply_to(client, login, post, item, anna, make_user(name="Bruno"), text="First reply")
    reply_to(client, login, post, item, anna, make_user(name="Carla"), text="Second reply")
    assert sent == []
    result = runner.invoke(args=["notifications", "digest"])
    assert result.exit_code == 0, result.output
    # Anna's two replies in one email; Bruno, who follows the discussion, hears of Carla's comment.
    assert "2 digest emails queued." in result.output
    to_anna = [m for m in sent if m["to"] == "anna@example.org"]
    assert len(to_anna) == 1 and len(sent) == 2
    assert "Bruno replied" in to_anna[0]["text"] and "Carla replied" in to_anna[0]["text"]
    assert "/notifications/unsubscribe/" in to_anna[0]["text"]
    result = runner.invoke(args=["notifications", "digest"])
    assert "0 digest emails queued." in result.output
    assert len(sent) == 2


def test_unverified_people_get_no_email(client, item, make_user, login, post, sent):
    anna = make_user(verified=False)
    from participation.notifications.services import notify

    notify(anna, "group_decision", group="Amici", accepted=False)
    db.session.commit()
    assert sent == []
