"""Resolution rules on hand-made mentions (no extraction involved)."""
from __future__ import annotations

from datetime import date

from encounters.core.model import Incident, Mention, Person, Span, Value
from encounters.resolve import compare, resolve_mentions


def mention(doc, day, city, state, people=(), kind="primary", killed=None):
    fields = {"date": Value(day, (Span(0, 1),), "test"), "city": Value(city, (Span(0, 1),), "test"),
              "state": Value(state, (Span(0, 1),), "test")}
    if killed is not None:
        fields["killed"] = Value(killed, (Span(0, 1),), "test")
    ps = [Person(name=Value(n, (Span(0, 1),), "test"), age=Value(a, (Span(0, 1),), "test") if a else None,
                 status=Value(s, (Span(0, 1),), "test")) for n, a, s in people]
    return Mention(document_id=doc, ordinal=0, kind=kind, span=Span(0, 1), fields=fields, people=ps)


def run(mentions):
    incidents: dict[str, Incident] = {}

    def candidates(_m):
        return list(incidents.values())

    out = {}
    for a in resolve_mentions(mentions, candidates):
        m = next(x for x in mentions if x.key == a.mention_key)
        incidents.setdefault(a.incident_id, Incident(a.incident_id)).mentions.append(m)
        out[m.document_id] = a.incident_id
    return out


def test_follow_up_story_joins_through_the_victim_despite_a_later_date():
    first = mention("report", date(2025, 3, 2), "Tucson", "AZ", [("Ana Morales", 19, "killed")])
    plea = mention("plea", date(2025, 6, 10), "Phoenix", "AZ", [("Ana Morales", 19, "killed")])
    score, reasons = compare(first, plea)
    assert score >= 4 and reasons[0] == "same participants: ana morales"
    ids = run([first, plea])
    assert ids["report"] == ids["plea"]


def test_two_shootings_same_day_same_city_stay_apart():
    a = mention("a", date(2025, 3, 2), "Chicago", "IL", [("Luis Ortega", 30, "injured")])
    b = mention("b", date(2025, 3, 2), "Chicago", "IL", [("Dana Brooks", 22, "killed")])
    ids = run([a, b])
    assert ids["a"] != ids["b"]


def test_same_incident_two_outlets_place_and_date_agree():
    a = mention("a", date(2025, 3, 2), "Chicago", "IL", killed=1)
    b = mention("b", date(2025, 3, 2), "Chicago", "IL", killed=1)
    assert run([a, b])["a"] == run([a, b])["b"]


def test_a_shared_speaker_is_not_a_shared_participant():
    # the same police chief quoted about two shootings a month apart
    a = mention("a", date(2025, 3, 2), "Dayton", "OH", [("Kamran Afzal", None, "unknown")])
    b = mention("b", date(2025, 4, 9), "Dayton", "OH", [("Kamran Afzal", None, "unknown")])
    assert compare(a, b)[0] < 0
    assert run([a, b])["a"] != run([a, b])["b"]


def test_ids_are_stable_whatever_the_order():
    ms = [mention("x", date(2025, 1, 5), "Yuma", "AZ", killed=0), mention("y", date(2025, 1, 5), "Yuma", "AZ", killed=0),
          mention("z", date(2025, 2, 7), "Reno", "NV")]
    assert run(ms) == run(list(reversed(ms)))


def test_a_namesake_months_later_in_another_state_is_another_incident():
    first = mention("a", date(2025, 3, 2), "Tucson", "AZ", [("Jose Garcia", 30, "injured")])
    later = mention("b", date(2025, 9, 20), "Houston", "TX", [("Jose Garcia", 41, "killed")])
    assert compare(first, later)[0] < 0
    assert run([first, later])["a"] != run([first, later])["b"]
