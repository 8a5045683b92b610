"""progress update translations: the clean HTML of a translation whose original is shown as HTML

Revision ID: c16a0000ptrn
Revises: c16a0000opin
Create Date: 2026-12-03 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c16a0000ptrn'
down_revision = 'c16a0000opin'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('content_translation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('value_html', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('content_translation', schema=None) as batch_op:
        batch_op.drop_column('value_html')
