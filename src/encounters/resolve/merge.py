"""Field values across sources: every value kept with its sources, one displayed by policy.

In: the mentions of one incident. Out: the incident's ``FieldView`` per field (every distinct
value with the mentions that gave it, the displayed value and the policy that chose it) and its
people merged across sources. Policies:

- grounded values (read from a span) always beat inferred ones;
- ``date``/``state``/``city``/…: the value most sources give; a tie goes to primary reports over
  brief mentions, then to the earliest-published source;
- ``killed``/``injured``: the value most sources give, a tie going to the lower count (ACLED's
  conservative rule) — disagreements stay visible. That holds for inferred counts too: "one injured"
  read from an early report of someone shot and taken to hospital loses to a later report's 0
  injured, which is usually a report of that person's death (tried the other way: gvc and gva lost);
- ``agencies``: those named by at least half of the sources (the union when one or two report it),
  in order of first appearance;
- ``vehicle_involved``: true when any source grounds it.
Official and non-official sources never overwrite each other: all values stay in ``values``. A
document and its copies (``Mention.origin``) count as one source wherever sources are counted.
"""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from typing import Any, Callable

from encounters.core.model import FIELDS, FieldView, Incident, Mention, SourcedValue

CONSERVATIVE = {"killed", "injured", "shots_fired"}


def hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def merge_field(name: str, mentions: list[Mention], allowed: Callable[[Any], bool] | None = None) -> FieldView | None:
    """The field's view across ``mentions``; ``allowed``, when given, says which values may be displayed
    (the others stay in ``values``; none allowed: nothing displayed)."""
    groups: dict[Any, SourcedValue] = {}
    for m in mentions:
        v = m.fields.get(name)
        if v is None or v.value is None:
            continue
        key = (hashable(v.value), v.inferred)
        sv = groups.get(key)
        if sv is None:
            groups[key] = sv = SourcedValue(v.value, [], v.inferred)
        sv.sources.append(m.key)
    if not groups:
        return None
    values = list(groups.values())
    grounded = [v for v in values if not v.inferred] or values
    by_key = {m.key: m for m in mentions}

    def weight(sv: SourcedValue) -> tuple:
        # a document and its copies are one source: they agree because they are one text
        independent = len({by_key[k].origin for k in sv.sources})
        primaries = len({by_key[k].origin for k in sv.sources if by_key[k].kind == "primary"})
        earliest = min((by_key[k].published or date.max) for k in sv.sources)
        tie = -sv.value if name in CONSERVATIVE and isinstance(sv.value, (int, float)) else 0
        return (independent, primaries, tie, -earliest.toordinal())

    if name == "agencies":
        # an agency most reports of the incident name; one named in passing by a few of many
        # sources (a National Guard deployment, the FBI reviewing) stays in ``values`` only
        named_by: dict[str, set[str]] = {}
        for sv in grounded:
            for code in sv.value:
                named_by.setdefault(code, set()).update(by_key[k].origin for k in sv.sources)
        reporting = {by_key[k].origin for sv in grounded for k in sv.sources}
        need = max(1, -(-len(reporting) // 2))
        chosen = [code for code, who in named_by.items() if len(who) >= need]
        policy = "union of sources" if need == 1 else "named by at least half of the sources"
        return FieldView(name, values, chosen, policy)
    if name == "vehicle_involved":
        chosen = any(sv.value for sv in values if not sv.inferred) or (False if values else None)
        return FieldView(name, values, chosen, "true when any source grounds it")
    policy = "most sources; ties to the lower count" if name in CONSERVATIVE else "most sources; ties to primary, then earliest"
    if allowed is not None:
        fitting = [v for v in grounded if allowed(v.value)]
        if not fitting:
            return FieldView(name, values, None, "no value agrees with the incident's state")
        if len(fitting) < len(grounded):
            policy = "most sources among values that agree with the incident's state"
        grounded = fitting
    chosen = max(grounded, key=weight).value
    if len(grounded) == 1 and grounded[0].inferred:
        policy = "inferred: " + (by_key[grounded[0].sources[0]].fields[name].rule or "rule")
    return FieldView(name, values, chosen, policy)


SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
PARTICLES = {"de", "del", "della", "la", "le", "van", "von", "da", "di", "du", "st.", "st", "bin", "al", "el", "dos"}


def common_name(full: str) -> str:
    """First name and surname, as records of incidents list people ("Allen Shearer Ramsey Jr." →
    "Allen Ramsey"); surname particles stay ("Maria de la Cruz")."""
    parts = full.split()
    while len(parts) > 2 and parts[-1].lower().strip(",") in SUFFIXES:
        parts.pop()
    if len(parts) <= 2:
        return " ".join(parts)
    i = len(parts) - 1
    while i > 1 and parts[i - 1].lower() in PARTICLES:
        i -= 1
    return " ".join([parts[0]] + parts[i:])


def merge_people(mentions: list[Mention]) -> list[dict]:
    """People across sources, joined on name (a surname joins the full name); each attribute
    keeps every source's value. ``name`` is first name and surname, ``full_name`` the longest form
    a source gives."""
    merged: list[dict] = []

    def tokens(name: str | None) -> set[str]:
        return {w.lower() for w in re.findall(r"[A-Za-z'-]+", name or "") if len(w) > 1}

    for m in mentions:
        for p in m.people:
            if not p.display_name:
                continue
            t = tokens(p.display_name)
            target = next((x for x in merged if t and (t <= x["_tokens"] or x["_tokens"] <= t)), None)
            if target is None:
                target = {"name": p.display_name, "_tokens": t, "values": defaultdict(dict)}
                merged.append(target)
            elif len(p.display_name) > len(target["name"]):
                target["name"] = p.display_name
                target["_tokens"] = t
            for attr in ("age", "role", "status", "citizen", "charged", "gender"):
                v = getattr(p, attr)
                if v is None or v.value in (None, "unknown"):
                    continue
                target["values"][attr].setdefault(str(v.value), []).append(m.key)
    out = []
    rank = {"killed": 3, "injured": 2, "unharmed": 1}
    for x in merged:
        person = {"name": common_name(x["name"]), "full_name": x["name"], "sources": {}}
        for attr, vals in x["values"].items():
            person["sources"][attr] = vals
            best = max(vals.items(), key=lambda kv: (len(kv[1]), rank.get(kv[0], 0)))[0]
            if attr == "status":
                best = max(vals, key=lambda s: rank.get(s, 0))
            person[attr] = int(best) if attr == "age" else best
        for attr in ("age", "role", "status", "citizen", "charged"):
            person.setdefault(attr, None if attr == "age" else "unknown")
        person["conflicts"] = sorted(a for a, vals in x["values"].items() if len(vals) > 1)
        out.append(person)
    return out


PLACED_IN_STATE = ("city", "county")  # fields whose value is a place inside the incident's state


def agrees_with_state(name: str, mentions: list[Mention], state: FieldView | None) -> Callable[[Any], bool] | None:
    """For a city or county: whether a value agrees with the incident's chosen state — a source that
    gives it gives that state too, or no source that gives it reads a state from its text. Each source's own city,
    county and state were checked against the gazetteer when it was read; this keeps a town one source
    placed in another state (a namesake, a misread) off the record of this one ("Charlotte, SC")."""
    if name not in PLACED_IN_STATE or state is None or state.chosen is None:
        return None

    def allowed(value: Any) -> bool:
        # only a state a source read from its text counts against it (an inferred one may be a namesake's)
        states = {m.fields["state"].value for m in mentions
                  if (v := m.fields.get(name)) is not None and hashable(v.value) == hashable(value)
                  and m.fields.get("state") is not None and not m.fields["state"].inferred}
        return state.chosen in states or states <= {None}
    return allowed


def summarise(incident_id: str, mentions: list[Mention]) -> Incident:
    """An ``Incident`` with merged field views and people."""
    ordered = sorted(mentions, key=lambda m: (m.kind != "primary", m.published or date.max, m.key))
    state = merge_field("state", ordered)
    fields = {}
    for name in FIELDS:
        view = state if name == "state" else merge_field(name, ordered, agrees_with_state(name, ordered, state))
        if view is not None:
            fields[name] = view
    return Incident(id=incident_id, mentions=ordered, fields=fields, people=merge_people(ordered))
