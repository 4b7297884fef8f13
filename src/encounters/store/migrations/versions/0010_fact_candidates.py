"""the candidates a decision passed over: facts.passed_over (shown by `show --why` and the incident page)

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('facts', sa.Column('passed_over', sa.JSON(), nullable=True))  # in place: no table copy


def downgrade() -> None:
    op.drop_column('facts', 'passed_over')
