"""The migration that takes stored names out of notifications, on a database of the previous revision."""
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from participation import create_app
from participation.extensions import db
from tests.conftest import make_config

BEFORE, AFTER = "7216997aa2b7", "c16a0000gdpr"
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def _table(name, *columns):
    return sa.table(name, *(sa.column(column) for column in columns))


notification = sa.table("notification", sa.column("id", sa.Integer), sa.column("user_id", sa.Integer),
                        sa.column("kind", sa.String), sa.column("data", sa.JSON),
                        sa.column("created_at", sa.DateTime), sa.column("email_status", sa.String))


def _old_rows(connection):
    """Two residents, a group, a comment by each (one for the group), and notifications as they used to be."""
    stamps = {"created_at": NOW, "updated_at": NOW}
    connection.execute(_table("user_account", "id", "display_name", "language", "role", "session_version",
                              "created_at", "updated_at").insert(), [
        {"id": 1, "display_name": "Anna", "language": "en", "role": "resident", "session_version": 1, **stamps},
        {"id": 2, "display_name": "Carla Bianchi", "language": "en", "role": "resident", "session_version": 1,
         **stamps},
    ])
    connection.execute(_table("area", "id", "number", "title", "intro", "created_at", "updated_at").insert(),
                       {"id": 1, "number": 1, "title": "Area", "intro": "[]", **stamps})
    connection.execute(_table("programme_item", "id", "slug", "primary_area_id", "position", "point", "title",
                              "objective", "macro_actions", "created_at", "updated_at").insert(),
                       {"id": 1, "slug": "buses", "primary_area_id": 1, "position": 1, "point": "1", "title": "Buses",
                        "objective": "", "macro_actions": "[]", **stamps})
    connection.execute(_table("discussion_thread", "id", "kind", "programme_item_id", "closing_note",
                              "last_activity_at", "created_at").insert(),
                       {"id": 1, "kind": "item", "programme_item_id": 1, "closing_note": "", "last_activity_at": NOW,
                        "created_at": NOW})
    connection.execute(_table("neighbourhood", "id", "name", "slug", "position", "created_at").insert(),
                       {"id": 1, "name": "Centro", "slug": "centro", "position": 0, "created_at": NOW})
    connection.execute(_table("neighbourhood_group", "id", "name", "name_key", "slug", "neighbourhood_id",
                              "description", "description_html", "language", "created_at", "updated_at").insert(),
                       {"id": 1, "name": "Amici del Po", "name_key": "amici del po", "slug": "amici-del-po",
                        "neighbourhood_id": 1, "description": "", "description_html": "", "language": "it", **stamps})
    comment = _table("comment", "id", "thread_id", "author_id", "group_id", "depth", "body", "body_html", "language",
                     "created_at")
    connection.execute(comment.insert(), [
        {"id": 10, "thread_id": 1, "author_id": 1, "group_id": None, "depth": 0, "body": "Q", "body_html": "Q",
         "language": "en", "created_at": NOW},
        {"id": 11, "thread_id": 1, "author_id": 2, "group_id": 1, "depth": 1, "body": "A", "body_html": "A",
         "language": "en", "created_at": NOW},
    ])
    connection.execute(notification.insert(), [
        {"id": 1, "user_id": 1, "kind": "reply", "email_status": "none", "created_at": NOW,
         "data": {"actor": "Amici del Po (by Carla Bianchi)", "title": "Buses", "comment_id": 11}},
        {"id": 2, "user_id": 2, "kind": "followed_comment", "email_status": "pending", "created_at": NOW,
         "data": {"actor": "Anna", "title": "Buses", "comment_id": 10}},
        {"id": 3, "user_id": 1, "kind": "followed_comment", "email_status": "none", "created_at": NOW,
         "data": {"actor": "Carla Bianchi", "title": "Buses", "comment_id": 999}},  # a comment that is gone
        {"id": 4, "user_id": 1, "kind": "group_decision", "email_status": "none", "created_at": NOW,
         "data": {"group": "Amici del Po", "accepted": True}},
    ])


def _data(connection):
    rows = connection.execute(sa.select(notification.c.id, notification.c.data).order_by(notification.c.id))
    return {row.id: row.data for row in rows}


def test_notifications_keep_their_authors_by_id_and_lose_the_names(tmp_path):
    app = create_app(make_config(tmp_path))
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        try:
            upgrade(revision=BEFORE)
            with db.engine.begin() as connection:
                _old_rows(connection)
            upgrade(revision=AFTER)
            with db.engine.connect() as connection:
                data = _data(connection)
            assert data == {
                1: {"actor_id": 2, "actor_group": "Amici del Po", "title": "Buses", "comment_id": 11},
                2: {"actor_id": 1, "title": "Buses", "comment_id": 10},
                3: {"title": "Buses", "comment_id": 999},
                4: {"group": "Amici del Po", "accepted": True},
            }
            # Back down, the code of the previous revision finds the names it expects.
            downgrade(revision=BEFORE)
            with db.engine.connect() as connection:
                data = _data(connection)
            assert data[1] == {"actor": "Amici del Po (by Carla Bianchi)", "title": "Buses", "comment_id": 11}
            assert data[2] == {"actor": "Anna", "title": "Buses", "comment_id": 10}
            assert data[4] == {"group": "Amici del Po", "accepted": True}
        finally:
            db.session.remove()
            db.drop_all()
            with db.engine.begin() as connection:
                connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
            db.engine.dispose()
