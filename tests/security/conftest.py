"""Data for the route walks: one or more real rows in every table.

When a feature adds tables, add a line to ``populated`` that creates a row
of each (with the feature's services), so that the walks reach its pages
with real ids and slugs.
"""
import pytest

ROLES = ("resident", "translator", "moderator", "administrator")


@pytest.fixture
def populated(app, programme, make_user):
    """The programme, and one verified user per role: {role: User}."""
    return {role: make_user(role=role, name=f"Walker {role}") for role in ROLES}


@pytest.fixture
def as_user(client, login):
    """``as_user(user_or_None)``: a test client signed in as the user (None: anonymous)."""

    def sign_in(user):
        with client.session_transaction() as session:
            session.clear()
        if user is not None:
            login(user)
        return client

    return sign_in
