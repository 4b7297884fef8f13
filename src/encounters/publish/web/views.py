"""View models for the web app and the JSON API: what an incident page and a source page show.

In: an open ``Store`` and an incident or document id. Out: plain dicts (JSON-ready) — an incident
with each field's displayed value, every source's value with its evidence span and sentence, the
reviewer's standing decision, the accounts grouped by side (official | subject's side | witness,
then other), claims, sources with why they were joined (copies and detached documents marked),
the people with the keys reviewers' forms send, the reporting timeline, a "cite this record" line,
decisions and the audit history; a
document cut into segments, each either plain text or covered by extracted spans. Text stays
text: templates escape it, nothing here builds HTML.
"""
from __future__ import annotations

from encounters.core.model import FIELDS, Incident
from encounters.publish.citations import cite_line
from encounters.publish.console import fmt as show
from encounters.publish.export import incident_record, iso, sentence_parts
from encounters.store import Store
from encounters.store.overlays import quote_hash

REF_LENGTH = 10  # the quote references reviewers see (as ``review.accounts`` reads them)
FOLD_PEOPLE = 6  # people listed before the rest fold away
FOLD_ACCOUNTS = 4  # accounts per side before the rest fold away

FIELD_ORDER = FIELDS
SIDE_COLUMNS = (("official", "Officials"), ("subject", "Subject's side"), ("witness", "Witnesses"))
SIDE_NAMES = dict(SIDE_COLUMNS) | {"other": "Others"}


def incident_view(store: Store, incident_id: str, *, base_url: str | None = None) -> dict:
    """Everything the incident page and ``GET /api/incidents/{id}`` show."""
    inc = store.incident(store.canonical_id(incident_id))
    docs = {d: store.document(d) for d in inc.documents}
    by_key = {m.key: m for m in inc.mentions}
    meta = store.document_meta(inc.documents)
    record = incident_record(inc, meta)
    fields = []
    for name in FIELD_ORDER:
        view = inc.fields.get(name)
        if view is None:
            fields.append({"name": name, "shown": "—", "chosen": None, "policy": "no source", "conflict": False,
                           "review": None, "values": []})
            continue
        values = []
        for sv in view.values:
            sources = []
            for key in sv.sources:
                m = by_key.get(key)
                if m is None:
                    continue
                doc = docs[m.document_id]
                v = m.fields.get(name)
                spans = [s.to_list() for s in (v.spans if v else ())]
                before, hit, after = sentence_parts(doc.text, *spans[0], limit=200) if spans else ("", "", "")
                sources.append({"document": m.document_id, "outlet": doc.outlet, "mention": m.kind,
                                "spans": spans, "rule": v.rule if v else "", "before": before, "hit": hit,
                                "after": after,
                                "passed_over": [{"value": show(c.get("value")), "rule": c.get("rule"), "why": c.get("why"),
                                                 "span": c.get("span")} for c in (v.passed_over if v else ())]})
            values.append({"value": iso(sv.value), "shown": show(sv.value), "inferred": sv.inferred,
                           "sources": sources})
        fields.append({"name": name, "shown": show(view.chosen), "chosen": iso(view.chosen),
                       "policy": view.policy, "conflict": view.conflict, "review": view.review, "values": values})
    accounts = {side: [] for side in SIDE_NAMES}
    seen = set()
    for m in inc.mentions:
        doc = docs[m.document_id]
        for a in m.accounts:
            k = (a.quote, a.speaker)
            if k in seen:
                continue
            seen.add(k)
            accounts.setdefault(a.side, []).append({
                "speaker": a.speaker, "affiliation": a.affiliation, "side": a.side, "quote": a.quote,
                "mode": a.mode, "document": m.document_id, "outlet": doc.outlet, "start": a.span.start,
                "end": a.span.end, "ref": quote_hash(a.quote)[:REF_LENGTH], "review": review_of(a)})
    claims = [{"speaker": c.speaker, "affiliation": c.affiliation, "side": c.side, "quote": c.quote,
               "document": m.document_id, "start": c.span.start, "end": c.span.end,
               "ref": quote_hash(c.quote)[:REF_LENGTH], "review": review_of(c)}
              for m in inc.mentions for c in m.claims]
    detached_quotes = [{"ref": digest[:REF_LENGTH], "document": doc_id, "quote": d["value"].get("quote"),
                        "speaker": d["value"].get("speaker"), "start": d["start"], "end": d["end"],
                        "decision": d["decisions"][-1]}
                       for (doc_id, digest), ds in store.standing_quotes_for(inc.documents).items()
                       for d in ds if d["detached"]]
    reasons = store.match_reasons(inc.id)
    copies = inc.extras.get("copies") or {}
    sources = []
    for m in inc.mentions:
        doc = docs[m.document_id]
        r = reasons.get(m.key, {})
        sources.append({"document": m.document_id, "title": doc.title, "outlet": doc.outlet,
                        "published": iso(doc.published), "url": doc.url, "mention": m.kind,
                        "sponsored": doc.sponsored, "opinion": doc.opinion, "score": r.get("score"),
                        "reasons": r.get("reasons", []), "start": m.span.start, "end": m.span.end,
                        "copy_of": copies.get(m.document_id) or (
                            {"original": m.copy_of, "by": "copy detection"} if m.copy_of else None)})
    detached_meta = store.document_meta([d["document"] for d in inc.extras.get("detached") or []])
    detached = [{**d, "title": (detached_meta.get(d["document"]) or {}).get("title"),
                 "outlet": (detached_meta.get(d["document"]) or {}).get("outlet")}
                for d in inc.extras.get("detached") or []]
    url = f"{base_url.rstrip('/')}/incidents/{inc.id}" if base_url else None
    return {
        "id": inc.id, "version": inc.version, "review_status": inc.review_status,
        "title": title_of(inc), "record": record, "fields": fields, "people": record["people"],
        "people_set_aside": record["people_set_aside"], "accounts": accounts, "claims": claims,
        "detached_quotes": detached_quotes, "sources": sources, "detached_sources": detached,
        "independent_sources": record["independent_sources"], "timeline": record["timeline"],
        "first_report": record["first_report"], "cite": cite_line(record, url=url),
        "decisions": iso(store.decisions(inc.id)), "history": iso(store.history(inc.id)),
        "holds": iso(store.holds(inc.id)),
        "incident_review": store.standing_reviews(inc.id).get("incident"),
        "fold": {"people": FOLD_PEOPLE, "accounts": FOLD_ACCOUNTS},
    }


def review_of(quote) -> dict | None:
    """The reviewers' standing decisions on a quote, and what it was before, for showing."""
    if not quote.review:
        return None
    r = quote.review
    last = r["decisions"][-1]
    return {"decisions": r["decisions"], "author": last["author"], "reason": last["reason"], "action": last["action"],
            "was": {"speaker": r.get("speaker"), "affiliation": r.get("affiliation"), "side": r.get("side"),
                    "kind": r.get("kind")}}


def title_of(inc: Incident) -> str:
    v = inc.value
    place = ", ".join(x for x in (v("city"), v("state")) if x) or "place unknown"
    when = iso(v("date")) or "date unknown"
    return f"{when} — {place}"


def document_view(store: Store, doc_id: str, highlight: tuple[int, int] | None = None) -> dict:
    """A stored document cut into segments at every span boundary; each segment lists the spans
    covering it, so the page can mark them without ever treating the text as HTML."""
    doc = store.document(doc_id)
    spans = store.document_spans(doc.id)
    text = doc.text
    cuts = {0, len(text)}
    for s in spans:
        cuts.update((max(0, min(s["start"], len(text))), max(0, min(s["end"], len(text)))))
    if highlight:
        cuts.update(max(0, min(x, len(text))) for x in highlight)
    points = sorted(cuts)
    segments = []
    live = [s for s in spans if s["start"] < s["end"]]
    for lo, hi in zip(points, points[1:]):
        covering = [s for s in live if s["start"] <= lo and s["end"] >= hi]
        segments.append({
            "start": lo, "end": hi, "text": text[lo:hi],
            "labels": sorted({f"{s['label']} = {show(s['value'])}" if s["kind"] in ("field", "person") else s["label"]
                              for s in covering}),
            "kinds": sorted({s["kind"] for s in covering}),
            "classes": " ".join(f"k-{k}" for k in sorted({s["kind"] for s in covering})),
            "current": bool(highlight and highlight[0] <= lo and hi <= highlight[1] and highlight[0] < highlight[1]),
        })
    return {"id": doc.id, "title": doc.title, "outlet": doc.outlet, "published": iso(doc.published),
            "url": doc.url, "sponsored": doc.sponsored, "opinion": doc.opinion, "notes": doc.notes, "text": text,
            "spans": spans,
            "segments": segments, "incidents": sorted({s["incident_id"] for s in spans if s["incident_id"]})}
