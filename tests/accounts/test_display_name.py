"""Changing one's display name in the account settings: the rules of registration, shown everywhere at once."""
from sqlalchemy import func, select

from participation.accounts.models import User
from participation.audit.models import AuditEntry
from participation.extensions import db
from tests.participation_fixtures import *  # noqa: F401,F403


def rename(client, name):
    return client.post("/en/account/name", data={"name-display_name": name})


def test_a_resident_changes_the_name_shown_beside_her_comments(client, item, make_user, login, logout, post,
                                                               make_proposal):
    anna = login(make_user(name="Anna Rossi"))
    post(item, "The buses are late.")
    proposal = make_proposal(anna, [item], title="Earlier buses")
    logout()
    assert "Anna Rossi" in client.get(f"/en/items/{item.slug}").text  # visitors' discussion, now cached
    login(anna)
    settings = client.get("/en/account").text
    assert 'value="Anna Rossi"' in settings and 'action="/en/account/name"' in settings

    response = rename(client, "  Anna Bianchi ")
    assert response.status_code == 302 and response.headers["Location"] == "/en/account"
    page = client.get("/en/account").text
    assert "Your display name is now Anna Bianchi." in page
    db.session.refresh(anna)
    assert anna.display_name == "Anna Bianchi"
    assert "Anna Bianchi" in client.get(f"/en/users/{anna.id}").text
    logout()
    for path in (f"/en/items/{item.slug}", f"/en/proposals/{proposal.id}", f"/en/users/{anna.id}"):
        html = client.get(path).text
        assert "Anna Bianchi" in html and "Anna Rossi" not in html, path


def test_the_name_of_someone_else_cannot_be_taken_in_any_case(client, make_user, login):
    make_user(name="Bruno Verdi")
    anna = login(make_user(name="Anna"))
    response = rename(client, "bruno   VERDI")
    assert response.status_code == 400
    assert "This display name is already taken. Choose another." in response.text
    assert 'href="#name-display_name"' in response.text  # the error summary leads to the field
    assert 'value="bruno   VERDI"' in response.text
    db.session.refresh(anna)
    assert anna.display_name == "Anna"
    # One's own name in other capitals is no conflict.
    assert rename(client, "ANNA").status_code == 302
    db.session.refresh(anna)
    assert anna.display_name == "ANNA"


def test_the_rules_of_registration_apply(client, make_user, login):
    anna = login(make_user(name="Anna"))
    refused = {
        "": "Enter a display name.",
        "A": "Use between 2 and 60 characters.",
        "x" * 61: "Use between 2 and 60 characters.",
        "<b>Anna</b>": "Use only letters, digits, spaces and the signs . ' - _",
        "M0deratore": "This name could be mistaken for the City or the platform's staff. Choose another.",
        "Comune di Cremona": "This name could be mistaken for the City or the platform's staff. Choose another.",
    }
    for name, message in refused.items():
        response = rename(client, name)
        assert response.status_code == 400, name
        assert message in response.text, name
    db.session.refresh(anna)
    assert anna.display_name == "Anna"


def test_the_change_writes_no_audit_entry(client, make_user, login):
    login(make_user(name="Anna"))
    before = db.session.scalar(select(func.count()).select_from(AuditEntry))
    assert rename(client, "Anna Bianchi").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == before


def test_visitors_are_sent_to_sign_in(client, make_user):
    make_user(name="Anna")
    response = rename(client, "Someone Else")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(User).where(User.display_name == "Someone Else")) == 0
