"""notification actor ids: notifications name their author by id, not by a stored name

Notifications used to store the author's display name ("actor") in their
JSON data, so the name outlived the deletion of the account. They now store
the author's user id ("actor_id", and "actor_group" for a comment written on
behalf of a group) and the name is looked up when the notification is read.

Upgrade: each notification that carries "actor" gets "actor_id" (and
"actor_group") from the comment its "comment_id" names, where that comment
still exists; the stored name is removed from every notification, so one
whose author cannot be known shows the deleted-author name.

Downgrade: the names of accounts that still exist are copied back, as the
code of the previous revision expects them.

Revision ID: c16a0000gdpr
Revises: c16a0000ma11
Create Date: 2026-12-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c16a0000gdpr'
down_revision = 'c16a0000ma11'
branch_labels = None
depends_on = None

BATCH = 500

notification = sa.table(
    'notification',
    sa.column('id', sa.Integer),
    sa.column('data', sa.JSON),
)
comment = sa.table(
    'comment',
    sa.column('id', sa.Integer),
    sa.column('author_id', sa.Integer),
    sa.column('group_id', sa.Integer),
)
neighbourhood_group = sa.table(
    'neighbourhood_group',
    sa.column('id', sa.Integer),
    sa.column('name', sa.String),
)
user_account = sa.table(
    'user_account',
    sa.column('id', sa.Integer),
    sa.column('display_name', sa.String),
    sa.column('deleted_at', sa.DateTime),
)


def _batches(connection, key):
    """The notifications whose data holds ``key`` (as JSON text), BATCH at a time, in id order."""
    last_id = 0
    as_text = sa.cast(notification.c.data, sa.Text)
    while True:
        rows = connection.execute(
            sa.select(notification.c.id, notification.c.data)
            .where(notification.c.id > last_id, as_text.like(f'%"{key}"%'))
            .order_by(notification.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        yield [(row.id, row.data) for row in rows if isinstance(row.data, dict) and key in row.data]
        last_id = rows[-1].id


def _comment_authors(connection, comment_ids):
    """``{comment id: (author id, group name or None)}`` for the comments that exist."""
    if not comment_ids:
        return {}
    rows = connection.execute(
        sa.select(comment.c.id, comment.c.author_id, neighbourhood_group.c.name)
        .select_from(comment.outerjoin(neighbourhood_group, neighbourhood_group.c.id == comment.c.group_id))
        .where(comment.c.id.in_(comment_ids))
    ).all()
    return {row.id: (row.author_id, row.name) for row in rows}


def _save(connection, changed):
    for notification_id, data in changed:
        connection.execute(notification.update().where(notification.c.id == notification_id).values(data=data))


def upgrade():
    connection = op.get_bind()
    for rows in _batches(connection, 'actor'):
        comment_ids = {data.get('comment_id') for _id, data in rows if isinstance(data.get('comment_id'), int)}
        authors = _comment_authors(connection, comment_ids)
        changed = []
        for notification_id, data in rows:
            data = dict(data)
            del data['actor']
            known = authors.get(data.get('comment_id'))
            if known is not None:
                author_id, group_name = known
                data['actor_id'] = author_id
                if group_name:
                    data['actor_group'] = group_name
            changed.append((notification_id, data))
        _save(connection, changed)


def downgrade():
    connection = op.get_bind()
    for rows in _batches(connection, 'actor_id'):
        user_ids = {data['actor_id'] for _id, data in rows if isinstance(data.get('actor_id'), int)}
        names = dict(connection.execute(
            sa.select(user_account.c.id, user_account.c.display_name)
            .where(user_account.c.id.in_(user_ids or {0}), user_account.c.deleted_at.is_(None))
        ).all())
        changed = []
        for notification_id, data in rows:
            data = dict(data)
            name = names.get(data.pop('actor_id', None)) or ''
            group_name = data.pop('actor_group', None)
            data['actor'] = f'{group_name} (by {name})' if group_name else name
            changed.append((notification_id, data))
        _save(connection, changed)
