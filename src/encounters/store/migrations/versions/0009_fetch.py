"""pages from the web: documents.fetched_url (the address asked for) and fetch_state (what `watch` knows)

Revision ID: 0009
Revises: 0010
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('documents', sa.Column('fetched_url', sa.Text(), nullable=True))  # in place: no table copy
    op.create_table(
        'fetch_state',
        sa.Column('url', sa.String(length=2048), nullable=False),
        sa.Column('final_url', sa.Text(), nullable=True),
        sa.Column('etag', sa.Text(), nullable=True),
        sa.Column('last_modified', sa.Text(), nullable=True),
        sa.Column('last_seen', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_status', sa.Integer(), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('entries', sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint('url', name=op.f('pk_fetch_state')),
    )


def downgrade() -> None:
    op.drop_table('fetch_state')
    op.drop_column('documents', 'fetched_url')  # in place (a batch copy would cascade-delete the mentions)
