"""Running ``encounters evaluate``: a database, or a JSON export file, scored against a user's gold.

In: the path of a gold file (CSV or JSON, read by ``review.gold``) and an open ``Store`` or the path
of an export written by ``encounters export --format json``. Out: the accuracy report of
``review.evaluate`` — with a database, each coded name is judged only where its article names it,
every worst case carries the sentences the record took its wrong values from, and the report is kept
in the database for the web app's Accuracy page. An export file has no article text, so neither is
possible there; a gold document it cannot place is kept as written (counted as not found).
"""
from __future__ import annotations

import json
from pathlib import Path

from encounters.core.errors import InputError
from encounters.core.model import Document, Incident
from encounters.extract.lexicon import AGENCIES
from encounters.publish.export import incident_record, sentence_parts
from encounters.review.evaluate import evaluate, person_match
from encounters.review.gold import GoldSet, read_gold
from encounters.review.gold_documents import DocumentIndex, place_documents
from encounters.store import Store

FIELD_PARTS = {"place": ("city", "county"), "date": ("date", "date_range")}
PERSON_PARTS = {"names": "name", "ages": "age", "status": "status"}
EVIDENCE_LIMIT = 240  # characters of context either side of a span


def usable(gold: GoldSet) -> GoldSet:
    """The gold, or ``InputError`` when not one of its rows can be used."""
    if not gold.rows:
        first = "; ".join(str(p) for p in gold.problems[:3])
        raise InputError("no usable gold rows" + (f" ({first})" if first else ""), source=gold.name,
                         hint="see the README, section 'Checking it on your own sample', for the columns")
    return gold


def evaluate_store(store: Store, gold_path: str | Path, *, worst: int = 10, save: bool = True,
                   author: str = "unknown") -> dict:
    """The database's incidents scored against the gold file (and the report saved when ``save``)."""
    gold = read_gold(gold_path)
    docs = store.documents()
    index = DocumentIndex((d["id"] for d in docs), {d["id"]: d["url"] for d in docs})
    gold = usable(place_documents(gold, index, strict=True))
    wanted = set(gold.documents).union(*(set(g.sources) | set(g.also) for g in gold.incidents))
    incidents = {i: store.incident(i) for i in store.incidents_citing(wanted)}
    cache: dict[str, Document] = {}

    def doc(doc_id: str) -> Document:
        if doc_id not in cache:
            cache[doc_id] = store.document(doc_id)
        return cache[doc_id]

    def text_of(doc_id: str) -> str:  # the title too: a name may stand only in the headline
        return (doc(doc_id).title or "") + "\n" + doc(doc_id).text

    def body_of(doc_id: str) -> str:  # the stored text, which the spans point into
        return doc(doc_id).text

    report = evaluate(gold, [incident_record(inc) for inc in incidents.values()], texts=text_of,
                      evidence=evidence_reader(incidents, body_of), worst=worst,
                      scored={"source": "database", "name": store.engine.url.render_as_string(hide_password=True)})
    if save:
        report["saved_as"] = store.save_accuracy_report(report, gold=gold.name, author=author)
    return report


def evaluate_export_file(export_path: str | Path, gold_path: str | Path, *, worst: int = 10) -> dict:
    """The incidents of a JSON export file scored against the gold file."""
    path = Path(export_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"cannot read the export: {err}", source=str(path),
                         hint="write one with `encounters export --format json -o FILE`") from None
    records = data.get("incidents") if isinstance(data, dict) else data
    if not isinstance(records, list) or not all(isinstance(r, dict) and "sources" in r for r in records):
        raise InputError("not an encounters JSON export ({\"incidents\": [{\"id\", \"sources\", ...}]})", source=str(path),
                         hint="write one with `encounters export --format json -o FILE`")
    ids = {str(s.get("document")) for r in records for s in r.get("sources") or [] if isinstance(s, dict)}
    gold = usable(place_documents(read_gold(gold_path), DocumentIndex(ids), strict=False))
    return evaluate(gold, records, worst=worst, scored={"source": "export", "name": path.name})


def evidence_reader(incidents: dict[str, Incident], text_of):
    """``evidence(record id, check)`` → the sentences the record's value of a wrong check came from:
    ``[{"document", "start", "end", "before", "hit", "after"}]``, at most three. For agencies, the
    words naming an agency the record should not have; for a person's age or outcome, that person's."""

    def evidence(record_id: str, check: dict) -> list[dict]:
        inc = incidents.get(record_id)
        if inc is None:
            return []
        field, person = check["field"], check.get("person")
        found = []
        if field in PERSON_PARTS:
            for m in inc.mentions:
                for p in m.people:
                    if person and p.name and person_match(person, p.name.value):
                        v = p.attributes().get(PERSON_PARTS[field])
                        if v is not None and v.spans:
                            found.append((m.document_id, v.spans[0]))
        else:
            by_key = {m.key: m for m in inc.mentions}
            for name in FIELD_PARTS.get(field, (field,)):
                view = inc.fields.get(name)
                values = view.values if view else []
                # the displayed value's sources; all of them when it was put together (agencies)
                for sv in [sv for sv in values if sv.value == view.chosen] or values:
                    for key in sv.sources:
                        v = by_key[key].fields.get(name) if key in by_key else None
                        if v is not None:
                            found += [(by_key[key].document_id, s) for s in v.spans]
        if field == "agencies" and check.get("focus"):
            patterns = [p for code, p in AGENCIES if code in check["focus"]]
            found = [(d, s) for d, s in found if any(p.search(text_of(d)[s.start:s.end]) for p in patterns)]
        out, seen = [], set()
        for doc_id, span in found:
            if (doc_id, span) in seen or len(out) == 3:
                continue
            seen.add((doc_id, span))
            before, hit, after = sentence_parts(text_of(doc_id), span.start, span.end, limit=EVIDENCE_LIMIT)
            out.append({"document": doc_id, "start": span.start, "end": span.end, "before": before.lstrip(),
                        "hit": hit, "after": after.rstrip()})
        return out

    return evidence
