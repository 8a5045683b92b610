"""the programme's progress: statuses, each item's status, progress and weight, a timeline of updates with documents

Revision ID: c16a0000prog
Revises: c16a0000lang
Create Date: 2026-12-02 05:00:00.000000

The five statuses every programme starts with are inserted here; staff may add others.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c16a0000prog'
down_revision = 'c16a0000lang'
branch_labels = None
depends_on = None


def upgrade():
    status = op.create_table('progress_status',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=30), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('labels', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('in_average', sa.Boolean(), nullable=False),
    sa.Column('colour', sa.String(length=7), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_status')),
    sa.UniqueConstraint('key', name=op.f('uq_progress_status_key'))
    )
    op.create_table('item_progress',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('status_id', sa.Integer(), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('weight', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('progress BETWEEN 0 AND 100', name=op.f('ck_item_progress_progress_range')),
    sa.CheckConstraint('weight >= 0', name=op.f('ck_item_progress_weight_positive')),
    sa.ForeignKeyConstraint(['item_id'], ['programme_item.id'], name=op.f('fk_item_progress_item_id_programme_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['status_id'], ['progress_status.id'], name=op.f('fk_item_progress_status_id_progress_status')),
    sa.PrimaryKeyConstraint('item_id', name=op.f('pk_item_progress'))
    )
    with op.batch_alter_table('item_progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_progress_status_id'), ['status_id'], unique=False)
    op.create_table('progress_update',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=False),
    sa.Column('status_id', sa.Integer(), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('text_html', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('links', sa.JSON(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('progress BETWEEN 0 AND 100', name=op.f('ck_progress_update_progress_range')),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_progress_update_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_progress_update_department_id_department'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['programme_item.id'], name=op.f('fk_progress_update_item_id_programme_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['status_id'], ['progress_status.id'], name=op.f('fk_progress_update_status_id_progress_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_update'))
    )
    with op.batch_alter_table('progress_update', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_update_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_progress_update_item_date', ['item_id', 'published_on'], unique=False)
    op.create_table('progress_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('update_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=50), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['update_id'], ['progress_update.id'], name=op.f('fk_progress_document_update_id_progress_update'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_document'))
    )
    with op.batch_alter_table('progress_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_document_update_id'), ['update_id'], unique=False)

    op.bulk_insert(status, [
        {'key': 'not_started', 'label': 'Non avviato', 'position': 1, 'in_average': True, 'colour': '#6b7280', 'labels': {}},
        {'key': 'in_progress', 'label': 'In corso', 'position': 2, 'in_average': True, 'colour': '#1d4ed8', 'labels': {}},
        {'key': 'completed', 'label': 'Completato', 'position': 3, 'in_average': True, 'colour': '#15803d', 'labels': {}},
        {'key': 'changed', 'label': 'Modificato', 'position': 4, 'in_average': True, 'colour': '#b45309', 'labels': {}},
        {'key': 'dropped', 'label': 'Abbandonato', 'position': 5, 'in_average': False, 'colour': '#b91c1c', 'labels': {}},
    ])


def downgrade():
    op.drop_table('progress_document')
    op.drop_table('progress_update')
    op.drop_table('item_progress')
    op.drop_table('progress_status')
