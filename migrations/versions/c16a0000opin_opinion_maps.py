"""opinion maps: the groups of each discussion's participants, computed by the background worker

Revision ID: c16a0000opin
Revises: c16a0000dept
Create Date: 2026-12-02 04:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c16a0000opin'
down_revision = 'c16a0000dept'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('opinion_map',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['thread_id'], ['discussion_thread.id'], name=op.f('fk_opinion_map_thread_id_discussion_thread'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opinion_map')),
    sa.UniqueConstraint('thread_id', name=op.f('uq_opinion_map_thread_id'))
    )
    op.create_table('opinion_membership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('group_label', sa.String(length=1), nullable=False),
    sa.ForeignKeyConstraint(['thread_id'], ['discussion_thread.id'], name=op.f('fk_opinion_membership_thread_id_discussion_thread'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_opinion_membership_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opinion_membership')),
    sa.UniqueConstraint('thread_id', 'user_id', name=op.f('uq_opinion_membership_thread_id_user_id'))
    )
    with op.batch_alter_table('opinion_membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opinion_membership_thread_id'), ['thread_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_opinion_membership_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('opinion_membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opinion_membership_user_id'))
        batch_op.drop_index(batch_op.f('ix_opinion_membership_thread_id'))
    op.drop_table('opinion_membership')
    op.drop_table('opinion_map')
