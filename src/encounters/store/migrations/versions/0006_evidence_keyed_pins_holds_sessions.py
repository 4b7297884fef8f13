"""decisions keyed by evidence, holds, stale incidents, sessions, API tokens, login throttling, document notes

Pins move from the mention's position (``doc#ordinal``) to its document and a fingerprint of its
passage; existing pins are fingerprinted from the mentions they are on. ``document_list`` is the
documents table without ``source`` (server paths), for Datasette.

Revision ID: 0006
Revises: 0008
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0008'
branch_labels = None
depends_on = None

DOCUMENT_LIST = """
    SELECT id, title, published, url, outlet, byline, text, sponsored, opinion, notes, ingested_at
    FROM documents"""


def upgrade() -> None:
    from encounters.core.model import Span
    from encounters.store.repository import evidence_fingerprint

    op.add_column('documents', sa.Column('notes', sa.JSON(), nullable=True))  # plain ALTER: no table copy
    op.create_table('holds',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('incident_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('document_id', sa.String(length=512), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sa.String(length=255), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holds'))
    )
    op.create_index(op.f('ix_holds_incident_id'), 'holds', ['incident_id'], unique=False)
    op.create_table('stale_incidents',
    sa.Column('incident_id', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('incident_id', name=op.f('pk_stale_incidents'))
    )
    op.create_table('sessions',
    sa.Column('id_hash', sa.String(length=64), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id_hash', name=op.f('pk_sessions'))
    )
    op.create_index(op.f('ix_sessions_username'), 'sessions', ['username'], unique=False)
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('label', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    op.create_index(op.f('ix_api_tokens_username'), 'api_tokens', ['username'], unique=False)
    op.create_table('login_failures',
    sa.Column('key', sa.String(length=160), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('first_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_login_failures'))
    )

    # pins: from the mention's position to its evidence
    conn = op.get_bind()
    old = conn.execute(sa.text("SELECT p.mention_key, p.incident_id, p.override_id, m.document_id, m.start, m.\"end\" "
                               "FROM pins p LEFT JOIN mentions m ON m.key = p.mention_key")).all()
    texts = {}
    for r in old:
        if r.document_id is not None and r.document_id not in texts:
            texts[r.document_id] = conn.execute(sa.text("SELECT text FROM documents WHERE id = :d"),
                                                {"d": r.document_id}).scalar_one()
    op.drop_table('pins')
    pins = op.create_table('pins',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('mention_key', sa.String(length=600), nullable=True),
    sa.Column('document_id', sa.String(length=512), nullable=False),
    sa.Column('fingerprint', sa.JSON(), nullable=False),
    sa.Column('incident_id', sa.String(length=32), nullable=False),
    sa.Column('override_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['override_id'], ['overrides.id'], name=op.f('fk_pins_override_id_overrides')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pins')),
    sa.UniqueConstraint('mention_key', name=op.f('uq_pins_mention_key'))
    )
    op.create_index(op.f('ix_pins_document_id'), 'pins', ['document_id'], unique=False)
    op.create_index(op.f('ix_pins_incident_id'), 'pins', ['incident_id'], unique=False)
    rows = []
    for r in old:
        if r.document_id is None:  # its mention was already gone: nothing left to key it by
            continue
        rows.append(dict(mention_key=r.mention_key, document_id=r.document_id, incident_id=r.incident_id,
                         override_id=r.override_id,
                         fingerprint=evidence_fingerprint(texts[r.document_id], Span(r.start, r.end))))
    if rows:
        op.bulk_insert(pins, rows)
    op.execute(f"CREATE VIEW document_list AS {DOCUMENT_LIST}")


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS document_list")
    conn = op.get_bind()
    old = conn.execute(sa.text("SELECT mention_key, incident_id, override_id FROM pins "
                               "WHERE mention_key IS NOT NULL")).all()
    op.drop_table('pins')
    pins = op.create_table('pins',
    sa.Column('mention_key', sa.String(length=600), nullable=False),
    sa.Column('incident_id', sa.String(length=32), nullable=False),
    sa.Column('override_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['override_id'], ['overrides.id'], name=op.f('fk_pins_override_id_overrides')),
    sa.PrimaryKeyConstraint('mention_key', name=op.f('pk_pins'))
    )
    op.create_index(op.f('ix_pins_incident_id'), 'pins', ['incident_id'], unique=False)
    if old:
        op.bulk_insert(pins, [dict(r._mapping) for r in old])
    op.drop_table('login_failures')
    op.drop_index(op.f('ix_api_tokens_username'), table_name='api_tokens')
    op.drop_table('api_tokens')
    op.drop_index(op.f('ix_sessions_username'), table_name='sessions')
    op.drop_table('sessions')
    op.drop_table('stale_incidents')
    op.drop_index(op.f('ix_holds_incident_id'), table_name='holds')
    op.drop_table('holds')
    # plain ALTER (SQLite 3.35+): a batch copy of documents would cascade to its mentions
    op.execute("DROP VIEW IF EXISTS document_list")
    op.execute("ALTER TABLE documents DROP COLUMN notes")
