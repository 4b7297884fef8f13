"""Database tables (SQLAlchemy Core), shared by the repository and the Alembic migrations.

In: nothing. Out: ``metadata`` with plain-named tables that read sensibly in Datasette:
``documents`` (stored texts, each copy linked to its original), ``document_bands`` (the
near-duplicate index), ``incidents`` (one row per resolved incident with its displayed
values), ``mentions`` (an incident as one document reports it), ``facts`` (each extracted value
with its spans or inference rule), ``people``, ``accounts`` (quotes and claims, verbatim, with
offsets), ``ingest_runs``, and a person's merge/split decisions: ``overrides``, ``pins`` (mention →
incident, surviving re-extraction) and ``incident_aliases`` (merged-away ids that still resolve);
reviewers' work: ``users``, ``field_reviews`` (the standing decision per incident field) and
``audit_log`` (every change, append-only); ``person_reviews``, ``account_reviews`` and
``source_reviews`` (decisions on people, quotes and sources, keyed by content); ``accuracy_reports``
(the newest reports of ``encounters evaluate`` against a user's hand-coded incidents, for the web app);
``holds`` (a change that would remove a reviewed incident or a decision's evidence, kept back until a
reviewer looks), ``stale_incidents`` (incidents whose sources changed and that the next resolution
re-summarises: a crash cannot lose them); logins: ``sessions`` and ``api_tokens`` (only hashes of their
secrets) and ``login_failures`` (throttling); ``fetch_state`` (what ``watch`` knows of each address it
polls). Migration 0003 adds the views ``incident_list``,
``incident_sources``, ``incident_accounts`` and ``incident_history`` for Datasette, 0006
``document_list`` (documents without server paths). Works on SQLite and PostgreSQL alike.
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
    Column("notes", JSON),  # what the reader wants people to know ("only the first 100,000 characters …")
    # a copy (an archived snapshot, a syndicated wire story, the same page under another URL): the
    # original's id and the share of the shorter text found in the longer (migration 0005)
    Column("copy_of", String(512), index=True),
    Column("copy_score", Float),
    Column("fetched_url", Text),  # a page read from the web: the address asked for (``url``: where it ended; 0009)
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
    # the row a tracker shows (migration 0007): who used force, the reports counting copies (``sources``
    # counts a document and its copies once), who was shot or subjected to force, and the first report
    Column("law_enforcement", String(16), index=True),
    Column("reports", Integer),
    Column("subjects", Text),
    Column("first_document", String(512)),
    Column("first_title", Text),
    Column("first_outlet", String(255)),
    Column("first_url", Text),
    Column("first_published", Date),
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
    Column("passed_over", JSON),  # candidates the deciding rule passed over (migration 0010)
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

# A person's decision that a mention belongs to an incident. Keyed by the mention's evidence — its
# document and a fingerprint of its text (see ``repository.evidence_fingerprint``) — not by its
# position in the document, so a re-extracted or reordered document finds it again; ``mention_key``
# is the mention it is on now (null while its document is being re-read or when the evidence is gone).
pins = Table(
    "pins", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("mention_key", String(600), unique=True),
    Column("document_id", String(512), nullable=False, index=True),
    Column("fingerprint", JSON, nullable=False),
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

# Reviewers' decisions on people, accounts and sources (migration 0007). Each is keyed by content,
# never by a mention's position, and laid over the extracted values every time an incident is
# summarised; the newest row per key stands, older ones stay.
# A person: keyed by the incident and the person's normalised name (``person_key``), or, for one a
# reviewer added, by that record's own key ("added:…").
person_reviews = Table(
    "person_reviews", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(32), nullable=False, index=True),
    Column("person_key", String(255), nullable=False),
    Column("action", String(16), nullable=False),  # add | correct | reopen | remove | not_participant | restore
    Column("attribute", String(16)),  # for correct and reopen: name | age | role | status | citizen | charged
    Column("value", JSON),
    Column("reason", Text, nullable=False),
    Column("author", String(255), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# A quote (account or claim): keyed by its document and the sha256 of its verbatim text, with its
# offsets as a hint when the same words occur twice; it follows its document through merges and splits.
account_reviews = Table(
    "account_reviews", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(512), nullable=False, index=True),
    Column("quote_hash", String(64), nullable=False),
    Column("start", Integer),
    Column("end", Integer),
    Column("incident_id", String(32), index=True),  # where the decision was made (for its history)
    Column("action", String(16), nullable=False),  # reattribute | detach | as_claim | as_account | restore
    Column("value", JSON),  # speaker, affiliation, side; the quote and its speaker as they were
    Column("reason", Text, nullable=False),
    Column("author", String(255), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# A source: ``detach``/``reattach`` take a document out of one incident (keyed by both); ``copy`` /
# ``not_copy`` say a document copies another (keyed by the document alone: it holds wherever it is a source).
source_reviews = Table(
    "source_reviews", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(32), index=True),
    Column("document_id", String(512), nullable=False, index=True),
    Column("action", String(16), nullable=False),  # detach | reattach | copy | not_copy
    Column("original", String(512)),  # for copy: the document it copies
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

# A change re-ingesting would make to a reviewer's work, kept back until a reviewer decides.
holds = Table(
    "holds", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(32), nullable=False, index=True),
    Column("kind", String(32), nullable=False),  # lost_sources | evidence_gone
    Column("document_id", String(512)),
    Column("message", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("resolved_at", DateTime(timezone=True)),
    Column("resolved_by", String(255)),
    Column("resolution", Text),
)

stale_incidents = Table(
    "stale_incidents", metadata,
    Column("incident_id", String(32), primary_key=True),
)

sessions = Table(
    "sessions", metadata,
    Column("id_hash", String(64), primary_key=True),  # sha256 of the id the cookie carries
    Column("username", String(64), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

api_tokens = Table(
    "api_tokens", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),  # sha256 of the secret, never the secret
    Column("username", String(64), nullable=False, index=True),
    Column("scope", String(16), nullable=False),  # read | edit
    Column("label", String(255)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
)

login_failures = Table(
    "login_failures", metadata,
    Column("key", String(160), primary_key=True),  # "user:NAME" or "addr:IP"
    Column("failures", Integer, nullable=False),
    Column("first_at", DateTime(timezone=True), nullable=False),
    Column("locked_until", DateTime(timezone=True)),
)

# What ``watch`` knows of each web address it polls: the validators for a conditional request, when
# and how it last answered, and (for a feed) the entries already read, by id, with a fingerprint (0009).
fetch_state = Table(
    "fetch_state", metadata,
    Column("url", String(2048), primary_key=True),
    Column("final_url", Text),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_seen", DateTime(timezone=True), nullable=False),
    Column("last_status", Integer),  # the HTTP status of the last answer; None when the last fetch failed
    Column("last_error", Text),
    Column("entries", JSON),  # {entry id: fingerprint} for a feed
)

Index("ix_mentions_block", mentions.c.state, mentions.c.date_from)
Index("ix_people_name_lower", func.lower(people.c.name))  # blocking by the people a mention names
