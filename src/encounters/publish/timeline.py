"""What was reported when: an incident's story, source by source, in publication order.

In: an ``Incident`` (its mentions with their facts, people and accounts as stored, reviewers'
decisions on quotes and sources already laid over by the store) and the metadata of its documents
(outlet, title, publication date, URL). Out: one entry per document — the first report, then each
new source in publication order — with what it added or changed: values first given (a date, a
place, an agency), counts that went up or down, a name released, a charge filed or dropped, a
person who died of their wounds, new accounts by side, and where a later report contradicts an
earlier official account (a value the official report gave differently, or a non-official
account that disputes it, next to the official words). A document a reviewer or the copy
detection marked as a copy of another is listed as such and adds nothing. Only grounded values
count (an inferred date is no report of a date). ``timeline_lines`` renders it as text.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Mapping

from encounters.core.model import Incident, Mention, Person

FIELDS = ("date", "address", "city", "county", "state", "agencies", "killed", "injured", "shots_fired",
          "force_type", "law_enforcement", "vehicle_involved")
COUNTS = ("killed", "injured", "shots_fired")
LABELS = {"law_enforcement": "force used by", "vehicle_involved": "vehicle involved"}
# who used force, in words (the values are the shared model's INVOLVEMENTS)
WHO_USED_FORCE = {"by_officer": "law enforcement", "at_officer": "someone else, at officers", "none": "no officer"}
SIDE_WORDS = {"official": "officials", "subject": "the subject's side", "witness": "witnesses", "other": "others"}
# words with which an account disputes another ("he was not armed", "never drove at them", "the video shows")
DISPUTES = re.compile(r"\b(?:not|never|didn['’]t|did\s+not|wasn['’]t|was\s+not|weren['’]t|no\s+one|nobody|false(?:ly)?"
                      r"|lie[sd]?|lying|untrue|contrary|disputes?|disputed|contradict\w*|video\s+shows?|footage\s+shows?"
                      r"|from\s+behind|driving\s+away|running\s+away|unarmed)\b", re.I)


def show(value, field: str = "") -> str:
    if field == "law_enforcement":
        return WHO_USED_FORCE.get(value, str(value))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(show(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def words(name: str | None) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z'’-]+", name or "") if len(w) > 1}


def grounded(mentions: list[Mention], name: str):
    """The value a document grounds for a field (its primary mention's first)."""
    for m in sorted(mentions, key=lambda m: m.kind != "primary"):
        v = m.fields.get(name)
        if v is not None and not v.inferred and v.value not in (None, [], ""):
            return v.value
    return None


def person_line(p: Person) -> str:
    extra = [str(p.age.value)] if p.age and p.age.value is not None else []
    if p.status.value not in ("unknown", None):
        extra.append(p.status.value)
    return p.display_name + (f" ({', '.join(extra)})" if extra else "")


def excerpt(text: str, n: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


def content_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)}


def build_timeline(inc: Incident, docs: Mapping[str, dict]) -> list[dict]:
    """The incident's reporting, one entry per document in publication order (see the module doc)."""
    by_doc: dict[str, list[Mention]] = {}
    for m in inc.mentions:
        by_doc.setdefault(m.document_id, []).append(m)

    def published(doc: str):
        meta = docs.get(doc) or {}
        p = meta.get("published") or min((m.published for m in by_doc[doc] if m.published), default=None)
        return date.fromisoformat(p) if isinstance(p, str) else p

    order = sorted(by_doc, key=lambda d: (published(d) or date.max, d))
    copies = inc.extras.get("copies") or {}
    known: dict[str, object] = {}  # field → the value reported so far (the latest report's)
    official_values: dict[str, tuple[object, str]] = {}  # field → (value, document) from reports with an official account
    official_quotes: list[tuple[str, object]] = []  # (document, account)
    people: list[dict] = []  # {"words", "name", "charged", "status"}
    unnamed_before = False
    quotes_seen: set[str] = set()
    out = []
    for i, doc in enumerate(order):
        ms = by_doc[doc]
        meta = docs.get(doc) or {}
        entry = {"document": doc, "published": show(published(doc)) if published(doc) else None,
                 "outlet": meta.get("outlet"), "title": meta.get("title"), "url": meta.get("url"),
                 "mention": "primary" if any(m.kind == "primary" for m in ms) else "brief", "first": i == 0,
                 "copy_of": None, "changes": []}
        add = lambda kind, text, **more: entry["changes"].append({"kind": kind, "text": text, **more})  # noqa: E731
        original = (copies.get(doc) or {}).get("original")
        if original and original in by_doc and i > 0:
            entry["copy_of"] = original
            add("copy", f"a copy of {(docs.get(original) or {}).get('outlet') or original}'s report: counted once, "
                        "adds nothing")
            out.append(entry)
            continue
        # -------- values
        values = {name: grounded(ms, name) for name in FIELDS}
        if i == 0:
            facts = [f"{LABELS.get(name, name.replace('_', ' '))} {show(v, name)}" for name, v in values.items()
                     if v is not None]
            add("first", "first report" + (": " + "; ".join(facts) if facts else ""))
        else:
            for name, v in values.items():
                if v is None:
                    continue
                before = known.get(name)
                if before is None:
                    add("value_added", f"adds {LABELS.get(name, name.replace('_', ' '))}: {show(v, name)}", field=name,
                        new=show(v, name))
                elif name == "agencies":
                    new_codes = [a for a in v if a not in before]
                    if new_codes:
                        add("agency_named", f"names {', '.join(new_codes)} (earlier: {show(before)})", field=name,
                            old=show(before), new=show(v))
                elif name in COUNTS and isinstance(v, int) and isinstance(before, int) and v != before:
                    add("count_up" if v > before else "count_down",
                        f"{name.replace('_', ' ')} {'went up' if v > before else 'revised down'}: {before} → {v}",
                        field=name, old=before, new=v)
                elif v != before:
                    add("value_changed", f"gives {LABELS.get(name, name.replace('_', ' '))} {show(v, name)} "
                                         f"(earlier reports: {show(before, name)})",
                        field=name, old=show(before, name), new=show(v, name))
        # -------- people
        for p in (p for m in ms for p in m.people):
            if not p.display_name:
                unnamed_before = True
                continue
            w = words(p.display_name)
            known_p = next((k for k in people if w and (w <= k["words"] or k["words"] <= w)), None)
            if known_p is None:
                known_p = {"words": w, "name": p.display_name, "charged": "unknown", "status": "unknown"}
                people.append(known_p)
                add("name_released", ("names " if i == 0 or not unnamed_before else "name released: ") + person_line(p),
                    person=p.display_name)
            charged = p.charged.value
            if charged == "yes" and known_p["charged"] != "yes":
                add("charge_filed", f"charge filed: {known_p['name']}", person=known_p["name"])
            elif charged == "no" and known_p["charged"] == "yes":
                add("charge_dropped", f"charge dropped: {known_p['name']}", person=known_p["name"])
            if charged in ("yes", "no"):
                known_p["charged"] = charged
            status = p.status.value
            if status == "killed" and known_p["status"] == "injured":
                add("status_changed", f"{known_p['name']} died of their injuries", person=known_p["name"])
            if status in ("killed", "injured"):
                known_p["status"] = status
            age = p.age.value if p.age is not None and p.age.spans else None
            if age is not None and known_p.get("age") is not None and age != known_p["age"] and i > 0:
                add("value_changed", f"gives {known_p['name']}'s age as {age} (earlier: {known_p['age']})",
                    person=known_p["name"], field="age", old=known_p["age"], new=age)
            if age is not None:
                known_p["age"] = age
        # -------- accounts
        new_by_side: dict[str, list] = {}
        for m in ms:
            for a in m.accounts:
                if a.quote in quotes_seen:
                    continue
                quotes_seen.add(a.quote)
                new_by_side.setdefault(a.side, []).append(a)
        for side in ("official", "subject", "witness", "other"):
            items = new_by_side.get(side)
            if items:
                speakers = list(dict.fromkeys(a.speaker for a in items))
                add("new_account", f"{'account' if i == 0 else 'new account'} from {SIDE_WORDS[side]}: "
                                   f"{', '.join(speakers[:3])}{' …' if len(speakers) > 3 else ''} "
                                   f"({len(items)} quote{'s' if len(items) != 1 else ''})", side=side,
                    speakers=speakers)
        # -------- contradictions of an earlier official account
        other_sides = any(new_by_side.get(side) for side in ("subject", "witness"))
        if other_sides and (official_quotes or official_values):
            for name, v in values.items():
                if name in official_values and v is not None and name not in ("agencies", "address") \
                        and official_values[name][1] != doc and v != official_values[name][0]:
                    ov, od = official_values[name]
                    add("contradiction", f"{name.replace('_', ' ')} {show(v)} contradicts the earlier official account "
                                         f"({(docs.get(od) or {}).get('outlet') or od}: {show(ov)})",
                        field=name, old=show(ov), new=show(v))
            candidates = [a for side in ("subject", "witness") for a in new_by_side.get(side, []) if DISPUTES.search(a.quote)]
            disputing = max(candidates, key=lambda a: (len(DISPUTES.findall(a.quote)), a.mode == "quote"), default=None)
            if disputing is not None and official_quotes:
                theirs = content_words(disputing.quote)
                # the official account itself: a direct quote before reported speech, then the one nearest in words
                od, oa = max(official_quotes, key=lambda q: (q[1].mode == "quote", len(content_words(q[1].quote) & theirs),
                                                             -official_quotes.index(q)))
                add("contradiction", f"{disputing.speaker} ({SIDE_WORDS[disputing.side]}): “{excerpt(disputing.quote)}” "
                                     f"— against the earlier official account, {oa.speaker} "
                                     f"({(docs.get(od) or {}).get('outlet') or od}): “{excerpt(oa.quote)}”",
                    quote=disputing.quote, official_quote=oa.quote, official_document=od)
        # -------- what is known after this report
        for name, v in values.items():
            if v is not None:
                known[name] = v if name != "agencies" else list(dict.fromkeys(list(known.get(name) or []) + list(v)))
        if new_by_side.get("official"):
            official_quotes.extend((doc, a) for a in new_by_side["official"] if a.side == "official")
            for name, v in values.items():
                if v is not None and name not in official_values:
                    official_values[name] = (v, doc)
        if not entry["changes"]:
            add("nothing_new", "mentions it in passing, adding nothing new" if entry["mention"] == "brief"
                else "repeats what was reported, adding nothing new")
        out.append(entry)
    return out


def timeline_lines(timeline: list[dict]) -> list[str]:
    """The timeline as lines of text: a line per report, an indented line per change."""
    lines = []
    for e in timeline:
        head = f"{e['published'] or 'undated'}  {e['outlet'] or e['document']}"
        if e.get("title"):
            head += f" — “{e['title']}”"
        if e["first"]:
            head += "  [first report]"
        lines.append(head)
        for c in e["changes"]:
            lines.append(f"    · {c['text']}")
    return lines


def timeline_text(timeline: list[dict]) -> str:
    """One line per report, for a spreadsheet cell: "2025-10-31 Lakeshore Ledger: first report …; … | …"."""
    return " | ".join(f"{e['published'] or 'undated'} {e['outlet'] or e['document']}: "
                      + "; ".join(c["text"] for c in e["changes"]) for e in timeline)
