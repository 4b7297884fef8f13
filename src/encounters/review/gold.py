"""A user's hand-coded incidents ("gold"), read from CSV or JSON, each bad row reported and left out.

In: a gold file — CSV with one row per incident per source (``incident``, ``document``, ``date``,
``city``, ``state``, ``killed``, ``injured``, ``names``, optional ``mention``, ``county``, ``agency``,
``agency_also``, ``force_type``, ``law_enforcement``, ``vehicle``, ``speakers``), or the hand-made JSON
form (``{"documents": [...], "incidents": [{"key", "sources", "also_mentioned_in", "date", ...}]}``,
as ../shared/eval/ice/gold_dev.json) — and, to place its documents, the stored documents' ids and
URLs. Out: a ``GoldSet`` of ``GoldIncident`` records with every document named by a stored id, the
documents the user annotated (those reporting no incident too), and a ``GoldProblem`` (row, column,
reason) for each row left out. A bad cell leaves out its whole row; the other rows are used.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Iterable

from encounters.core.errors import InputError
from encounters.core.model import FORCE_TYPES, SIDES
from encounters.extract.lexicon import AGENCIES
from encounters.extract.places import state_code

LAW_ENFORCEMENT = ("by_officer", "at_officer", "both", "none")
AGENCY_CODES = {code for code, _ in AGENCIES} | {"FPS", "ERO"}
CSV_COLUMNS = ("incident", "document", "mention", "date", "city", "county", "state", "killed", "injured", "names",
               "agency", "agency_also", "force_type", "law_enforcement", "vehicle", "speakers")
IGNORED_COLUMNS = ("note", "notes", "comment", "comments")
# incident-level values every row of an incident may restate, but not contradict
SCALARS = ("date", "state", "killed", "injured", "agency", "agency_also", "force_type", "law_enforcement", "vehicle")
MAX_BYTES = 20_000_000


@dataclass
class GoldPerson:
    name: str | None
    age: int | None = None
    status: str | None = None  # killed | injured | unharmed | unknown (JSON gold only)
    role: str | None = None


@dataclass
class GoldSpeaker:
    speaker: str
    side: str
    affiliation: str | None = None


@dataclass
class GoldRow:
    """One (incident, document) pair as the file gives it, for the table of rows and their records."""

    row: int
    incident: str | None  # None: the document reports no incident
    document: str
    mention: str = "primary"


@dataclass
class GoldIncident:
    key: str
    sources: list[str] = field(default_factory=list)  # documents that report it
    also: list[str] = field(default_factory=list)  # documents that only mention it in passing
    optional: bool = False  # only mentioned in passing: finding it is not required
    date: date | None = None
    date_range: tuple[date, date] | None = None
    month_day: str | None = None
    state: str | None = None
    cities: list[str] = field(default_factory=list)
    agencies_required: list[str] | None = None
    agencies_allowed: list[str] | None = None
    killed: int | None = None
    injured: int | None = None
    vehicle_involved: bool | None = None
    force_type: str | None = None
    law_enforcement: str | None = None
    subjects: list[GoldPerson] = field(default_factory=list)  # named people to find (names, ages)
    participants: list[GoldPerson] | None = None  # every named participant (None: not coded)
    speakers: list[GoldSpeaker] | None = None  # every speaker of its articles (None: not coded)
    accounts: list[GoldSpeaker] = field(default_factory=list)  # some speakers (recall only)
    rows: list[int] = field(default_factory=list)


@dataclass
class GoldProblem:
    row: int | str  # a CSV row number (the header is row 1), a JSON incident's position, or "file"
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" if isinstance(self.row, int) else str(self.row)
        return f"{where}, {self.column}: {self.reason}"


@dataclass
class GoldSet:
    name: str
    format: str  # csv | json
    incidents: list[GoldIncident]
    documents: list[str]  # every annotated document, in file order
    rows: list[GoldRow]
    problems: list[GoldProblem]
    rows_read: int = 0

    @property
    def rows_used(self) -> int:
        return len({r.row for r in self.rows})


class BadCell(ValueError):
    """A cell that cannot be read; ``column`` names it."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column


# ------------------------------------------------------------------ cell readers

def parse_day(column: str, raw: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise BadCell(column, f"{raw!r} is not a date (use YYYY-MM-DD)") from None


def parse_when(raw) -> tuple[date | None, tuple[date, date] | None]:
    """``YYYY-MM-DD``, a window ``YYYY-MM-DD..YYYY-MM-DD`` (or ``/``), or a month ``YYYY-MM``."""
    raw = str(raw).strip()
    if m := re.fullmatch(r"(\d{4})-(\d{2})", raw):
        try:
            lo = date(int(m[1]), int(m[2]), 1)
        except ValueError:
            raise BadCell("date", f"{raw!r} is not a month") from None
        hi = (lo.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return None, (lo, hi)
    parts = re.split(r"\s*(?:\.\.|/)\s*", raw)
    if len(parts) == 2:
        lo, hi = parse_day("date", parts[0]), parse_day("date", parts[1])
        if hi < lo:
            raise BadCell("date", f"the window {raw!r} ends before it starts")
        return None, (lo, hi)
    return parse_day("date", raw), None


def parse_count(column: str, raw) -> int | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not re.fullmatch(r"\d{1,6}", str(raw).strip()):
        raise BadCell(column, f"{raw!r} is not a count (a whole number, 0 or more; blank when unknown)")
    return int(str(raw).strip())


def parse_state(raw: str) -> str:
    token = str(raw).strip()
    code = state_code(token.upper() if len(token) == 2 else token)
    if code is None:
        raise BadCell("state", f"{raw!r} is not a US state (use the USPS code, e.g. IL, or the name)")
    return code


def parse_agencies(column: str, raw) -> list[str]:
    items = raw if isinstance(raw, list) else re.split(r"\s*[;,]\s*", str(raw))
    out = []
    for item in (str(x).strip() for x in items):
        if not item:
            continue
        code = item.upper().replace(" ", "_")
        if code not in AGENCY_CODES:
            code = next((c for c, pattern in AGENCIES if pattern.search(item)), None)
        if code is None:
            raise BadCell(column, f"unknown agency {item!r} (use codes such as {', '.join(sorted(AGENCY_CODES)[:8])}, …)")
        if code not in out:
            out.append(code)
    return out


def parse_choice(column: str, raw, choices: Iterable[str]) -> str:
    value = str(raw).strip().lower().replace("-", "_").replace(" ", "_")
    for c in choices:
        if value == c.replace("-", "_"):
            return c
    raise BadCell(column, f"{raw!r} is not one of {', '.join(choices)}")


def parse_bool(column: str, raw) -> bool:
    if isinstance(raw, bool):
        return raw
    value = str(raw).strip().lower()
    if value in ("yes", "y", "true", "1"):
        return True
    if value in ("no", "n", "false", "0"):
        return False
    raise BadCell(column, f"{raw!r} is not yes or no")


def parse_names(raw: str) -> list[GoldPerson]:
    """``Mateo Ruiz (34); Ana Lopez`` → people, an age in brackets after a name."""
    out = []
    for item in (x.strip() for x in str(raw).split(";")):
        if not item:
            continue
        m = re.fullmatch(r"(.*?)\s*\((\d{1,3})\)", item)
        name, age = (m[1].strip(), int(m[2])) if m else (item, None)
        if not re.search(r"[^\W\d_]", name):
            raise BadCell("names", f"{item!r} is not a name (write names separated by ';', an age as 'Name (34)')")
        out.append(GoldPerson(name, age))
    return out


def parse_speakers(raw: str) -> list[GoldSpeaker]:
    """``Helen Okafor=subject; DHS=official``."""
    out = []
    for item in (x.strip() for x in str(raw).split(";")):
        if not item:
            continue
        name, sep, side = item.rpartition("=")
        side = side.strip().lower()
        if not sep or not name.strip():
            raise BadCell("speakers", f"{item!r} is not Name=side")
        if side not in SIDES:
            raise BadCell("speakers", f"side {side!r} of {name.strip()!r} is not one of {', '.join(SIDES)}")
        out.append(GoldSpeaker(name.strip(), side))
    return out


def alternatives(raw) -> list[str]:
    items = raw if isinstance(raw, list) else str(raw or "").split(";")
    return [str(x).strip() for x in items if x is not None and str(x).strip()]


# ------------------------------------------------------------------ CSV

def read_csv_gold(text: str, name: str) -> GoldSet:
    problems: list[GoldProblem] = []
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the gold file is empty", source=name) from None
    except csv.Error as err:
        raise InputError(f"not a CSV file: {err}", source=name) from None
    columns = [h.strip().lower().replace(" ", "_") for h in header]
    for col in ("incident", "document"):
        if col not in columns:
            raise InputError(f"the gold CSV has no {col!r} column", source=name,
                             hint="columns: " + ", ".join(CSV_COLUMNS))
    for col in columns:
        if col and col not in CSV_COLUMNS and col not in IGNORED_COLUMNS:
            problems.append(GoldProblem("header", col, "unknown column, ignored (known: " + ", ".join(CSV_COLUMNS) + ")"))
    incidents: dict[str, GoldIncident] = {}
    given: dict[tuple[str, str], tuple] = {}  # (incident, column) → (value, as written, row)
    rows: list[GoldRow] = []
    negatives: list[GoldRow] = []
    documents: list[str] = []
    seen_pairs: set[tuple[str | None, str]] = set()
    n = 0
    row_no = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            row_no += 1
            problems.append(GoldProblem(row_no, "(row)", f"unreadable CSV: {err}"))
            continue
        row_no += 1
        if not any(c.strip() for c in cells):
            continue
        n += 1
        rec = {col: (cells[i].strip() if i < len(cells) else "") for i, col in enumerate(columns) if col}
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
            problems.append(GoldProblem(row_no, "(row)", f"{len(cells)} cells but {len(columns)} columns; "
                                        "is a comma inside a value without quotes?"))
            continue
        try:
            parsed = read_csv_row(rec)
        except BadCell as err:
            problems.append(GoldProblem(row_no, err.column, str(err)))
            continue
        key, doc = rec["incident"] or None, rec["document"]
        if (key, doc) in seen_pairs:
            problems.append(GoldProblem(row_no, "document", f"{doc!r} is given twice for "
                                        + (f"incident {key!r}" if key else "'no incident'")))
            continue
        if key is None:
            seen_pairs.add((key, doc))
            negatives.append(GoldRow(row_no, None, doc, "none"))
            continue
        clash = next(((col, raw, given[(key, col)]) for col, raw in rec.items()
                      if col in SCALARS and raw and (key, col) in given
                      and given[(key, col)][0] != scalar_of(parsed, col)), None)
        if clash:
            col, raw, (_, prev, r) = clash
            problems.append(GoldProblem(row_no, col, f"{raw!r} contradicts row {r}'s {prev!r} for incident {key!r}"))
            continue
        seen_pairs.add((key, doc))
        for col in SCALARS:
            if rec.get(col):
                given.setdefault((key, col), (scalar_of(parsed, col), rec[col], row_no))
        inc = incidents.setdefault(key, GoldIncident(key=key))
        merge_csv_row(inc, parsed, doc, row_no, has_speakers="speakers" in columns, has_names="names" in columns)
        rows.append(GoldRow(row_no, key, doc, parsed["mention"]))
        if doc not in documents:
            documents.append(doc)
    positives = {r.document: r for r in rows}
    for r in negatives:
        if r.document in positives:
            problems.append(GoldProblem(r.row, "incident", f"blank (no incident) but row {positives[r.document].row} "
                                        f"gives {r.document!r} incident {positives[r.document].incident!r}"))
            continue
        rows.append(r)
        if r.document not in documents:
            documents.append(r.document)
    for inc in incidents.values():
        inc.optional = not inc.sources
    rows.sort(key=lambda r: r.row)
    return GoldSet(name, "csv", list(incidents.values()), documents, rows, problems, rows_read=n)


def read_csv_row(rec: dict[str, str]) -> dict:
    """Every cell of one row read, or ``BadCell`` for the first that cannot be."""
    if not rec.get("document"):
        raise BadCell("document", "blank (give the document's id, file name or URL)")
    out: dict = {"mention": "primary"}
    if rec.get("mention"):
        out["mention"] = parse_choice("mention", rec["mention"], ("primary", "brief"))
    if not rec.get("incident"):
        filled = [c for c in CSV_COLUMNS if c not in ("incident", "document", "mention") and rec.get(c)]
        if filled:
            raise BadCell("incident", f"blank, yet the row gives {', '.join(filled)} (a blank incident means "
                          "'this document reports no incident')")
        return out
    if rec.get("date"):
        out["date"], out["date_range"] = parse_when(rec["date"])
    if rec.get("state"):
        out["state"] = parse_state(rec["state"])
    for col in ("killed", "injured"):
        out[col] = parse_count(col, rec.get(col, ""))
    if rec.get("agency"):
        out["agency"] = parse_agencies("agency", rec["agency"])
    if rec.get("agency_also"):
        out["agency_also"] = parse_agencies("agency_also", rec["agency_also"])
    if rec.get("force_type"):
        out["force_type"] = parse_choice("force_type", rec["force_type"], FORCE_TYPES)
    if rec.get("law_enforcement"):
        out["law_enforcement"] = parse_choice("law_enforcement", rec["law_enforcement"], LAW_ENFORCEMENT)
    if rec.get("vehicle"):
        out["vehicle"] = parse_bool("vehicle", rec["vehicle"])
    out["cities"] = alternatives(rec.get("city")) + alternatives(rec.get("county"))
    out["names"] = parse_names(rec.get("names", ""))
    out["speakers"] = parse_speakers(rec.get("speakers", ""))
    return out


def scalar_of(parsed: dict, col: str):
    """The value a row gives for an incident-level column, for comparing rows."""
    if col == "date":
        return parsed.get("date"), parsed.get("date_range")
    value = parsed.get(col)
    return tuple(sorted(value)) if isinstance(value, list) else value


def merge_csv_row(inc: GoldIncident, p: dict, doc: str, row: int, *, has_speakers: bool, has_names: bool) -> None:
    """One row's values into its incident: scalars from the first row giving them, lists joined."""
    (inc.sources if p["mention"] == "primary" else inc.also).append(doc)
    inc.rows.append(row)
    if "date" in p and inc.date is None and inc.date_range is None:
        inc.date, inc.date_range = p["date"], p["date_range"]
    for col, attr in (("state", "state"), ("killed", "killed"), ("injured", "injured"), ("force_type", "force_type"),
                      ("law_enforcement", "law_enforcement"), ("vehicle", "vehicle_involved"),
                      ("agency", "agencies_required"), ("agency_also", "agencies_allowed")):
        if p.get(col) is not None and getattr(inc, attr) is None:
            setattr(inc, attr, p[col])
    if inc.agencies_allowed is not None and inc.agencies_required is None:
        inc.agencies_required = []
    for c in p["cities"]:
        if c not in inc.cities:
            inc.cities.append(c)
    if has_names and p["mention"] == "primary":
        inc.participants = inc.participants if inc.participants is not None else []
        for person in p["names"]:
            if all(person.name.lower() != q.name.lower() for q in inc.subjects):
                inc.subjects.append(person)
                inc.participants.append(person)
    if has_speakers and p["mention"] == "primary":
        inc.speakers = inc.speakers if inc.speakers is not None else []
        for s in p["speakers"]:
            if all((s.speaker.lower(), s.side) != (x.speaker.lower(), x.side) for x in inc.speakers):
                inc.speakers.append(s)


# ------------------------------------------------------------------ JSON

def read_json_gold(text: str, name: str) -> GoldSet:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"not JSON: {err}", source=name) from None
    if isinstance(data, list):
        data = {"incidents": data}
    if not isinstance(data, dict) or not isinstance(data.get("incidents"), list):
        raise InputError("a JSON gold file is {\"documents\": [...], \"incidents\": [...]}", source=name,
                         hint="see the README, section 'Checking it on your own sample'")
    problems: list[GoldProblem] = []
    documents: list[str] = []
    for i, d in enumerate(data.get("documents") or [], 1):
        if isinstance(d, str) and d.strip():
            documents.append(d.strip())
        else:
            problems.append(GoldProblem(f"documents[{i}]", "documents", f"{d!r} is not a document id"))
    incidents, rows = [], []
    for i, g in enumerate(data["incidents"], 1):
        try:
            inc = read_json_incident(g, i)
        except BadCell as err:
            problems.append(GoldProblem(i, err.column, str(err)))
            continue
        if any(x.key == inc.key for x in incidents):
            problems.append(GoldProblem(i, "key", f"{inc.key!r} is the key of an earlier incident too"))
            continue
        incidents.append(inc)
        rows += [GoldRow(i, inc.key, d, "primary") for d in inc.sources]
        rows += [GoldRow(i, inc.key, d, "brief") for d in inc.also]
        documents += [d for d in inc.sources + inc.also if d not in documents]
    cited = {r.document for r in rows}
    rows += [GoldRow(0, None, d, "none") for d in documents if d not in cited]
    return GoldSet(name, "json", incidents, documents, rows, problems, rows_read=len(data["incidents"]))


def read_json_incident(g, position: int) -> GoldIncident:
    if not isinstance(g, dict):
        raise BadCell("(incident)", "not an object")
    key = g.get("key")
    if not isinstance(key, str) or not key.strip():
        raise BadCell("key", "missing (every incident needs a key)")
    inc = GoldIncident(key=key.strip(), rows=[position], optional=bool(g.get("optional", False)))
    for attr, col in (("sources", "sources"), ("also", "also_mentioned_in")):
        docs = g.get(col) or []
        if not isinstance(docs, list) or not all(isinstance(d, str) and d.strip() for d in docs):
            raise BadCell(col, "must be a list of document ids")
        setattr(inc, attr, [d.strip() for d in docs])
    if not inc.sources and not inc.also:
        raise BadCell("sources", "no document reports or mentions this incident")
    if g.get("date"):
        inc.date, inc.date_range = parse_when(g["date"])
    elif g.get("date_range"):
        rng = g["date_range"]
        if not (isinstance(rng, list) and len(rng) == 2 and all(isinstance(x, str) for x in rng)):
            raise BadCell("date_range", "must be [\"YYYY-MM-DD\", \"YYYY-MM-DD\"]")
        inc.date_range = (parse_day("date_range", rng[0]), parse_day("date_range", rng[1]))
    elif g.get("month_day"):
        if not re.fullmatch(r"\d{2}-\d{2}", str(g["month_day"])):
            raise BadCell("month_day", f"{g['month_day']!r} is not MM-DD")
        inc.month_day = g["month_day"]
    if g.get("state"):
        inc.state = parse_state(g["state"])
    inc.cities = alternatives(g.get("city")) + alternatives(g.get("county"))
    agencies = g.get("agencies")
    if isinstance(agencies, dict):
        inc.agencies_required = parse_agencies("agencies", agencies.get("required") or [])
        inc.agencies_allowed = parse_agencies("agencies", agencies.get("allowed") or [])
    elif isinstance(agencies, list):
        inc.agencies_required = parse_agencies("agencies", agencies)
    elif agencies is not None:
        raise BadCell("agencies", "must be {\"required\": [...], \"allowed\": [...]} or a list")
    inc.killed = parse_count("killed", g.get("killed"))
    inc.injured = parse_count("injured", g.get("injured"))
    if g.get("vehicle_involved") is not None:
        inc.vehicle_involved = parse_bool("vehicle_involved", g["vehicle_involved"])
    if g.get("force_type"):
        inc.force_type = parse_choice("force_type", g["force_type"], FORCE_TYPES)
    if g.get("law_enforcement"):
        inc.law_enforcement = parse_choice("law_enforcement", g["law_enforcement"], LAW_ENFORCEMENT)
    inc.subjects = [p for p in json_people(g.get("subjects"), "subjects") if p.name]
    if g.get("participants") is not None:
        inc.participants = json_people(g["participants"], "participants")
    if g.get("speakers") is not None:
        inc.speakers = json_speakers(g["speakers"], "speakers")
    inc.accounts = json_speakers(g.get("accounts") or [], "accounts")
    return inc


def json_people(items, column: str) -> list[GoldPerson]:
    if items is None:
        return []
    if not isinstance(items, list) or not all(isinstance(p, dict) for p in items):
        raise BadCell(column, "must be a list of {\"name\", \"age\", ...}")
    out = []
    for p in items:
        name = p.get("name")
        if name is not None and not isinstance(name, str):
            raise BadCell(column, f"name {name!r} is not text")
        age = p.get("age")
        if age is not None and (isinstance(age, bool) or not isinstance(age, int)):
            raise BadCell(column, f"age {age!r} of {name!r} is not a whole number")
        out.append(GoldPerson(name.strip() if name else None, age, p.get("status"), p.get("role")))
    return out


def json_speakers(items, column: str) -> list[GoldSpeaker]:
    if not isinstance(items, list) or not all(isinstance(s, dict) for s in items):
        raise BadCell(column, "must be a list of {\"speaker\", \"side\"}")
    out = []
    for s in items:
        if not isinstance(s.get("speaker"), str) or s.get("side") not in SIDES:
            raise BadCell(column, f"{s!r} needs a speaker and a side ({', '.join(SIDES)})")
        out.append(GoldSpeaker(s["speaker"], s["side"], s.get("affiliation")))
    return out


# ------------------------------------------------------------------ files and documents

def read_gold(path: str | Path) -> GoldSet:
    """A gold file: ``.json`` in the hand-made JSON form, anything else as CSV."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(f"over {MAX_BYTES // 1_000_000} MB", source=str(path))
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", source=str(path), hint="save the file as UTF-8 (CSV UTF-8 in a spreadsheet)") from None
    except OSError as err:
        raise InputError(f"cannot read it: {err.strerror}", source=str(path)) from None
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("{", "[")):
        return read_json_gold(text, path.name)
    return read_csv_gold(text, path.name)
