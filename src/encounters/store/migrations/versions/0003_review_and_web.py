"""reviewers, field reviews, audit log; incident review status and search text; views for Datasette

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

VIEWS = {
    # One row per incident with its displayed values, in plain columns.
    "incident_list": """
        SELECT id, date, date_from, date_to, city, county, state, latitude, longitude, agencies, killed, injured,
               outcome, shots_fired, vehicle_involved, force_type, sources, conflicts, review_status, version,
               updated_at
        FROM incidents""",
    # Each incident's sources: which document reported it, how, and why it was joined.
    "incident_sources": """
        SELECT m.incident_id, m.document_id, d.title, d.outlet, d.published, d.url, m.kind AS mention,
               m.match_score
        FROM mentions m JOIN documents d ON d.id = m.document_id
        WHERE m.incident_id IS NOT NULL""",
    # Who said what about each incident, verbatim, with where in the document it is.
    "incident_accounts": """
        SELECT m.incident_id, a.document_id, a.kind, a.side, a.speaker, a.affiliation, a.quote, a.start, a."end"
        FROM accounts a JOIN mentions m ON m.key = a.mention_key
        WHERE m.incident_id IS NOT NULL""",
    # Every reviewer change, newest first.
    "incident_history": """
        SELECT incident_id, created_at, author, action, field, old, new, reason
        FROM audit_log""",
}


def upgrade() -> None:
    op.create_table('users',
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('username', name=op.f('pk_users'))
    )
    op.create_table('field_reviews',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('incident_id', sa.String(length=32), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('value', sa.JSON(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_field_reviews'))
    )
    with op.batch_alter_table('field_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_field_reviews_incident_id'), ['incident_id'], unique=False)
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('incident_id', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=True),
    sa.Column('old', sa.JSON(), nullable=True),
    sa.Column('new', sa.JSON(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_incident_id'), ['incident_id'], unique=False)
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_status', sa.String(length=16), nullable=False,
                                      server_default='unreviewed'))
        batch_op.add_column(sa.Column('outcome', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('search_text', sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f('ix_incidents_review_status'), ['review_status'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_outcome'), ['outcome'], unique=False)
    op.execute("UPDATE incidents SET outcome = CASE WHEN killed > 0 THEN 'killed' WHEN injured > 0 THEN 'injured' "
               "WHEN killed = 0 AND injured = 0 THEN 'unharmed' ELSE 'unknown' END")
    for name, sql in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {sql}")


def downgrade() -> None:
    for name in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incidents_outcome'))
        batch_op.drop_index(batch_op.f('ix_incidents_review_status'))
        batch_op.drop_column('search_text')
        batch_op.drop_column('outcome')
        batch_op.drop_column('review_status')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_incident_id'))
    op.drop_table('audit_log')
    with op.batch_alter_table('field_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_field_reviews_incident_id'))
    op.drop_table('field_reviews')
    op.drop_table('users')
