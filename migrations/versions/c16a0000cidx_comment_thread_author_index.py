"""comments: an index of a reader's own comments in a thread

Revision ID: c16a0000cidx
Revises: c16a0000crev
Create Date: 2026-12-03 14:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c16a0000cidx'
down_revision = 'c16a0000crev'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_comment_thread_author', 'comment', ['thread_id', 'author_id', 'status'], unique=False)


def downgrade():
    op.drop_index('ix_comment_thread_author', table_name='comment')
