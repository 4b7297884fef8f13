"""an index on people's names in lower case, for blocking candidate incidents by the people they name

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_people_name_lower', 'people', [sa.text('lower(name)')], unique=False)


def downgrade() -> None:
    op.drop_index('ix_people_name_lower', table_name='people')
