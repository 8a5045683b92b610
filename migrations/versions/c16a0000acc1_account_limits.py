"""account limits: sign-in attempts and accepted registrations, counted in the database

Revision ID: c16a0000acc1
Revises: 7216997aa2b7
Create Date: 2026-11-26 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c16a0000acc1'
down_revision = '7216997aa2b7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sign_in_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address_digest', sa.String(length=32), nullable=False),
    sa.Column('account_digest', sa.String(length=32), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('succeeded', sa.Boolean(), nullable=False),
    sa.Column('pair_cleared', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_attempt'))
    )
    with op.batch_alter_table('sign_in_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_attempt_account_digest'), ['account_digest'], unique=False)
        batch_op.create_index(batch_op.f('ix_sign_in_attempt_address_digest'), ['address_digest'], unique=False)
        batch_op.create_index(batch_op.f('ix_sign_in_attempt_started_at'), ['started_at'], unique=False)

    op.create_table('accepted_registration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address_digest', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accepted_registration'))
    )
    with op.batch_alter_table('accepted_registration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accepted_registration_address_digest'), ['address_digest'], unique=False)
        batch_op.create_index(batch_op.f('ix_accepted_registration_created_at'), ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('accepted_registration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accepted_registration_created_at'))
        batch_op.drop_index(batch_op.f('ix_accepted_registration_address_digest'))

    op.drop_table('accepted_registration')
    with op.batch_alter_table('sign_in_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_attempt_started_at'))
        batch_op.drop_index(batch_op.f('ix_sign_in_attempt_address_digest'))
        batch_op.drop_index(batch_op.f('ix_sign_in_attempt_account_digest'))

    op.drop_table('sign_in_attempt')
