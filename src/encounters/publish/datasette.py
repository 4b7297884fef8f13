"""Reading the SQLite record in Datasette, safely.

In: the path of an encounters SQLite database. Out: Datasette metadata (a dict, written as JSON)
that titles and describes the plain-named views made for reading — ``incident_list``,
``incident_sources``, ``incident_accounts``, ``incident_history`` — and the main tables, hides the
bookkeeping tables, and denies the ``users`` table (password hashes) and arbitrary SQL (which
would reach it anyway). ``encounters browse`` starts Datasette with it.
"""
from __future__ import annotations

from pathlib import Path

DESCRIPTIONS = {
    "incident_list": "One row per incident with its displayed values (reviewers' corrections included).",
    "incident_sources": "Which documents report each incident, how (primary or brief), and how well they matched.",
    "incident_accounts": "Who said what about each incident, verbatim, with its side (official, subject, witness, "
                         "other) and character offsets into the document.",
    "incident_history": "Every reviewer change: who, when, the old value, the new value, and why.",
    "documents": "The stored text of every article, with its outlet, date and flags.",
    "facts": "Each value extracted from each document, with its evidence spans or the rule that inferred it.",
    "people": "People described in each report, with age, role, outcome and evidence.",
    "accounts": "Quotes and claims as extracted, per report.",
    "overrides": "Merge and split decisions, with who made them and why.",
    "accuracy_reports": "The newest reports of `encounters evaluate`: the record scored against a user's "
                        "hand-coded incidents (figures in the report JSON).",
}
HIDDEN = ("alembic_version", "document_bands", "pins", "incident_aliases", "field_reviews", "ingest_runs", "mentions")


def datasette_metadata(db_path: str | Path) -> dict:
    """Metadata for ``datasette DB --metadata FILE``: the database is named after the file stem."""
    name = Path(db_path).stem
    tables: dict[str, dict] = {t: {"description": d} for t, d in DESCRIPTIONS.items()}
    tables.update({t: {"hidden": True} for t in HIDDEN})
    tables["users"] = {"hidden": True, "allow": False}
    return {
        "title": "encounters",
        "description": "Use-of-force incidents built from news reports. Start with incident_list; incident_sources, "
                       "incident_accounts and incident_history say where each incident comes from, who said what, "
                       "and what reviewers changed.",
        "databases": {name: {"allow_sql": False, "tables": tables}},
    }
