"""Links that leave the site (every mail, the hreflang links) lead back to where it is served.

`PORT=5101 make run` serves on 5101 (the Makefile exports PORT): without
BASE_URL, the development address is derived from it. Production refuses
to start without BASE_URL.
"""
import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from participation import create_app
from participation.accounts.models import User
from participation.config import ProductionConfig
from participation.core.mail import OutboxMessage
from participation.extensions import db
from tests.conftest import _database_url, _fresh_globals_per_request, empty_database, make_config, release_database
from tests.mail_helpers import last_mail_to

SERVED = "http://127.0.0.1:5101"
PASSWORD = "a long enough secret"
LINK = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture
def served_on_5101(tmp_path, monkeypatch):
    """The app as `PORT=5101 make run` builds it: PORT in the environment, no BASE_URL."""
    monkeypatch.setenv("PORT", "5101")
    monkeypatch.delenv("BASE_URL", raising=False)
    app = create_app(make_config(tmp_path, BASE_URL=None))
    _fresh_globals_per_request(app)
    with app.app_context():
        empty_database()
        yield app
        release_database()


def _links(message):
    return LINK.findall(message.text_body) + LINK.findall(message.html_body or "")


def test_the_verification_link_opens_on_the_port_served_and_verifies(served_on_5101):
    client = served_on_5101.test_client()
    client.post("/en/register", data={"display_name": "Anna Rossi", "email": "anna@example.org",
                                      "password": PASSWORD, "language": "en", "accept_terms": "y"})
    link = LINK.search(last_mail_to("anna@example.org").text_body).group(0)
    assert link.startswith(f"{SERVED}/en/verify/")
    address = urlsplit(link)
    assert client.get(address.path, base_url=f"{address.scheme}://{address.netloc}").status_code == 200
    response = client.post(address.path, base_url=f"{address.scheme}://{address.netloc}")
    assert response.status_code == 302
    assert db.session.scalar(select(User)).is_verified


def test_every_mail_and_the_hreflang_links_point_at_the_port_served(served_on_5101):
    from participation.accounts.passwords import hash_password
    from participation.core.models import utcnow
    from participation.notifications.services import notify

    client = served_on_5101.test_client()
    anna = User(display_name="Anna", email="anna@example.org", language="en", email_verified_at=utcnow(),
                password_hash=hash_password(PASSWORD))
    db.session.add(anna)
    db.session.commit()
    # The requests come to another host name: links never follow the Host header.
    elsewhere = {"base_url": "http://attacker.example"}
    client.post("/en/password/forgot", data={"email": "anna@example.org"}, **elsewhere)
    client.post("/en/login", data={"email": "anna@example.org", "password": PASSWORD}, **elsewhere)
    client.post("/en/account/email", data={"email-new_email": "anna.new@example.org",
                                           "email-current_password": PASSWORD}, **elsewhere)
    with served_on_5101.test_request_context(**elsewhere):
        notify(anna, "moderation_decision", decision_id=1, action="warn", reason="spam", appealable=True)
    notify(anna, "report_outcome", action="dismiss", target="comment")  # daily: goes in the digest
    db.session.commit()
    result = served_on_5101.test_cli_runner().invoke(args=["notifications", "digest"])
    assert "1 digest emails queued." in result.output

    messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    subjects = " | ".join(message.subject for message in messages)
    for subject in ("new password", "new email address", "Moderation decision", "daily summary"):
        assert subject in subjects, subjects  # reset, email change, moderation email, digest
    links = [link for message in messages for link in _links(message)]
    assert links and all(link.startswith(f"{SERVED}/") for link in links), links

    html = client.get("/en/about", **elsewhere).get_data(as_text=True)
    assert f'hreflang="it" href="{SERVED}/it/about"' in html
    assert f'hreflang="x-default" href="{SERVED}/"' in html


def test_base_url_wins_over_the_port(tmp_path, monkeypatch):
    monkeypatch.setenv("PORT", "5101")
    app = create_app(make_config(tmp_path, BASE_URL="https://partecipa.example.org/"))
    assert app.config["BASE_URL"] == "https://partecipa.example.org"


def _production(tmp_path, **settings):
    attributes = {"SQLALCHEMY_DATABASE_URI": _database_url(tmp_path), "INSTANCE_PATH": str(tmp_path / "instance"),
                  "SECRET_KEY": "a production secret", **settings}
    return type("Production", (ProductionConfig,), attributes)


def test_production_refuses_to_start_without_base_url(tmp_path):
    with pytest.raises(RuntimeError, match="BASE_URL must be set when PARTICIPATION_ENV=production"):
        create_app(_production(tmp_path, BASE_URL=None))
    app = create_app(_production(tmp_path, BASE_URL="https://partecipa.example.org"))
    with app.app_context():
        from participation.core.addresses import absolute_url

        assert absolute_url("site.home", lang_code="it") == "https://partecipa.example.org/it/"
