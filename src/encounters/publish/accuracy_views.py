"""The accuracy report for people: in the terminal (rich) and as a self-contained HTML page.

In: a report of ``review.evaluate`` (a plain dict, as ``encounters evaluate --format json`` writes and
the database keeps). Out: ``console_report`` — rich renderables: the figures, a bar per field, every
gold row with the record it was matched to, the worst cases (gold against record, with the sentences
the record used) and the gold rows left out; ``html_report`` — one HTML page with inline CSS and SVG
bars, no script and no outside asset, every value escaped (Jinja2 autoescaping); ``report_context``
— what the page templates show, shared with the web app's Accuracy page.
"""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from encounters.publish.console import fmt

TEMPLATES = Path(__file__).parent / "web" / "templates"
FIELD_TITLES = {"date": "date", "place": "place (city or county)", "state": "state", "agencies": "agency",
                "force_type": "force type", "law_enforcement": "who used force", "killed": "killed",
                "injured": "injured", "vehicle_involved": "vehicle", "names": "names", "ages": "ages",
                "status": "participant outcome"}
BAR = 30  # characters of a full bar in the terminal


def share(right: int, total: int) -> str:
    return f"{right}/{total} = {right / total:.3f}" if total else "—"


def figures(rep: dict) -> list[tuple[str, str]]:
    """The headline figures as (what, value) lines."""
    d, rel, a, p = rep["detection"], rep["relevance"], rep["accounts"], rep["people"]
    fo = rep["fields_overall"]
    rows = [
        ("gold incidents found (recall)", share(d["found"], d["gold_incidents"])),
        ("records that are a gold incident (precision)",
         share(d["records_reporting"] - d["false_positives"], d["records_reporting"])),
        ("reported by several articles: merged whole", f"{d['merged_whole']}/{d['multi_source']}"),
        ("split into fragments", str(d["split"])),
        ("duplicate records", str(d["duplicates"])),
        ("B-cubed F1 (grouping articles into incidents)", fmt(d["bcubed"]["f1"])),
        ("'this article reports an incident': precision", share(rel["right"], rel["said"])),
        ("'this article reports an incident': recall", share(rel["right"], rel["reporting"])),
        ("field values right (all fields)", share(fo["right"], fo["judged"])),
        ("coded speakers found with their side", share(a["found"], a["speakers"])),
        ("the record's accounts that are right", share(a["right"], a["judged"])),
        ("named people on records who took part", share(p["participants"], p["judged"])),
    ]
    if d["optional"]:
        rows.insert(1, ("incidents only mentioned in passing, found", f"{d['optional_found']}/{d['optional']}"))
    return rows


def bars(rep: dict) -> list[dict]:
    return [{"field": k, "title": FIELD_TITLES.get(k, k), "right": v["right"], "judged": v["judged"],
             "accuracy": v["accuracy"] or 0.0, "percent": round(100 * (v["accuracy"] or 0.0), 1)}
            for k, v in rep["fields"].items()]


def heading(rep: dict) -> str:
    g, s = rep["gold"], rep["scored"]
    what = "the database" if s.get("source") == "database" else "the export"
    return (f"{what} {s.get('name', '')} against {g['file']}: {g['rows_used']} of {g['rows']} gold "
            f"{'rows' if g['format'] == 'csv' else 'incidents'} used, {g['incidents']} incidents"
            + (f" (+{g['optional']} only mentioned)" if g["optional"] else "")
            + f" in {g['documents']} documents; {s.get('records', 0)} records judged")


def row_note(r: dict) -> str:
    if r["incident"] is None:
        return ("reports no incident; the record has " + ", ".join(r["other_records"])) if r["other_records"] \
            else "reports no incident: none recorded"
    if r["record"] is None:
        return "not found" + (f"; the document is in {', '.join(r['other_records'])}" if r["other_records"] else "")
    if not r["in_record"]:
        return "this document is not among the record's sources" + (
            f" (it is in {', '.join(r['other_records'])})" if r["other_records"] else "")
    return "the document is also in " + ", ".join(r["other_records"]) if r["other_records"] else ""


def plain(value) -> Text:
    """A value as plain text: never read as rich markup (article and gold text may hold brackets)."""
    return Text(value if isinstance(value, str) else fmt(value))


def evidence_text(ev: list[dict]) -> Text:
    out = Text()
    for i, e in enumerate(ev):
        out.append(("\n" if i else "") + "“" + e["before"])
        out.append(e["hit"], style="bold underline")
        out.append(e["after"] + "” ")
        out.append(f"[{e['document']} {e['start']}:{e['end']}]", style="dim")
    return out


def console_report(rep: dict, *, rows: int = 200) -> Group:
    """The report in the terminal."""
    parts: list = [Text("Accuracy: " + heading(rep), style="bold")]  # Text: never markup
    if rep["problems"]:
        t = Table(title=f"{len(rep['problems'])} gold rows or cells left out", header_style="bold", title_style="red")
        for col in ("row", "column", "reason"):
            t.add_column(col, overflow="fold")
        for p in rep["problems"]:
            t.add_row(plain(str(p["row"])), plain(p["column"]), plain(p["reason"]))
        parts.append(t)
    t = Table(title="Figures", header_style="bold", show_header=False)
    t.add_column("what")
    t.add_column("value", justify="right")
    for what, value in figures(rep):
        t.add_row(plain(what), plain(value))
    parts.append(t)
    t = Table(title="Field accuracy on matched incidents", header_style="bold")
    for col in ("field", "right", "accuracy", ""):
        t.add_column(col)
    for b in bars(rep):
        t.add_row(plain(b["title"]), f"{b['right']}/{b['judged']}", f"{b['accuracy']:.3f}",
                  Text("█" * round(b["accuracy"] * BAR), style="green") + Text("░" * (BAR - round(b["accuracy"] * BAR)), style="dim"))
    parts.append(t)
    t = Table(title="Gold rows and the records they were matched to", header_style="bold")
    for col in ("row", "incident", "document", "record", "note"):
        t.add_column(col, overflow="fold")
    for r in rep["rows"][:rows]:
        t.add_row(plain(str(r["row"] or "")), plain(r["incident"] or "(none)"), plain(r["document"]),
                  plain(r["record"] or "—"), plain(row_note(r)))
    if len(rep["rows"]) > rows:
        t.caption = f"{len(rep['rows']) - rows} more rows in --format json or html"
    parts.append(t)
    for case in rep["worst"]:
        parts.append(case_panel(case))
    if rep["people"]["not_participants"]:
        t = Table(title="People on records who are not coded participants", header_style="bold")
        for col in ("incident", "record", "name", "role"):
            t.add_column(col, overflow="fold")
        for p in rep["people"]["not_participants"][:50]:
            t.add_row(plain(p["incident"]), plain(p["record"]), plain(p["name"]), plain(p.get("role") or ""))
        parts.append(t)
    if rep["extra_records"]:
        t = Table(title="Records the gold does not have", header_style="bold")
        for col in ("record", "date", "place", "documents", ""):
            t.add_column(col, overflow="fold")
        for r in rep["extra_records"][:50]:
            t.add_row(plain(r["id"]), plain(r["date"]), plain(", ".join(x for x in (r["city"], r["state"]) if x) or "—"),
                      plain(", ".join(r["documents"])), "duplicate of a matched incident" if r["duplicate"] else "")
        parts.append(t)
    parts.append(Text("summary: " + rep["summary"], style="dim"))
    return Group(*parts)


def case_panel(case: dict) -> Panel:
    title = f"{case['key']} (row {', '.join(map(str, case['rows']))}): {case['status']}" + (
        f" → {case['record']}" if case["record"] else "")
    if case["record"] is None:
        lines = [f"gold: {gold_line(case['gold'])}"]
        lines += [f"{x['record']}: {x['reason']}" for x in case["refused"]]
        if not case["refused"]:
            lines.append("no record cites its documents" if not case["records_reporting_it"]
                         else "its documents are in " + ", ".join(case["records_reporting_it"]) + ", matched to other gold incidents")
        return Panel(plain("\n".join(lines)), title=plain(title), title_align="left", border_style="red")
    t = Table(header_style="bold", show_lines=True, expand=True)
    for col in ("field", "gold", "record", "evidence the record used"):
        t.add_column(col, overflow="fold")
    for w in case["wrong"]:
        t.add_row(plain(FIELD_TITLES.get(w["field"], w["field"])
                        + (f" ({w['person']})" if w["person"] and w["field"] != "names" else "")),
                  plain(w["gold"]), plain(w["record"]), evidence_text(w["evidence"]) if w["evidence"] else "—")
    return Panel(t, title=plain(title), title_align="left", border_style="yellow")


def gold_line(g: dict) -> str:
    place = "; ".join(g["cities"]) or "—"
    return f"{fmt(g['date'])}, {place}, {fmt(g['state'])}; killed {fmt(g['killed'])}, injured {fmt(g['injured'])}" + (
        f"; {', '.join(g['names'])}" if g["names"] else "")


def report_context(rep: dict) -> dict:
    """What the HTML templates show (the standalone page and the web app's Accuracy page)."""
    return {"rep": rep, "heading": heading(rep), "figures": figures(rep), "bars": bars(rep),
            "row_note": row_note, "field_titles": FIELD_TITLES, "gold_line": gold_line, "show": fmt}


def html_report(rep: dict) -> str:
    """One self-contained HTML page: inline CSS, inline SVG bars, no script, nothing fetched."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True))
    return env.get_template("accuracy_report.html").render(**report_context(rep), link=False)
