"""reviewed content translations; a search document per language (translations of programme items)

Revision ID: c16a0000lang
Revises: c16a0000jobs
Create Date: 2026-12-02 00:50:00.000000

Shipped and automatic translations start as not yet reviewed; translations a
person wrote on the site count as reviewed by that person. The search index
gets one document per thing and language, stemmed in that language: run
``flask search reindex`` after upgrading to index the translations.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c16a0000lang'
down_revision = 'c16a0000jobs'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('content_translation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reviewed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_content_translation_reviewed_by_id_user_account'),
                                    'user_account', ['reviewed_by_id'], ['id'], ondelete='SET NULL')
    op.execute(
        "UPDATE content_translation SET reviewed_by_id = translated_by_id, reviewed_at = updated_at "
        "WHERE translated_by_id IS NOT NULL AND NOT is_machine"
    )

    from participation.search.schema import drop_search_schema, ensure_search_schema

    # SQLite rebuilds the table in a batch: its full-text triggers go with it, and come back after.
    drop_search_schema(op.get_bind())
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_translation', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.drop_constraint('kind_target', type_='unique')
        batch_op.create_unique_constraint('kind_target_language', ['kind', 'target_id', 'language'])
    ensure_search_schema(op.get_bind())


def downgrade():
    from participation.search.schema import drop_search_schema, ensure_search_schema

    drop_search_schema(op.get_bind())
    op.execute("DELETE FROM search_document WHERE is_translation")
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.drop_constraint('kind_target_language', type_='unique')
        batch_op.create_unique_constraint('kind_target', ['kind', 'target_id'])
        batch_op.drop_column('is_translation')
    ensure_search_schema(op.get_bind())

    with op.batch_alter_table('content_translation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_content_translation_reviewed_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('reviewed_by_id')
