"""thread revision: the key of the cache of rendered discussion pages

Revision ID: 7216997aa2b7
Revises: 7e3e79ad03a1
Create Date: 2026-11-24 18:49:26.274963

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7216997aa2b7'
down_revision = '7e3e79ad03a1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('discussion_thread', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('discussion_thread', schema=None) as batch_op:
        batch_op.drop_column('revision')
