"""copies of one article: documents.copy_of / copy_score and the MinHash LSH band index document_bands

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


SOURCES_VIEW = """
        SELECT m.incident_id, m.document_id, d.title, d.outlet, d.published, d.url, m.kind AS mention,
               m.match_score, d.copy_of
        FROM mentions m JOIN documents d ON d.id = m.document_id
        WHERE m.incident_id IS NOT NULL"""
OLD_SOURCES_VIEW = """
        SELECT m.incident_id, m.document_id, d.title, d.outlet, d.published, d.url, m.kind AS mention,
               m.match_score
        FROM mentions m JOIN documents d ON d.id = m.document_id
        WHERE m.incident_id IS NOT NULL"""


def upgrade() -> None:
    op.execute("DROP VIEW IF EXISTS incident_sources")
    # plain ALTER TABLE (no batch copy of the table: on SQLite a copy would cascade-delete its mentions)
    op.add_column('documents', sa.Column('copy_of', sa.String(length=512), nullable=True))
    op.add_column('documents', sa.Column('copy_score', sa.Float(), nullable=True))
    op.create_index('ix_documents_copy_of', 'documents', ['copy_of'], unique=False)
    op.create_table(
        'document_bands',
        sa.Column('band', sa.String(length=32), nullable=False),
        sa.Column('document_id', sa.String(length=512), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name='fk_document_bands_document_id_documents',
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('band', 'document_id', name='pk_document_bands'),
    )
    op.create_index('ix_document_bands_document_id', 'document_bands', ['document_id'], unique=False)
    op.execute(f"CREATE VIEW incident_sources AS {SOURCES_VIEW}")


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS incident_sources")
    op.drop_index('ix_document_bands_document_id', table_name='document_bands')
    op.drop_table('document_bands')
    op.drop_index('ix_documents_copy_of', table_name='documents')
    op.drop_column('documents', 'copy_score')
    op.drop_column('documents', 'copy_of')
    op.execute(f"CREATE VIEW incident_sources AS {OLD_SOURCES_VIEW}")
