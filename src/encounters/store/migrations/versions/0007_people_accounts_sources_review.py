"""reviewers' decisions on people, quotes and sources; the tracker row of each incident

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

Adds ``person_reviews``, ``account_reviews`` and ``source_reviews`` (decisions keyed by content),
and to ``incidents`` the columns a tracker's list leads with: ``law_enforcement`` (who used force),
``reports`` (documents, copies counted; ``sources`` counts a document and its copies once), ``subjects`` (who was shot or subjected to force) and the first report
(``first_document``, ``first_title``, ``first_outlet``, ``first_url``, ``first_published``), filled
here for incidents stored before. The ``incident_list`` view shows them.
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

OLD_LIST = """
        SELECT id, date, date_from, date_to, city, county, state, latitude, longitude, agencies, killed, injured,
               outcome, shots_fired, vehicle_involved, force_type, sources, conflicts, review_status, version,
               updated_at
        FROM incidents"""
NEW_LIST = """
        SELECT id, date, date_from, date_to, city, county, state, subjects, agencies, force_type, law_enforcement,
               killed, injured, outcome, sources, reports, first_title, first_outlet, first_url,
               first_published, review_status, latitude, longitude, shots_fired, vehicle_involved, conflicts,
               first_document, version, updated_at
        FROM incidents"""
NEW_COLUMNS = (("law_enforcement", sa.String(16)), ("reports", sa.Integer()), ("subjects", sa.Text()),
               ("first_document", sa.String(512)), ("first_title", sa.Text()), ("first_outlet", sa.String(255)),
               ("first_url", sa.Text()), ("first_published", sa.Date()))


def decision_columns():
    return [sa.Column('reason', sa.Text(), nullable=False), sa.Column('author', sa.String(length=255), nullable=False),
            sa.Column('created_at', sa.DateTime(timezone=True), nullable=False)]


def upgrade() -> None:
    op.execute("DROP VIEW IF EXISTS incident_list")
    for name, type_ in NEW_COLUMNS:  # ALTER TABLE … ADD COLUMN on both backends (no copy of the table)
        op.add_column('incidents', sa.Column(name, type_, nullable=True))
    op.create_index(op.f('ix_incidents_law_enforcement'), 'incidents', ['law_enforcement'], unique=False)
    op.create_table('person_reviews',
                    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
                    sa.Column('incident_id', sa.String(length=32), nullable=False),
                    sa.Column('person_key', sa.String(length=255), nullable=False),
                    sa.Column('action', sa.String(length=16), nullable=False),
                    sa.Column('attribute', sa.String(length=16), nullable=True),
                    sa.Column('value', sa.JSON(), nullable=True),
                    *decision_columns(),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_reviews')))
    op.create_index(op.f('ix_person_reviews_incident_id'), 'person_reviews', ['incident_id'], unique=False)
    op.create_table('account_reviews',
                    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
                    sa.Column('document_id', sa.String(length=512), nullable=False),
                    sa.Column('quote_hash', sa.String(length=64), nullable=False),
                    sa.Column('start', sa.Integer(), nullable=True),
                    sa.Column('end', sa.Integer(), nullable=True),
                    sa.Column('incident_id', sa.String(length=32), nullable=True),
                    sa.Column('action', sa.String(length=16), nullable=False),
                    sa.Column('value', sa.JSON(), nullable=True),
                    *decision_columns(),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_reviews')))
    op.create_index(op.f('ix_account_reviews_document_id'), 'account_reviews', ['document_id'], unique=False)
    op.create_index(op.f('ix_account_reviews_incident_id'), 'account_reviews', ['incident_id'], unique=False)
    op.create_table('source_reviews',
                    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
                    sa.Column('incident_id', sa.String(length=32), nullable=True),
                    sa.Column('document_id', sa.String(length=512), nullable=False),
                    sa.Column('action', sa.String(length=16), nullable=False),
                    sa.Column('original', sa.String(length=512), nullable=True),
                    *decision_columns(),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_source_reviews')))
    op.create_index(op.f('ix_source_reviews_document_id'), 'source_reviews', ['document_id'], unique=False)
    op.create_index(op.f('ix_source_reviews_incident_id'), 'source_reviews', ['incident_id'], unique=False)
    backfill()
    op.execute(f"CREATE VIEW incident_list AS {NEW_LIST}")


def backfill() -> None:
    """The new columns of incidents stored before, from their stored summary and sources."""
    from encounters.store.overlays import subjects_text

    conn = op.get_bind()
    incidents = sa.table("incidents", sa.column("id"), sa.column("fields", sa.JSON()), sa.column("sources"),
                         *(sa.column(name, type_) for name, type_ in NEW_COLUMNS))
    mentions = sa.table("mentions", sa.column("incident_id"), sa.column("document_id"))
    documents = sa.table("documents", sa.column("id"), sa.column("title"), sa.column("outlet"), sa.column("url"),
                         sa.column("published", sa.Date()))
    rows = conn.execute(sa.select(incidents.c.id, incidents.c.fields, incidents.c.sources)).all()
    for r in rows:
        data = r.fields or {}
        reports = conn.execute(sa.select(sa.func.count(sa.distinct(mentions.c.document_id)))
                               .where(mentions.c.incident_id == r.id)).scalar()
        first = conn.execute(sa.select(documents).join(mentions, mentions.c.document_id == documents.c.id)
                             .where(mentions.c.incident_id == r.id)
                             .order_by(documents.c.published.is_(None), documents.c.published, documents.c.id)
                             .limit(1)).first()
        conn.execute(sa.update(incidents).where(incidents.c.id == r.id).values(
            law_enforcement=(data.get("law_enforcement") or {}).get("chosen"), reports=reports,
            subjects=subjects_text(data.get("_people") or []),
            first_document=first.id if first else None, first_title=first.title if first else None,
            first_outlet=first.outlet if first else None, first_url=first.url if first else None,
            first_published=first.published if first else None))


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS incident_list")
    for table in ('source_reviews', 'account_reviews', 'person_reviews'):
        op.drop_table(table)
    op.drop_index(op.f('ix_incidents_law_enforcement'), table_name='incidents')
    for name, _ in reversed(NEW_COLUMNS):
        # ALTER TABLE … DROP COLUMN (SQLite 3.35+), never a copy of the table: dropping and re-creating
        # incidents would set every mention's incident_id to NULL through its foreign key
        op.execute(f'ALTER TABLE incidents DROP COLUMN {name}')
    op.execute(f"CREATE VIEW incident_list AS {OLD_LIST}")
