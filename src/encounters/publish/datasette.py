"""Reading the SQLite record in Datasette, safely.

In: the path of an encounters SQLite database and whether the record is public. Out: Datasette
metadata (a dict, written as JSON) that titles and describes the plain-named views made for
reading — ``incident_list``, ``incident_sources``, ``incident_accounts``, ``incident_history``,
``document_list`` (the documents without the server paths they were read from) — and the tables
``facts``, ``people``, ``accounts`` and ``overrides``; every other table (``documents`` with its
server paths, ``ingest_runs``, ``users``, ``sessions``, ``api_tokens``, …) is hidden *and* denied,
so no URL opens it; arbitrary SQL is denied (it would reach them anyway). A private record needs
an actor for everything: the ``encounters_guard`` plugin in ``PLUGINS_DIR`` makes one from a
user's password or an API token. ``encounters browse`` starts Datasette with both.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

PLUGINS_DIR = Path(__file__).parent / "datasette_plugins"
DESCRIPTIONS = {
    "incident_list": "One row per incident with its displayed values (reviewers' corrections included).",
    "incident_sources": "Which documents report each incident, how (primary or brief), and how well they matched.",
    "incident_accounts": "Who said what about each incident, verbatim, with its side (official, subject, witness, "
                         "other) and character offsets into the document.",
    "incident_history": "Every reviewer change: who, when, the old value, the new value, and why.",
    "incidents": "The incidents with every source's value of every field (JSON in fields).",
    "document_list": "The stored text of every article, with its outlet, date, flags and notes.",
    "facts": "Each value extracted from each document, with its evidence spans or the rule that inferred it.",
    "people": "People described in each report, with age, role, outcome and evidence.",
    "accounts": "Quotes and claims as extracted, per report.",
    "overrides": "Merge and split decisions, with who made them and why.",
    "accuracy_reports": "The newest reports of `encounters evaluate`: the record scored against a user's "
                        "hand-coded incidents (figures in the report JSON).",
}
# known bookkeeping tables, denied even before the database has them
DENIED = ("alembic_version", "document_bands", "pins", "incident_aliases", "field_reviews", "ingest_runs", "mentions", "documents",
          "users", "sessions", "api_tokens", "login_failures", "holds", "stale_incidents", "audit_log")


def table_names(db_path: str | Path) -> list[str]:
    if not Path(db_path).exists():
        return []
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]


def datasette_metadata(db_path: str | Path, *, public: bool = True, db_url: str | None = None) -> dict:
    """Metadata for ``datasette DB --metadata FILE``: the database is named after the file stem.
    Only the tables and views described above can be read; with ``public=False`` nothing can be
    read without a login (through the ``encounters_guard`` plugin, configured here)."""
    name = Path(db_path).stem
    tables: dict[str, dict] = {t: {"description": d} for t, d in DESCRIPTIONS.items()}
    for table in sorted(set(DENIED) | set(table_names(db_path)) - set(DESCRIPTIONS)):
        tables[table] = {"hidden": True, "allow": False}
    metadata = {
        "title": "encounters",
        "description": "Use-of-force incidents built from news reports. Start with incident_list; incident_sources, "
                       "incident_accounts and incident_history say where each incident comes from, who said what, "
                       "and what reviewers changed.",
        "databases": {name: {"allow_sql": False, "tables": tables}},
        "plugins": {"encounters-guard": {"db": db_url or f"sqlite:///{db_path}", "public": public}},
    }
    if not public:
        metadata["allow"] = {"id": "*"}  # any logged-in actor; none without the guard's login
    return metadata
