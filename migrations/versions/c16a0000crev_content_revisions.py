"""content revisions: a number per kind of content that grows with every change of its rows

Revision ID: c16a0000crev
Revises: c16a0000ptrn
Create Date: 2026-12-03 11:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c16a0000crev'
down_revision = 'c16a0000ptrn'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'content_revision',
        sa.Column('name', sa.String(length=50), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_content_revision')),
    )


def downgrade():
    op.drop_table('content_revision')
