"""How close the record is to a user's hand-coded incidents: matching, figures and the worst cases.

In: a ``GoldSet`` whose documents carry stored ids (``gold.place_documents``), the records to judge in
the JSON export's form (``publish.export.incident_record``), and optionally each document's text
(so a coded name is judged only where its article names it) and a function giving the sentences a
record's value came from. Out: a JSON-ready report — detection (found, merged whole, split into
fragments, duplicates, precision, recall, B-cubed), "this article reports an incident" precision and
recall, per-field accuracy, accounts (coded speakers found with their side; the share of the
record's accounts that are right), people on records who are not coded participants, for every gold
row the record it was matched to, and the worst cases with the evidence the record used.

The matching rules (stated in the README): a record is a candidate for a gold incident when one of
its sources is one of the incident's documents; when the gold gives a date, state or place, the
record must get at least one of them right; each gold incident takes at most one record and each
record at most one gold incident, best pair first (two points per right date/state/place, one per
shared reporting document, half per shared passing mention; a tie goes to the record that reports more
of the incident's documents, then to the pair with the larger share of the gold's values right, then
to the earlier gold incident and the lower record id).
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, datetime, timezone
from typing import Callable

from encounters.review.gold import GoldIncident, GoldSet

FIELD_ORDER = ("date", "place", "state", "agencies", "force_type", "law_enforcement", "killed", "injured",
               "vehicle_involved", "names", "ages", "status")
REPORT_FORMAT = "encounters-accuracy/1"
Evidence = Callable[[str, dict], list[dict]]  # (record id, a wrong check) → the sentences it came from


# ------------------------------------------------------------------ comparing values

def fold(s: str | None) -> str:
    """Lower case without accents ("José" → "jose")."""
    s = unicodedata.normalize("NFKD", str(s or ""))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def name_words(s: str | None) -> set[str]:
    return {t for t in re.findall(r"[a-z]+", fold(s)) if len(t) > 1}


def norm_place(s: str | None) -> str:
    """"St. Paul" = "Saint Paul", "Starr County" = "Starr", "City of Chicago" = "Chicago"."""
    s = fold(s).strip()
    s = re.sub(r"\bst\.?\s", "saint ", s)
    s = re.sub(r"\b(county|city of|city)\b", "", s)
    return re.sub(r"[^a-z ]", "", re.sub(r"\s+", " ", s)).strip()


def day(s) -> date | None:
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", s) if isinstance(s, str) else None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:
        return None


def person_match(gold_name: str | None, name: str | None) -> bool:
    """The same person: one name's words are all in the other's ("Jimenez" ~ "Carlos Jimenez")."""
    g, p = name_words(gold_name), name_words(name)
    return bool(g and p) and (p <= g or g <= p)


def subject_match(gold_name: str, name: str | None) -> bool:
    """A coded name found on a record: the record's words are all in the gold name and are either all
    of it or at least two words (a lone surname does not find "Mateo Ruiz")."""
    want, got = name_words(gold_name), name_words(name)
    return bool(want and got) and got <= want and (got == want or len(got) >= 2)


def speaker_match(gold_speaker: str, account: dict) -> bool:
    """The account's speaker (with its affiliation) names the gold speaker: every word of it, or its
    last word ("McLaughlin" for "Tricia McLaughlin")."""
    g = [t for t in re.findall(r"[a-z]+", fold(gold_speaker)) if len(t) > 1]
    have = name_words(" ".join(str(account.get(k) or "") for k in ("speaker", "affiliation")))
    return bool(g) and (all(t in have for t in g) or (len(g) > 1 and g[-1] in have))


@dataclass
class Check:
    """One gold value judged on one record."""

    field: str
    right: bool
    gold: object
    record: object
    person: str | None = None  # names, ages, status: whose
    focus: list[str] | None = None  # agencies: the codes the record should not have


def shown_date(r: dict) -> str | None:
    rng = r.get("date_range") or []
    return r.get("date") or ("…".join(map(str, rng)) if len(rng) == 2 else None)


def where_when(g: GoldIncident, r: dict) -> dict[str, bool]:
    """Date, state and place, each the gold gives, right or wrong on the record."""
    out = {}
    pd, rng = day(r.get("date")), r.get("date_range") or []
    if g.date:
        out["date"] = pd == g.date
    elif g.date_range:
        lo, hi = g.date_range
        plo, phi = (day(rng[0]), day(rng[1])) if len(rng) == 2 else (pd, pd)
        out["date"] = bool(plo and phi and lo <= plo and phi <= hi) or bool(pd and lo <= pd <= hi)
    elif g.month_day:
        out["date"] = bool(pd) and pd.strftime("%m-%d") == g.month_day
    if g.state:
        out["state"] = (r.get("state") or "").upper() == g.state
    if g.cities:
        want = {norm_place(c) for c in g.cities}
        out["place"] = bool(want & ({norm_place(r.get("city")), norm_place(r.get("county"))} - {""}))
    return out


def gold_date(g: GoldIncident) -> str | None:
    if g.date:
        return g.date.isoformat()
    if g.date_range:
        return f"{g.date_range[0]}…{g.date_range[1]}"
    return f"--{g.month_day}" if g.month_day else None


def judge(g: GoldIncident, r: dict, text: str | None = None) -> list[Check]:
    """Every gold value judged on the record. With the incident's article text, a coded name is
    judged only where the text names it (every word of it)."""
    ww = where_when(g, r)
    out = [Check(k, ww[k], v, got) for k, v, got in (
        ("date", gold_date(g), shown_date(r)), ("state", g.state, r.get("state")),
        ("place", "; ".join(g.cities), ", ".join(x for x in (r.get("city"), r.get("county")) if x) or None)) if k in ww]
    for k in ("killed", "injured", "vehicle_involved", "force_type"):
        if getattr(g, k) is not None:
            out.append(Check(k, r.get(k) == getattr(g, k), getattr(g, k), r.get(k)))
    if g.agencies_required is not None:
        got = {str(a).upper() for a in r.get("agencies") or []}
        req = set(g.agencies_required)
        ok = req <= got <= req | set(g.agencies_allowed or [])
        also = [a for a in g.agencies_allowed or [] if a not in req]
        shown = ", ".join(g.agencies_required) + (f" (also allowed: {', '.join(also)})" if also else "")
        out.append(Check("agencies", ok, shown, ", ".join(r.get("agencies") or []) or None,
                         focus=sorted(got - req - set(g.agencies_allowed or [])) or None))
    if g.law_enforcement:  # "both": force by and against officers; either side named is right
        ok = {"both", "by_officer", "at_officer"} if g.law_enforcement == "both" else {g.law_enforcement}
        out.append(Check("law_enforcement", r.get("law_enforcement") in ok, g.law_enforcement, r.get("law_enforcement")))
    people = [p for p in r.get("people") or [] if isinstance(p, dict)]
    for s in g.participants or []:
        if s.name and s.status not in (None, "unknown"):
            hit = next((q for q in people if person_match(s.name, q.get("name"))), None)
            if hit is not None:
                out.append(Check("status", hit.get("status") == s.status, s.status, hit.get("status"), s.name))
    for s in g.subjects:
        want = name_words(s.name)
        if text is not None and not all(re.search(rf"\b{t}\b", text) for t in want):
            continue
        hit = next((q for q in people if subject_match(s.name, q.get("name"))), None)
        out.append(Check("names", hit is not None, s.name, hit.get("name") if hit else None, s.name))
        if hit is not None and s.age is not None:
            out.append(Check("ages", hit.get("age") == s.age, s.age, hit.get("age"), s.name))
    return out


# ------------------------------------------------------------------ records

class Record:
    """An exported incident with the sets the scorer asks about."""

    def __init__(self, data: dict) -> None:
        self.data = data
        self.id = str(data.get("id"))
        sources = [s for s in data.get("sources") or [] if isinstance(s, dict)]
        self.primary = {str(s.get("document")) for s in sources if s.get("mention", "primary") == "primary"}
        self.all = {str(s.get("document")) for s in sources}
        self.accounts = [a for a in data.get("accounts") or [] if isinstance(a, dict)]

    def summary(self) -> dict:
        d = self.data
        return {"id": self.id, "date": shown_date(d), "city": d.get("city"), "county": d.get("county"),
                "state": d.get("state"), "agencies": d.get("agencies") or [], "killed": d.get("killed"),
                "injured": d.get("injured"), "force_type": d.get("force_type"),
                "law_enforcement": d.get("law_enforcement"), "vehicle_involved": d.get("vehicle_involved"),
                "people": [p.get("name") for p in d.get("people") or [] if isinstance(p, dict) and p.get("name")],
                "documents": sorted(self.all)}


def match(gold: list[GoldIncident], records: list[Record]) -> tuple[dict[int, int], dict[int, list[dict]]]:
    """Gold incident → record, one to one (the rules in the module docstring), and for each gold
    incident the candidates refused for disagreeing on every one of date, state and place."""
    pairs, refused = [], defaultdict(list)
    for gi, g in enumerate(gold):
        src, also = set(g.sources), set(g.also)
        for ri, r in enumerate(records):
            shared = len(src & r.all) + 0.5 * len(also & r.all)
            if not shared:
                continue
            ww = where_when(g, r.data)
            if ww and not any(ww.values()):
                names = list(ww)
                wrong = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
                refused[gi].append({"record": r.id, "reason": f"shares a document but gets the {wrong} wrong"})
                continue
            agree = sum(ww.values())
            checks = judge(g, r.data)
            share = sum(c.right for c in checks) / len(checks) if checks else 0.0
            pairs.append((-(2 * agree + shared), -len(src & r.primary), -share, gi, r.id, ri))
    matched, used = {}, set()
    for *_, gi, _rid, ri in sorted(pairs):
        if gi not in matched and ri not in used:
            matched[gi] = ri
            used.add(ri)
    return matched, refused


# ------------------------------------------------------------------ the report

def ratio(right: int, total: int) -> float | None:
    return round(right / total, 3) if total else None


def evaluate(gold: GoldSet, records: list[dict], *, texts: Callable[[str], str | None] | None = None,
             evidence: Evidence | None = None, worst: int = 10, scored: dict | None = None) -> dict:
    """The accuracy report of ``records`` against ``gold`` (see the module docstring)."""
    annotated = set(gold.documents)
    for g in gold.incidents:
        annotated |= set(g.sources) | set(g.also)
    recs = sorted((Record(r) for r in records if isinstance(r, dict)), key=lambda r: r.id)
    recs = [r for r in recs if r.all & annotated]  # only records that touch the gold's documents are judged
    incidents = gold.incidents
    matched, refused = match(incidents, recs)
    used = set(matched.values())
    reporting = [ri for ri, r in enumerate(recs) if r.primary & annotated]
    unmatched = [ri for ri in reporting if ri not in used]

    duplicates = set()
    for ri in unmatched:
        for gi in matched:
            ww = where_when(incidents[gi], recs[ri].data)
            if recs[ri].primary & set(incidents[gi].sources) and (ww.get("date") or (ww.get("state") and ww.get("place"))):
                duplicates.add(ri)
                break

    # per gold incident: status, record, checks
    text_cache: dict[str, str | None] = {}

    def text_of(g: GoldIncident) -> str | None:
        if texts is None:
            return None
        parts = []
        for d in g.sources:
            if d not in text_cache:
                text_cache[d] = texts(d)
            if text_cache[d] is not None:
                parts.append(text_cache[d])
        return fold(" ".join(parts)) if parts else None

    fields: dict[str, list[bool]] = defaultdict(list)
    rows_out, per_incident = [], []
    holders = defaultdict(list)  # document → records reporting it
    for ri, r in enumerate(recs):
        for d in sorted(r.primary):
            holders[d].append(ri)
    required = [gi for gi, g in enumerate(incidents) if not g.optional]
    multi = [gi for gi in required if len(incidents[gi].sources) > 1]
    merged_whole, split = 0, 0
    for gi, g in enumerate(incidents):
        ri = matched.get(gi)
        r = recs[ri] if ri is not None else None
        checks = judge(g, r.data, text_of(g)) if r else []
        for c in checks:
            fields[c.field].append(c.right)
        fragments = sorted({recs[h].id for d in g.sources for h in holders.get(d, [])})
        if r is None:
            status = "not found"
        elif len(g.sources) > 1 and set(g.sources) <= r.all:
            status = "merged whole"
        elif len(g.sources) > 1 and len(fragments) > 1:
            status = f"split into {len(fragments)} records"
        else:
            status = "found"
        merged_whole += gi in multi and status == "merged whole"
        split += gi in multi and status.startswith("split")
        per_incident.append({
            "key": g.key, "rows": g.rows, "optional": g.optional, "status": status, "record": r.id if r else None,
            "records_reporting_it": fragments, "sources": g.sources, "also": g.also,
            "checks": [asdict(c) for c in checks], "wrong": sum(not c.right for c in checks),
            "refused": refused.get(gi, []), "gold": gold_summary(g),
            "matched": r.summary() if r else None})

    # accounts: each coded speaker found with the right side; each of the record's accounts from the
    # incident's articles judged where the gold lists every speaker
    acc = defaultdict(int)
    wrong_accounts = []
    for gi, g in enumerate(incidents):
        r = recs[matched[gi]] if gi in matched else None
        accs = r.accounts if r else []
        found = []
        for a in g.accounts + (g.speakers or []):
            acc["speakers"] += 1
            same = [x for x in accs if speaker_match(a.speaker, x)]
            ok = any(x.get("side") == a.side for x in same)
            acc["found"] += ok
            found.append({"speaker": a.speaker, "side": a.side, "found": ok,
                          "record_sides": sorted({str(x.get("side")) for x in same})})
        per_incident[gi]["speakers"] = found
        if g.speakers is None or r is None:
            continue
        for x in accs:
            if str(x.get("document")) not in g.sources:
                continue
            acc["judged"] += 1
            same = [a for a in g.speakers if speaker_match(a.speaker, x)]
            ok = any(a.side == x.get("side") for a in same)
            acc["right"] += ok
            if same:
                acc["side_judged"] += 1
                acc["side_right"] += ok
            if not ok:
                wrong_accounts.append({"incident": g.key, "record": r.id, "speaker": x.get("speaker"),
                                       "side": x.get("side"), "quote": x.get("quote"), "document": x.get("document"),
                                       "why": f"coded as {', '.join(sorted({a.side for a in same}))}" if same
                                       else "not a coded speaker"})

    # people: where the gold lists every named participant, each named person on the record is one
    people_judged, people_right, not_participants = 0, 0, []
    for gi, ri in matched.items():
        parts = incidents[gi].participants
        if parts is None:
            continue
        for q in recs[ri].data.get("people") or []:
            if isinstance(q, dict) and q.get("name"):
                people_judged += 1
                if any(person_match(s.name, q["name"]) for s in parts if s.name):
                    people_right += 1
                else:
                    not_participants.append({"incident": incidents[gi].key, "record": recs[ri].id, "name": q["name"],
                                             "role": q.get("role"), "status": q.get("status")})

    # relevance: which annotated documents report an incident
    positive = set().union(*(set(g.sources) for g in incidents if not g.optional))
    said = {d for r in recs for d in r.primary} & annotated

    # gold rows and the records they were matched to
    record_of = {g.key: per_incident[gi]["record"] for gi, g in enumerate(incidents)}
    by_id = {r.id: r for r in recs}
    for row in gold.rows:
        rec = record_of.get(row.incident) if row.incident else None
        in_record = rec is not None and row.document in by_id[rec].all
        rows_out.append({"row": row.row, "incident": row.incident, "document": row.document, "mention": row.mention,
                         "record": rec, "in_record": in_record,
                         "other_records": [recs[h].id for h in holders.get(row.document, []) if recs[h].id != rec]})

    bcubed = bcubed_scores(incidents, recs, matched)
    found_req = sum(1 for gi in required if gi in matched)
    all_checks = [x for v in fields.values() for x in v]
    report = {
        "format": REPORT_FORMAT,
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "gold": {"file": gold.name, "format": gold.format, "rows": gold.rows_read, "rows_used": gold.rows_used,
                 "rows_left_out": len({p.row for p in gold.problems if isinstance(p.row, int)}),
                 "incidents": len(required), "optional": len(incidents) - len(required),
                 "documents": len(annotated),
                 "documents_in_no_record": len(annotated - set().union(*(r.all for r in recs)))},
        "scored": {**(scored or {}), "records": len(recs)},
        "problems": [{"row": p.row, "column": p.column, "reason": p.reason} for p in gold.problems],
        "detection": {
            "gold_incidents": len(required), "found": found_req, "recall": ratio(found_req, len(required)),
            "records_reporting": len(reporting), "precision": ratio(len(reporting) - len(unmatched), len(reporting)),
            "false_positives": len(unmatched), "duplicates": len(duplicates),
            "multi_source": len(multi), "merged_whole": merged_whole, "split": split,
            "optional": len(incidents) - len(required),
            "optional_found": sum(1 for gi, g in enumerate(incidents) if g.optional and gi in matched),
            "bcubed": bcubed},
        "relevance": {"documents": len(annotated), "reporting": len(positive), "said": len(said),
                      "right": len(said & positive),
                      "precision": ratio(len(said & positive), len(said)),
                      "recall": ratio(len(said & positive), len(positive))},
        "fields": {k: {"right": sum(fields[k]), "judged": len(fields[k]), "accuracy": ratio(sum(fields[k]), len(fields[k]))}
                   for k in FIELD_ORDER if fields.get(k)},
        "fields_overall": {"right": sum(all_checks), "judged": len(all_checks),
                           "accuracy": ratio(sum(all_checks), len(all_checks))},
        "accounts": {"speakers": acc["speakers"], "found": acc["found"], "recall": ratio(acc["found"], acc["speakers"]),
                     "judged": acc["judged"], "right": acc["right"], "precision": ratio(acc["right"], acc["judged"]),
                     "side_judged": acc["side_judged"], "side_accuracy": ratio(acc["side_right"], acc["side_judged"]),
                     "wrong": wrong_accounts[:200]},
        "people": {"judged": people_judged, "participants": people_right,
                   "precision": ratio(people_right, people_judged), "not_participants": not_participants[:200]},
        "incidents": per_incident,
        "rows": rows_out,
        "extra_records": [{**recs[ri].summary(), "duplicate": ri in duplicates} for ri in unmatched][:200],
    }
    report["worst"] = worst_cases(per_incident, evidence, worst)
    report["summary"] = summary_line(report)
    return report


def gold_summary(g: GoldIncident) -> dict:
    return {"date": gold_date(g), "cities": g.cities, "state": g.state, "killed": g.killed, "injured": g.injured,
            "agencies": g.agencies_required, "force_type": g.force_type, "law_enforcement": g.law_enforcement,
            "names": [p.name for p in g.subjects]}


def bcubed_scores(incidents: list[GoldIncident], recs: list[Record], matched: dict[int, int]) -> dict:
    """B-cubed over the documents that report exactly one gold incident; a document no record reports
    counts as wrong, not as a group of its own."""
    count = defaultdict(int)
    for g in incidents:
        for d in g.sources:
            count[d] += 1
    gold_of = {d: gi for gi, g in enumerate(incidents) for d in g.sources if count[d] == 1}
    if not gold_of:
        return {"precision": None, "recall": None, "f1": None}
    pred_of = {}
    for d, gi in gold_of.items():
        holders = [ri for ri, r in enumerate(recs) if d in r.primary]
        if holders:
            pred_of[d] = matched[gi] if matched.get(gi) in holders else holders[0]
    gcl, pcl = defaultdict(set), defaultdict(set)
    for d, gi in gold_of.items():
        gcl[gi].add(d)
        if d in pred_of:
            pcl[pred_of[d]].add(d)
    n = len(gold_of)
    bp = sum(len(pcl[pred_of[d]] & gcl[gi]) / len(pcl[pred_of[d]]) for d, gi in gold_of.items() if d in pred_of) / n
    br = sum(len(pcl[pred_of[d]] & gcl[gi]) / len(gcl[gi]) for d, gi in gold_of.items() if d in pred_of) / n
    return {"precision": round(bp, 3), "recall": round(br, 3), "f1": round(2 * bp * br / (bp + br), 3) if bp + br else 0.0}


def worst_cases(per_incident: list[dict], evidence: Evidence | None, n: int) -> list[dict]:
    """Gold incidents not found, then those with the most wrong values, each wrong value with the
    sentences the record took it from."""
    cases = [x for x in per_incident if not x["optional"] and (x["record"] is None or x["wrong"])]
    cases.sort(key=lambda x: (x["record"] is not None, -x["wrong"]))
    out = []
    for x in cases[:max(0, n)]:
        wrong = []
        for c in x["checks"]:
            if c["right"]:
                continue
            ev = evidence(x["record"], c) if evidence and c["record"] is not None else []
            wrong.append({**c, "evidence": ev})
        out.append({"key": x["key"], "rows": x["rows"], "status": x["status"], "record": x["record"],
                    "gold": x["gold"], "matched": x["matched"], "wrong": wrong, "refused": x["refused"],
                    "records_reporting_it": x["records_reporting_it"]})
    return out


def summary_line(rep: dict) -> str:
    d, a, p, rel = rep["detection"], rep["accounts"], rep["people"], rep["relevance"]
    return (f"detection recall={d['recall']} precision={d['precision']} bcubed_f1={d['bcubed']['f1']} "
            f"merged={d['merged_whole']}/{d['multi_source']} split={d['split']} duplicates={d['duplicates']} "
            f"fields={rep['fields_overall']['accuracy']} accounts={a['recall']} accounts_precision={a['precision']} "
            f"people_precision={p['precision']} relevance={rel['precision']}/{rel['recall']}")
