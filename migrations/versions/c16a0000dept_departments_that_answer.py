"""departments that answer: department staff, answer requests with deadlines, the department of an official answer

Revision ID: c16a0000dept
Revises: c16a0000prog
Create Date: 2026-12-02 05:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c16a0000dept'
down_revision = 'c16a0000prog'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'department_member',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=False),
        sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('added_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['added_by_id'], ['user_account.id'],
                                name=op.f('fk_department_member_added_by_id_user_account'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['department_id'], ['department.id'],
                                name=op.f('fk_department_member_department_id_department'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_department_member_user_id_user_account'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_department_member')),
        sa.UniqueConstraint('user_id', 'department_id', name='user_department'),
    )
    with op.batch_alter_table('department_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_department_member_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_department_member_department_id'), ['department_id'], unique=False)

    op.create_table(
        'answer_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('comment_id', sa.Integer(), nullable=True),
        sa.Column('proposal_id', sa.Integer(), nullable=True),
        sa.Column('thread_id', sa.Integer(), nullable=True),
        sa.Column('item_id', sa.Integer(), nullable=True),
        sa.Column('reason', sa.String(length=10), nullable=False),
        sa.Column('asked_by_id', sa.Integer(), nullable=True),
        sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('answer_comment_id', sa.Integer(), nullable=True),
        sa.Column('answered_by_department_id', sa.Integer(), nullable=True),
        sa.Column('reminded_week_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('reminded_day_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('overdue_noted_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint('(comment_id IS NULL) <> (proposal_id IS NULL)', name=op.f('ck_answer_request_one_target')),
        sa.CheckConstraint("reason IN ('resident', 'staff', 'threshold')", name=op.f('ck_answer_request_reason')),
        sa.ForeignKeyConstraint(['answer_comment_id'], ['comment.id'],
                                name=op.f('fk_answer_request_answer_comment_id_comment'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['answered_by_department_id'], ['department.id'],
                                name=op.f('fk_answer_request_answered_by_department_id_department'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['asked_by_id'], ['user_account.id'],
                                name=op.f('fk_answer_request_asked_by_id_user_account'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['comment_id'], ['comment.id'],
                                name=op.f('fk_answer_request_comment_id_comment'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['item_id'], ['programme_item.id'],
                                name=op.f('fk_answer_request_item_id_programme_item'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'],
                                name=op.f('fk_answer_request_proposal_id_proposal'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['thread_id'], ['discussion_thread.id'],
                                name=op.f('fk_answer_request_thread_id_discussion_thread'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_request')),
        sa.UniqueConstraint('comment_id', name=op.f('uq_answer_request_comment_id')),
        sa.UniqueConstraint('proposal_id', name=op.f('uq_answer_request_proposal_id')),
    )
    with op.batch_alter_table('answer_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_request_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_answer_request_due_at'), ['due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_answer_request_answered_at'), ['answered_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_answer_request_answered_by_department_id'),
                              ['answered_by_department_id'], unique=False)

    op.create_table(
        'answer_request_department',
        sa.Column('request_id', sa.Integer(), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['department_id'], ['department.id'],
                                name=op.f('fk_answer_request_department_department_id_department'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['request_id'], ['answer_request.id'],
                                name=op.f('fk_answer_request_department_request_id_answer_request'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('request_id', 'department_id', name=op.f('pk_answer_request_department')),
    )
    with op.batch_alter_table('answer_request_department', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_request_department_department_id'), ['department_id'],
                              unique=False)

    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('department_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_comment_department_id_department'), 'department',
                                    ['department_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_comment_department_id_department'), type_='foreignkey')
        batch_op.drop_column('department_id')
    with op.batch_alter_table('answer_request_department', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_request_department_department_id'))
    op.drop_table('answer_request_department')
    with op.batch_alter_table('answer_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_request_answered_by_department_id'))
        batch_op.drop_index(batch_op.f('ix_answer_request_answered_at'))
        batch_op.drop_index(batch_op.f('ix_answer_request_due_at'))
        batch_op.drop_index(batch_op.f('ix_answer_request_item_id'))
    op.drop_table('answer_request')
    with op.batch_alter_table('department_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_department_member_department_id'))
        batch_op.drop_index(batch_op.f('ix_department_member_user_id'))
    op.drop_table('department_member')
