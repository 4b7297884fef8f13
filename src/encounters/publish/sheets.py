"""CSV for spreadsheets: one row per incident, one row per person, or one incident's citations.

In: ``Incident`` records (and their documents' metadata), or rows already made. Out: CSV text in
pieces, for files and streamed downloads, that Excel and LibreOffice open as meant: UTF-8 with a
byte-order mark, a header of plain column names, people in readable columns, and every cell that a
spreadsheet would run as a formula — text starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return, whether from an id, a headline or a reviewer's correction — written with a
leading apostrophe so it stays text (numbers stay numbers). Every CSV the project writes goes
through ``csv_pieces``.
"""
from __future__ import annotations

import csv
import io
import re
from typing import Any, Iterable, Iterator

from encounters.core.model import Incident
from encounters.publish.export import DocumentMeta, incident_record, with_documents
from encounters.publish.rows import record_cells
from encounters.store.overlays import subjects_of

BOM = "\ufeff"
INCIDENT_COLUMNS = [
    "date", "city", "county", "state", "subjects", "subject_names", "subject_ages", "subject_outcomes", "agencies",
    "force_type", "law_enforcement", "who_used_force", "killed", "injured", "independent_sources",
    "first_report_title", "first_report_outlet", "first_report_date", "first_report_url", "review_status", "id",
    "people", "date_from", "date_to", "address", "latitude", "longitude", "shots_fired", "vehicle_involved",
    "reports", "citations", "documents", "conflicts", "timeline"]
PERSON_COLUMNS = [
    "date", "city", "county", "state", "name", "age", "role", "status", "citizen", "charged", "subject",
    "agencies", "force_type", "law_enforcement", "who_used_force", "killed", "injured", "independent_sources",
    "first_report_title", "first_report_outlet", "first_report_date", "first_report_url", "review_status", "id",
    "full_name"]
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A value a spreadsheet shows as it is: text that would start a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    head = text.lstrip(" ")
    if head.startswith(FORMULA_START) and not NUMBER.fullmatch(text.strip()):
        return "'" + text
    return text


def csv_pieces(columns: list[str], rows: Iterable[dict]) -> Iterator[str]:
    """CSV text with a BOM and a header, a piece per row; every cell through ``safe_cell``."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    buf.write(BOM)
    w.writeheader()
    yield buf.getvalue()
    for row in rows:
        buf.seek(0)
        buf.truncate()
        w.writerow({k: safe_cell(row.get(k)) for k in columns})
        yield buf.getvalue()


def iter_incident_csv(incidents: Iterable[Incident], docs: DocumentMeta | None = None) -> Iterator[str]:
    """One row per incident."""
    return csv_pieces(INCIDENT_COLUMNS, (record_cells(incident_record(inc, meta))
                                         for inc, meta in with_documents(incidents, docs)))


def person_rows(record: dict) -> Iterator[dict]:
    """One row per person of an incident record (one row with the person cells empty when it names nobody)."""
    cells = record_cells(record)
    subjects = {id(p) for p in subjects_of(record["people"])}
    if not record["people"]:
        yield cells
    for p in record["people"]:
        yield {**cells, "name": p.get("name"), "full_name": p.get("full_name"), "age": p.get("age"),
               "role": p.get("role"), "status": p.get("status"), "citizen": p.get("citizen"),
               "charged": p.get("charged"), "subject": id(p) in subjects}


def iter_person_csv(incidents: Iterable[Incident], docs: DocumentMeta | None = None) -> Iterator[str]:
    """One row per person (`export --per-person`)."""
    return csv_pieces(PERSON_COLUMNS, (row for inc, meta in with_documents(incidents, docs)
                                       for row in person_rows(incident_record(inc, meta))))


def csv_text(columns: list[str], rows: Iterable[dict]) -> str:
    return "".join(csv_pieces(columns, rows))
