"""Deleting an account erases its personal data everywhere and keeps contributions."""
from flask import render_template_string
from sqlalchemy import JSON, String, Text, cast, func, select

from participation.accounts.models import User
from participation.core.mail import queue_mail
from participation.extensions import db
from participation.groups import services as groups
from participation.groups.models import GroupMembership, MembershipRole
from tests.mail_helpers import mails_to

PASSWORD = "the current password"


def rows_mentioning(text):
    """``[(table, column), ...]`` for every text column of every table that contains ``text``."""
    hits = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, String | Text | JSON):
                continue
            value = func.lower(cast(column, Text))
            count = db.session.scalar(
                select(func.count()).select_from(table).where(value.contains(text.lower(), autoescape=True))
            )
            if count:
                hits.append((table.name, column.name))
    return hits


def test_deleted_account_leaves_no_email_behind(client, make_user):
    groups.seed_neighbourhoods()
    anna = make_user(email="Anna.Rossi@Example.org", name="Anna Rossi", password=PASSWORD)
    bruno = make_user(email="bruno@example.org", name="Bruno")
    neighbourhood = groups.list_neighbourhoods()[1]
    group = groups.create_group(anna, "Amici del Po", neighbourhood, "Walks by the river.",
                                contact_email="anna.rossi@example.org")
    membership = groups.request_to_join(bruno, group)
    groups.accept_request(anna, group, membership)
    queue_mail("Anna.Rossi@Example.org", "Pending", "A message for you")
    queue_mail("bruno@example.org", "Hello", "Write to Anna.Rossi@example.org about the walk")
    queue_mail("bruno@example.org", "Unrelated", "Nothing personal")
    db.session.commit()
    assert rows_mentioning("anna.rossi@example.org")  # the scan does find the address

    client.post("/en/login", data={"email": "anna.rossi@example.org", "password": PASSWORD})
    response = client.post("/en/account/delete", data={"password": PASSWORD})
    assert response.status_code == 302

    assert rows_mentioning("anna.rossi@example.org") == []
    assert rows_mentioning("Anna Rossi") == []
    db.session.refresh(anna)
    assert anna.display_name is None and anna.email is None and anna.password_hash is None
    assert anna.deleted_at is not None
    assert anna.session_version == 2
    # The mail that named Anna is gone; Bruno's other mail (the group's acceptance among it) stays.
    subjects = [m.subject for m in mails_to("bruno@example.org")]
    assert "Hello" not in subjects and "Unrelated" in subjects
    # The group goes on, run by its remaining member.
    db.session.refresh(group)
    assert [(m.user_id, m.role) for m in group.memberships] == [(bruno.id, MembershipRole.ADMIN)]
    assert group.contact_email is None
    # Signed out, and contributions show "Deleted account".
    assert client.get("/en/account").status_code == 302
    from flask_babel import force_locale

    with force_locale("en"):
        html = render_template_string('{% from "_users.html" import user_badge %}{{ user_badge(u) }}', u=anna)
        assert "Deleted account" in html
        assert anna.public_name == "Deleted account"
    assert client.get(f"/en/users/{anna.id}").status_code == 404


def test_the_address_can_register_again(client, make_user):
    make_user(email="anna@example.org", name="Anna", password=PASSWORD)
    client.post("/en/login", data={"email": "anna@example.org", "password": PASSWORD})
    client.post("/en/account/delete", data={"password": PASSWORD})
    response = client.post("/en/register", data={"display_name": "Anna", "email": "anna@example.org",
                                                  "password": "another good passphrase", "language": "en",
                                                  "accept_terms": "y"})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(User.id)).where(User.email_key == "anna@example.org")) == 1
    assert "/verify/" in mails_to("anna@example.org")[-1].text_body


def test_wrong_password_deletes_nothing(client, make_user):
    anna = make_user(email="anna@example.org", password=PASSWORD)
    client.post("/en/login", data={"email": "anna@example.org", "password": PASSWORD})
    response = client.post("/en/account/delete", data={"password": "not my password"})
    assert response.status_code == 400
    assert "<title>Error:" in response.text
    db.session.refresh(anna)
    assert anna.email == "anna@example.org" and anna.deleted_at is None


def test_deleting_the_only_member_leaves_the_group_without_members(client, make_user):
    groups.seed_neighbourhoods()
    anna = make_user(email="anna@example.org", password=PASSWORD)
    group = groups.create_group(anna, "Solo", groups.list_neighbourhoods()[0], "Alone.")
    db.session.commit()
    client.post("/en/login", data={"email": "anna@example.org", "password": PASSWORD})
    client.post("/en/account/delete", data={"password": PASSWORD})
    assert db.session.scalar(select(func.count(GroupMembership.id))) == 0
    assert client.get(f"/en/groups/{group.slug}").status_code == 200
