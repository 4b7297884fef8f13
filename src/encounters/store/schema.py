"""Database tables (SQLAlchemy Core), shared by the repository and the Alembic migrations.

In: nothing. Out: ``metadata`` with plain-named tables that read sensibly in Datasette:
``documents`` (stored texts, each copy linked to its original), ``document_bands`` (the
near-duplicate index), ``incidents`` (one row per resolved incident with its displayed
values), ``mentions`` (an incident as one document reports it), ``facts`` (each extracted value
with its spans or inference rule), ``people``, ``accounts`` (quotes and claims, verbatim, with
offsets), ``ingest_runs``, and a person's merge/split decisions: ``overrides``, ``pins`` (mention →
incident, surviving re-extraction) and ``incident_aliases`` (merged-away ids that still resolve);
reviewers' work: ``users``, ``field_reviews`` (the standing decision per incident field) and
``audit_log`` (every change, append-only); ``accuracy_reports`` (the newest reports of
``encounters evaluate`` against a user's hand-coded incidents, for the web app). Migration 0003
adds the views ``incident_list``, ``incident_sources``, ``incident_accounts`` and
``incident_history`` for Datasette. Works on SQLite and PostgreSQL alike.
"""
from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, Date, DateTime, Float, ForeignKey, Index, Integer, MetaData, String,
                        Table, Text, func)

metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_name)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "pk": "pk_%(table_name)s",
})

documents = Table(
    "documents", metadata,
    Column("id", String(512), primary_key=True),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("title", Text),
    Column("published", Date, index=True),
    Column("url", Text),
    Column("outlet", String(255)),
    Column("byline", Text),
    Column("text", Text, nullable=False),
    Column("sponsored", Boolean, nullable=False, default=False),
    Column("opinion", Boolean, nullable=False, default=False),
    Column("source", Text),
    Column("extractor", String(64)),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    # a copy (an archived snapshot, a syndicated wire story, the same page under another URL): the
    # original's id and the share of the shorter text found in the longer (migration 0005)
    Column("copy_of", String(512), index=True),
    Column("copy_score", Float),
)

# MinHash LSH keys each document is filed under, for finding its copies across runs (migration 0005)
document_bands = Table(
    "document_bands", metadata,
    Column("band", String(32), primary_key=True),
    Column("document_id", String(512), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True, index=True),
)

incidents = Table(
    "incidents", metadata,
    Column("id", String(32), primary_key=True),
    Column("date", Date, index=True),
    Column("date_from", Date, index=True),
    Column("date_to", Date),
    Column("city", String(255)),
    Column("county", String(255)),
    Column("state", String(2), index=True),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("agencies", String(255)),
    Column("killed", Integer),
    Column("injured", Integer),
    Column("shots_fired", String(64)),
    Column("vehicle_involved", Boolean),
    Column("force_type", String(32)),
    Column("sources", Integer, nullable=False, default=0),
    Column("conflicts", String(255)),
    Column("fields", JSON),
    Column("version", Integer, nullable=False, default=1),
    Column("review_status", String(16), nullable=False, default="unreviewed", index=True),
    Column("outcome", String(16), index=True),  # killed | injured | unharmed | unknown
    Column("search_text", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

mentions = Table(
    "mentions", metadata,
    Column("key", String(600), primary_key=True),
    Column("document_id", String(512), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("incident_id", String(32), ForeignKey("incidents.id", ondelete="SET NULL"), index=True),
    Column("ordinal", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("published", Date),
    Column("date_from", Date, index=True),
    Column("date_to", Date),
    Column("state", String(2)),
    Column("match_score", Integer),
    Column("match_reasons", JSON),
)

facts = Table(
    "facts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("mention_key", String(600), ForeignKey("mentions.key", ondelete="CASCADE"), nullable=False, index=True),
    Column("field", String(64), nullable=False),
    Column("value", JSON),
    Column("spans", JSON, nullable=False),
    Column("evidence", Text),
    Column("rule", String(128)),
    Column("inferred", Boolean, nullable=False),
)

people = Table(
    "people", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("mention_key", String(600), ForeignKey("mentions.key", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("name", String(255)),
    Column("age", Integer),
    Column("role", String(32)),
    Column("status", String(32)),
    Column("citizen", String(16)),
    Column("charged", String(16)),
    Column("gender", String(16)),
    Column("evidence", JSON),
)

accounts = Table(
    "accounts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("mention_key", String(600), ForeignKey("mentions.key", ondelete="CASCADE"), nullable=False, index=True),
    Column("document_id", String(512), nullable=False),
    Column("kind", String(16), nullable=False),  # account | claim
    Column("speaker", String(255), nullable=False),
    Column("affiliation", String(255)),
    Column("side", String(16), nullable=False),
    Column("mode", String(16)),
    Column("quote", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
)

ingest_runs = Table(
    "ingest_runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("documents_new", Integer, default=0),
    Column("documents_unchanged", Integer, default=0),
    Column("documents_updated", Integer, default=0),
    Column("errors", JSON),
)

overrides = Table(
    "overrides", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action", String(16), nullable=False),  # merge | split
    Column("incident_id", String(32), nullable=False, index=True),  # the incident kept / split from
    Column("other_id", String(32), index=True),  # the incident merged away / split off
    Column("mention_keys", JSON, nullable=False),  # the mentions moved
    Column("reason", Text, nullable=False),
    Column("author", String(255), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# A person's decision that a mention belongs to an incident; keyed by mention key, not a foreign key,
# so it outlives the mention row when its document is re-extracted.
pins = Table(
    "pins", metadata,
    Column("mention_key", String(600), primary_key=True),
    Column("incident_id", String(32), nullable=False, index=True),
    Column("override_id", Integer, ForeignKey("overrides.id"), nullable=False),
)

incident_aliases = Table(
    "incident_aliases", metadata,
    Column("alias", String(32), primary_key=True),
    Column("incident_id", String(32), nullable=False, index=True),
)

users = Table(
    "users", metadata,
    Column("username", String(64), primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(16), nullable=False),  # editor | viewer
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# The standing reviewer decision on one field of one incident (the newest row per incident and
# field wins); applied over the extracted value every time the incident is re-summarised.
field_reviews = Table(
    "field_reviews", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(32), nullable=False, index=True),
    Column("field", String(64), nullable=False),
    Column("action", String(16), nullable=False),  # confirm | correct | reject | reopen
    Column("value", JSON),
    Column("reason", Text, nullable=False),
    Column("author", String(255), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(32), nullable=False, index=True),
    Column("action", String(16), nullable=False),
    Column("field", String(64)),
    Column("old", JSON),
    Column("new", JSON),
    Column("reason", Text, nullable=False),
    Column("author", String(255), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# The newest reports of `encounters evaluate` (the figures, every gold row's record, the worst cases),
# shown on the web app's Accuracy page; the store keeps the last few.
accuracy_reports = Table(
    "accuracy_reports", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("gold", String(512), nullable=False),  # the gold file's name
    Column("author", String(255), nullable=False),
    Column("summary", Text, nullable=False),
    Column("report", JSON, nullable=False),
)

Index("ix_mentions_block", mentions.c.state, mentions.c.date_from)
Index("ix_people_name_lower", func.lower(people.c.name))  # blocking by the people a mention names
