"""A store built by hand over the bundled samples, and a gold file coded by hand for it.

The documents are the bundled samples as ``ingest`` reads them; the mentions, their values and their
evidence spans are written here, and each mention is placed in an incident chosen here. So the
figures ``encounters evaluate`` gives do not depend on how well the extraction or resolution rules do
today: ``EXPECTED`` was worked out by hand from the rules the README states.

What the store holds (A … H are the sample documents):
- inc-franklin1: A (reports it) and C (mentions it in passing) — Franklin Park, IL, 2025-10-30.
- inc-franklin2: B, the same shooting split off into a record of its own (a fragment, a duplicate).
- inc-sandiego: D — injured 0 where the gold says 1; agencies CBP and POLICE where the gold says CBP;
  a CBP spokesperson on the "other" side (coded official); Morales, who is not a coded participant.
- inc-portland: E — the day after the gold's date.
- inc-minneapolis: F — whose gold row is malformed, so it is not judged.
- inc-hockey: G — an incident in an article the gold says reports none.
- inc-charlotte: H — wrong date, state and place: it cannot match the gold's Charlotte incident.
- inc-mplsbrief: H again, a roundup item mentioned in passing (the gold's optional incident).
"""
from __future__ import annotations

import json
from datetime import date

from encounters.core.model import Account, Document, Mention, Person, Span, Value
from encounters.ingest import read_paths
from encounters.resolve import summarise
from encounters.store import open_store

from conftest import SAMPLES

A, B, C = "franklin-park-dhs-statement.txt", "franklin-park-family-lawyer.html", "opinion-accountability.txt"
D, E, F = "san-ysidro-border-patrol.txt", "portland-pepper-balls.txt", "wire-minneapolis-traffic-stop"
G, H = "wire-hockey-shootout", "sponsored-border-security-roundup.txt"

GOLD_CSV = f"""incident,document,mention,date,city,state,killed,injured,names,agency,force_type,law_enforcement,speakers
franklin,{A},,2025-10-30,Franklin Park,IL,0,1,Mateo Ruiz (34),ICE,shooting,by_officer,DHS=official
franklin,{B},,,,,,,,,,,Helen Okafor=subject; Teresa Villalobos=witness
franklin,{C},brief,,,,,,,,,,
sandiego,{D},,2025-11-16,San Diego,CA,0,1,Luis Alberto Paredes (27),CBP,shooting,by_officer,Carla Jimenez=subject; CBP=official
portland,{E},,2025-12-05,Portland,Oregon,0,3,Ruth Ellison (62),,less-lethal,by_officer,Ruth Ellison=subject
minneapolis,{F},,yesterday,Minneapolis,MN,1,0,Darnell Price (41),POLICE,shooting,by_officer,
,{G},,,,,,,,,,,
charlotte,{H},,2025-12-12,Charlotte,NC,0,1,,ICE,shooting,by_officer,
mpls-marshal,{H},brief,2025-11-21,Minneapolis,MN,,,,,,,
ghost,ghost.txt,,2025-01-01,Nowhere,TX,,,,,,,
"""


def gold_json() -> str:
    """The same gold in the hand-made JSON form (as ../shared/eval/ice/gold_dev.json)."""
    def people(*pairs):
        return [{"name": n, "age": a} for n, a in pairs]

    def speakers(*pairs):
        return [{"speaker": s, "side": side} for s, side in pairs]

    incidents = [
        {"key": "franklin", "sources": [A, B], "also_mentioned_in": [C], "date": "2025-10-30", "city": ["Franklin Park"],
         "state": "IL", "killed": 0, "injured": 1, "agencies": {"required": ["ICE"], "allowed": []},
         "force_type": "shooting", "law_enforcement": "by_officer", "subjects": people(("Mateo Ruiz", 34)),
         "participants": people(("Mateo Ruiz", 34)),
         "speakers": speakers(("DHS", "official"), ("Helen Okafor", "subject"), ("Teresa Villalobos", "witness"))},
        {"key": "sandiego", "sources": [D], "date": "2025-11-16", "city": ["San Diego"], "state": "CA", "killed": 0,
         "injured": 1, "agencies": {"required": ["CBP"]}, "force_type": "shooting", "law_enforcement": "by_officer",
         "subjects": people(("Luis Alberto Paredes", 27)), "participants": people(("Luis Alberto Paredes", 27)),
         "speakers": speakers(("Carla Jimenez", "subject"), ("CBP", "official"))},
        {"key": "portland", "sources": [E], "date": "2025-12-05", "city": ["Portland"], "state": "OR", "killed": 0,
         "injured": 3, "force_type": "less-lethal", "law_enforcement": "by_officer",
         "subjects": people(("Ruth Ellison", 62)), "participants": people(("Ruth Ellison", 62)),
         "speakers": speakers(("Ruth Ellison", "subject"))},
        {"key": "minneapolis", "sources": [F], "date": "yesterday", "city": ["Minneapolis"], "state": "MN"},
        {"key": "charlotte", "sources": [H], "date": "2025-12-12", "city": ["Charlotte"], "state": "NC", "killed": 0,
         "injured": 1, "agencies": {"required": ["ICE"]}, "force_type": "shooting", "law_enforcement": "by_officer",
         "subjects": [], "participants": [], "speakers": []},
        {"key": "mpls-marshal", "sources": [], "also_mentioned_in": [H], "optional": True, "date": "2025-11-21",
         "city": ["Minneapolis"], "state": "MN"},
        {"key": "ghost", "sources": ["ghost.txt"], "date": "2025-01-01", "city": ["Nowhere"], "state": "TX"},
    ]
    return json.dumps({"documents": [A, B, C, D, E, G, H], "incidents": incidents}, indent=1)


# The figures for GOLD_CSV (and gold_json()) on the hand-made store, worked out by hand.
EXPECTED = {
    "detection": {"gold_incidents": 4, "found": 3, "recall": 0.75, "records_reporting": 6, "precision": 0.5,
                  "false_positives": 3, "duplicates": 1, "multi_source": 1, "merged_whole": 0, "split": 1,
                  "optional": 1, "optional_found": 1, "bcubed": {"precision": 1.0, "recall": 0.8, "f1": 0.889}},
    "relevance": {"documents": 7, "reporting": 5, "said": 6, "right": 5, "precision": 0.833, "recall": 1.0},
    "fields": {"date": (3, 4), "place": (4, 4), "state": (4, 4), "agencies": (1, 2), "force_type": (3, 3),
               "law_enforcement": (3, 3), "killed": (3, 3), "injured": (2, 3), "names": (3, 3), "ages": (3, 3)},
    "fields_overall": {"right": 29, "judged": 32, "accuracy": 0.906},
    "accounts": {"speakers": 6, "found": 3, "recall": 0.5, "judged": 6, "right": 3, "precision": 0.5,
                 "side_judged": 4, "side_accuracy": 0.75},
    "people": {"judged": 4, "participants": 3, "precision": 0.75},
}
# gold row → (record it was matched to, is the row's document among that record's sources, other records)
EXPECTED_ROWS = {
    2: ("inc-franklin1", True, []), 3: ("inc-franklin1", False, ["inc-franklin2"]), 4: ("inc-franklin1", True, []),
    5: ("inc-sandiego", True, []), 6: ("inc-portland", True, []), 8: (None, False, ["inc-hockey"]),
    9: (None, False, ["inc-charlotte"]), 10: ("inc-mplsbrief", True, ["inc-charlotte"]),
}


def documents() -> dict[str, Document]:
    return {d.id: d for d in read_paths([str(SAMPLES)]) if isinstance(d, Document)}


def at(text: str, phrase: str) -> Span:
    i = text.index(phrase)
    return Span(i, i + len(phrase))


def mentions(docs: dict[str, Document]) -> dict[str, list[Mention]]:
    """incident id → its mentions, every value grounded in the words quoted here."""
    def v(doc, value, phrase=None):
        return Value(value, (at(docs[doc].text, phrase),) if phrase else (), "hand")

    def person(doc, name, age=None, status="unknown", role="unknown", phrase=None):
        return Person(name=v(doc, name, phrase or name), age=v(doc, age, f"{age}") if age else None,
                      status=Value(status, (), "hand"), role=Value(role, (), "hand"))

    def said(doc, speaker, side, quote, affiliation=None):
        return Account(speaker, side, quote, at(docs[doc].text, quote), affiliation)

    def mention(doc, ordinal=0, kind="primary", people=(), accounts=(), **fields):
        return Mention(document_id=doc, ordinal=ordinal, kind=kind, span=Span(0, 10), published=docs[doc].published,
                       fields={k: x if isinstance(x, Value) else v(doc, *x) if isinstance(x, tuple) else Value(x, (), "hand")
                               for k, x in fields.items()},
                       people=list(people), accounts=list(accounts))

    return {
        "inc-franklin1": [
            mention(A, date=(date(2025, 10, 30), "Thursday morning"), city=("Franklin Park", "Franklin Park"),
                    state=("IL", "Ill."), killed=0, injured=(1, "was wounded"),
                    agencies=(["ICE"], "Immigration and Customs Enforcement"), force_type=("shooting", "shot a man"),
                    law_enforcement=("by_officer", "officer shot a man"),
                    people=[person(A, "Mateo Ruiz", 34, "injured", "suspect")],
                    accounts=[said(A, "DHS spokesperson", "official", "The suspect attempted to run officers over with his vehicle"),
                              said(A, "Franklin Park police", "official", "they were called to the scene")]),
            mention(C, kind="brief", city=("Franklin Park", "Franklin Park")),
        ],
        "inc-franklin2": [
            mention(B, date=(date(2025, 10, 30), "Oct. 30"), city=("Franklin Park", "Franklin Park"), state="IL",
                    injured=(1, "was shot in the shoulder"), people=[person(B, "Mateo Ruiz", 33, "injured")],
                    accounts=[said(B, "Helen Okafor", "subject", "He was shot from behind while leaving.", "attorney"),
                              said(B, "Teresa Villalobos", "official", "Nobody was in front of that truck")]),
        ],
        "inc-sandiego": [
            mention(D, date=(date(2025, 11, 16), "Sunday night"), city=("San Diego", "SAN DIEGO"), state="CA",
                    killed=(0, "No one was hurt"), injured=(0, "No one was hurt"),
                    agencies=Value(["CBP", "POLICE"], (at(docs[D].text, "Border Patrol"), at(docs[D].text, "federal officer")),
                                   "hand"),
                    force_type=("shooting", "fired at a vehicle"), law_enforcement=("by_officer", "agent fired"),
                    people=[person(D, "Luis Paredes", 27, "unharmed", "suspect", "Luis Alberto Paredes"), person(D, "Morales", role="officer")],
                    accounts=[said(D, "Carla Jimenez", "subject", "My client panicked.", "public defender"),
                              said(D, "CBP spokesperson", "other", "the incident is under review")]),
        ],
        "inc-portland": [
            mention(E, date=(date(2025, 12, 6), "Friday night"), city=("Portland", "PORTLAND"), state=("OR", "Ore."),
                    killed=0, injured=(3, "injuring at least three people"), force_type=("less-lethal", "pepper balls"),
                    law_enforcement=("by_officer", "Federal officers fired pepper balls"),
                    people=[person(E, "Ruth Ellison", 62, "injured")],
                    accounts=[said(E, "Ruth Ellison", "subject", "I never crossed the line"),
                              said(E, "Keith Wilson", "other", "the city had asked federal authorities", "Portland Mayor")]),
        ],
        "inc-minneapolis": [
            mention(F, date=(date(2025, 9, 13), "Saturday night"), city=("Minneapolis", "MINNEAPOLIS"), state="MN",
                    killed=(1, "shot and killed")),
        ],
        "inc-hockey": [mention(G, date=date(2025, 11, 17), city=("St. Paul", "ST. PAUL"), state="MN")],
        "inc-charlotte": [mention(H, date=date(2025, 12, 13), city="Raleigh", state="SC", injured=(1, "was wounded"))],
        "inc-mplsbrief": [mention(H, ordinal=1, kind="brief", date=(date(2025, 11, 21), "Nov. 21"),
                                  city=("Minneapolis", "Minneapolis, Minnesota"), state=("MN", "Minnesota"))],
    }


def build_store(url: str):
    """The store described in the module docstring, at ``url``."""
    store = open_store(url)
    docs = documents()
    plan = mentions(docs)
    by_doc: dict[str, list[Mention]] = {}
    for ms in plan.values():
        for m in ms:
            by_doc.setdefault(m.document_id, []).append(m)
    for doc_id, doc in docs.items():
        store.save_document(doc, sorted(by_doc.get(doc_id, []), key=lambda m: m.ordinal), extractor="hand")
    for incident_id, ms in plan.items():
        for m in ms:
            store.assign(m.key, incident_id)
        store.save_incident(summarise(incident_id, store.incident_mentions(incident_id)))
    return store


def check_figures(report: dict) -> None:
    """``report`` has exactly the figures of ``EXPECTED``."""
    for section in ("detection", "relevance", "fields_overall", "people"):
        got = {k: report[section][k] for k in EXPECTED[section]}
        assert got == EXPECTED[section], section
    assert {k: (v["right"], v["judged"]) for k, v in report["fields"].items()} == EXPECTED["fields"]
    assert {k: report["accounts"][k] for k in EXPECTED["accounts"]} == EXPECTED["accounts"]
