"""Terminal views of the record, drawn with rich.

In: incident rows and ``Incident`` records from the store, and the stored document texts. Out:
rich renderables — the incident table (the tracker row of ``publish.rows``), and one incident's page: each field with its values per
source (disagreements marked), each value's evidence sentence on request, the people, and the
accounts grouped by side in columns (official | subject's side | witnesses | other).
"""
from __future__ import annotations

from datetime import date
from typing import Callable

from rich.columns import Columns
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from encounters.core.model import SIDES, Incident
from encounters.publish.export import sentence_parts
from encounters.publish.rows import LIST_HEADINGS, WHO_USED_FORCE, list_row

SIDE_TITLES = {"official": "Official", "subject": "Subject's side", "witness": "Witnesses", "other": "Other"}


def fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(fmt(v) for v in value) or "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def incident_table(rows: list[dict], *, title: str = "") -> Table:
    """The tracker row of each incident (``publish.rows``), in a terminal table."""
    n = len(rows)
    table = Table(title=f"{n} incident{'s' if n != 1 else ''}" + (f" ({title})" if title else ""), show_lines=False,
                  header_style="bold")
    for key, heading in LIST_HEADINGS:
        table.add_column(heading, overflow="fold", no_wrap=key in ("date", "id"))
    for r in rows:
        shown = list_row(r)
        table.add_row(*(shown[key] for key, _ in LIST_HEADINGS))
    return table


LIST_CSV_COLUMNS = ["date", "place", "subjects", "agencies", "force_type", "who_used_force", "killed", "injured",
                    "independent_sources", "reports", "first_report_title", "first_report_outlet",
                    "first_report_date", "first_report_url", "review_status", "id"]


def list_csv_row(r: dict) -> dict:
    """An incidents row as the cells of `encounters incidents --format csv`."""
    shown = list_row(r)
    return {"date": shown["date"], "place": shown["place"] if shown["place"] != "—" else "", "subjects": r.get("subjects"),
            "agencies": (r.get("agencies") or "").replace(",", "; "), "force_type": r.get("force_type"),
            "who_used_force": WHO_USED_FORCE.get(r.get("law_enforcement") or "", ""), "killed": r.get("killed"),
            "injured": r.get("injured"), "independent_sources": r.get("sources"), "reports": r.get("reports"),
            "first_report_title": r.get("first_title"), "first_report_outlet": r.get("first_outlet"),
            "first_report_date": fmt(r.get("first_published")) if r.get("first_published") else None,
            "first_report_url": r.get("first_url"), "review_status": r.get("review_status"), "id": r["id"]}


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) holding ``start:end``, for showing a value's evidence."""
    return "".join(sentence_parts(text, start, end)).strip()


def history_table(rows: list[dict]) -> Table:
    """The audit history of an incident, newest first."""
    table = Table(title=f"{len(rows)} changes", header_style="bold")
    for col in ("when", "who", "action", "field", "old", "new", "reason"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(fmt(r["created_at"])[:19], r["author"], r["action"], r["field"] or "", fmt(r["old"]),
                      fmt(r["new"]), r["reason"])
    return table


def incident_view(inc: Incident, texts: Callable[[str], str], *, evidence: bool = False,
                  reasons: dict[str, dict] | None = None, decisions: list[dict] = ()) -> Group:
    """One incident: fields per source, people, accounts side by side."""
    by_key = {m.key: m for m in inc.mentions}
    fields = Table(title=f"Incident {inc.id}", header_style="bold", show_lines=evidence)
    fields.add_column("field")
    fields.add_column("shown")
    fields.add_column("values by source", overflow="fold")
    for name, view in inc.fields.items():
        if name in ("latitude", "longitude"):
            continue
        parts = []
        for sv in view.values:
            docs = sorted({by_key[k].document_id for k in sv.sources if k in by_key})
            line = f"{fmt(sv.value)}{' (inferred)' if sv.inferred else ''} ← {', '.join(docs)}"
            if evidence and not sv.inferred:
                for k in sv.sources[:2]:
                    m = by_key.get(k)
                    v = m.fields.get(name) if m else None
                    if v and v.spans:
                        s = v.spans[0]
                        line += f"\n   “{sentence_around(texts(m.document_id), s.start, s.end)}” [{m.document_id} {s.start}:{s.end}]"
            if reasons is not None:  # --why: the rule that decided each source's value, and what it passed over
                for k in sv.sources[:3]:
                    m = by_key.get(k)
                    v = m.fields.get(name) if m else None
                    if v is None:
                        continue
                    line += f"\n   rule {v.rule} ({m.document_id})"
                    for c in v.passed_over[:6]:
                        where = f" {c['span'][0]}:{c['span'][1]}" if c.get("span") else ""
                        line += f"\n     passed over {fmt(c['value'])} ({c['rule']}{where}): {c['why']}"
            parts.append(line)
        if reasons is not None:
            parts.append(f"policy: {view.policy}")
        shown = Text(fmt(view.chosen), style="bold red" if view.conflict else "")
        fields.add_row(name + (" ⚠" if view.conflict else ""), shown, Text("\n".join(parts)))  # article text is not markup
    people = Table(title="People", header_style="bold")
    for col in ("name", "age", "role", "status", "citizen", "charged", "conflicts"):
        people.add_column(col)
    for p in inc.people:
        people.add_row(p["name"], fmt(p.get("age")), p.get("role", "—"), p.get("status", "—"), p.get("citizen", "—"),
                       p.get("charged", "—"), ", ".join(p.get("conflicts", [])))
    sources = Table(title="Sources", header_style="bold")
    for col in ("document", "mention", "published", "why joined"):
        sources.add_column(col, overflow="fold")
    for m in inc.mentions:
        why = ""
        if reasons is not None:
            r = reasons.get(m.key, {})
            why = f"score {r.get('score')}: " + "; ".join(r.get("reasons") or [])
        sources.add_row(m.document_id + (f" (copy of {m.copy_of})" if m.copy_of else ""), m.kind, fmt(m.published), why)
    panels = []
    for side in SIDES:
        items = [(m.document_id, a) for m, a in inc.distinct_statements("accounts") if a.side == side]
        if not items:
            continue
        body = Group(*[Text.assemble((f"{a.speaker}", "bold"), (f" ({a.affiliation})" if a.affiliation and a.affiliation != a.speaker else "", "dim"),
                                     f"\n“{a.quote}”\n", (f"[{doc}]", "dim")) for doc, a in items])
        panels.append(Panel(body, title=SIDE_TITLES[side], width=48))
    claims = [(m.document_id, c) for m in inc.mentions for c in m.claims]
    parts = [fields, sources, people]
    if panels:
        parts.append(Text("Accounts", style="bold"))
        parts.append(Columns(panels, equal=True))
    if decisions:
        dt = Table(title="Decisions", header_style="bold")
        for col in ("#", "when", "who", "action", "incidents", "sources moved", "reason"):
            dt.add_column(col, overflow="fold")
        for d in decisions:
            dt.add_row(str(d["id"]), fmt(d["created_at"])[:19], d["author"], d["action"],
                       f"{d['incident_id']} ← {d['other_id']}" if d["action"] == "merge" else f"{d['other_id']} → {d['incident_id']}",
                       ", ".join(k.rsplit("#", 1)[0] for k in d["mention_keys"]), d["reason"])
        parts.append(dt)
    if claims:
        ct = Table(title="Claims (asserted by a speaker, not facts)", header_style="bold")
        ct.add_column("speaker")
        ct.add_column("claim", overflow="fold")
        ct.add_column("document")
        for doc, c in claims:
            ct.add_row(c.speaker, c.quote, doc)
        parts.append(ct)
    return Group(*parts)
