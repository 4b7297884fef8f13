"""The bundled sample articles, asserted field by field after the whole pipeline."""
from __future__ import annotations

from conftest import by_document


def accounts_by_side(inc):
    out = {}
    for a in inc["accounts"]:
        out.setdefault(a["side"], set()).add(a["speaker"])
    return out


def test_two_outlets_one_incident_with_conflicting_ages(sample_export):
    inc = by_document(sample_export, "franklin-park-dhs-statement.txt")
    assert {s["document"] for s in inc["sources"] if s["mention"] == "primary"} == {
        "franklin-park-dhs-statement.txt", "franklin-park-family-lawyer.html"}
    assert inc["date"] == "2025-10-30" and not inc["date_inferred"]
    assert (inc["city"], inc["state"]) == ("Franklin Park", "IL")
    assert abs(inc["latitude"] - 41.93) < 0.05 and abs(inc["longitude"] + 87.87) < 0.05
    assert inc["agencies"][0] == "ICE" and set(inc["agencies"]) <= {"ICE", "DHS"}  # the agency that fired; DHS speaks for it
    assert (inc["killed"], inc["injured"], inc["vehicle_involved"]) == (0, 1, True)
    ruiz = next(p for p in inc["people"] if p["name"] == "Mateo Ruiz")
    assert ruiz["status"] == "injured" and ruiz["citizen"] == "no" and ruiz["charged"] == "yes"
    # the agency says 34, the lawyer's outlet says 33: both kept, with their sources
    assert sorted(ruiz["values"]["age"]) == ["33", "34"]
    assert "age" in ruiz["conflicts"]
    # "has two children who are U.S. citizens" says nothing of his own citizenship
    assert "citizen" not in ruiz["conflicts"]
    sides = accounts_by_side(inc)
    assert "Helen Okafor" in sides["subject"]
    assert "Teresa Villalobos" in sides["witness"]
    assert any("DHS" in s for s in sides["official"])
    assert not any(p["name"] in ("Helen Okafor", "Teresa Villalobos") for p in inc["people"])


def test_agency_version_and_lawyer_version_side_by_side(sample_export):
    inc = by_document(sample_export, "franklin-park-dhs-statement.txt")
    official = [a["quote"] for a in inc["accounts"] if a["side"] == "official"]
    subject = [a["quote"] for a in inc["accounts"] if a["side"] == "subject"]
    assert any("attempted to run officers over" in q for q in official)
    assert any("shot from behind while leaving" in q for q in subject)


def test_border_patrol_shooting_with_complaint_and_no_injuries(sample_export):
    inc = by_document(sample_export, "san-ysidro-border-patrol.txt")
    assert inc["date"] == "2025-11-16"
    assert (inc["city"], inc["state"]) == ("San Diego", "CA")
    assert "CBP" in inc["agencies"]
    assert (inc["killed"], inc["injured"]) == (0, 0)
    assert inc["shots_fired"] == 3
    assert inc["vehicle_involved"] is True
    paredes = next(p for p in inc["people"] if p["full_name"] == "Luis Alberto Paredes")
    assert paredes["name"] == "Luis Paredes"
    assert (paredes["age"], paredes["charged"], paredes["citizen"]) == (27, "yes", "yes")
    assert not any(p["name"] == "Chula Vista" for p in inc["people"])
    sides = accounts_by_side(inc)
    assert any("complaint" in s.lower() for s in sides["official"])
    assert "Carla Jimenez" in sides["subject"]


def test_sponsored_roundup_yields_each_incident_and_keeps_the_claim_as_a_claim(sample_export):
    doc = "sponsored-border-security-roundup.txt"
    mentioned = [i for i in sample_export if any(s["document"] == doc for s in i["sources"])]
    places = sorted((i["city"], i["state"], i["date"]) for i in mentioned)
    assert places == [("Charlotte", "NC", "2025-12-12"), ("El Paso", "TX", "2025-12-03"),
                      ("Minneapolis", "MN", "2025-11-21")]
    charlotte = next(i for i in mentioned if i["city"] == "Charlotte")
    assert (charlotte["injured"], charlotte["vehicle_involved"]) == (1, True)
    minneapolis = next(i for i in mentioned if i["city"] == "Minneapolis")
    assert "USMS" in minneapolis["agencies"] and minneapolis["injured"] == 1
    el_paso = next(i for i in mentioned if i["city"] == "El Paso")
    assert el_paso["injured"] == 0 and el_paso["people"] == []
    claims = [c for i in mentioned for c in i["claims"]]
    assert [c["speaker"] for c in claims] == ["Marcus Hale"]
    assert "1000% increase" in claims[0]["quote"] and claims[0]["side"] == "other"
    assert not any("1000%" in a["quote"] for i in mentioned for a in i["accounts"])


def test_less_lethal_force_and_a_figure_claimed_by_the_agency(sample_export):
    inc = by_document(sample_export, "portland-pepper-balls.txt")
    assert inc["force_type"] == "less-lethal"
    assert inc["date"] == "2025-12-05"
    assert (inc["city"], inc["state"]) == ("Portland", "OR")
    assert inc["injured"] == 3 and inc["killed"] == 0
    ellison = next(p for p in inc["people"] if p["name"] == "Ruth Ellison")
    assert (ellison["age"], ellison["status"]) == (62, "injured")
    assert [c["speaker"] for c in inc["claims"]] == ["DHS"]
    assert "1,000 percent" in inc["claims"][0]["quote"]
    sides = accounts_by_side(inc)
    assert "Ruth Ellison" in sides["subject"]


def test_police_shooting_with_the_family_disputing_it(sample_export):
    inc = by_document(sample_export, "wire-minneapolis-traffic-stop")
    assert (inc["date"], inc["city"], inc["state"], inc["county"]) == ("2025-09-13", "Minneapolis", "MN", "Hennepin County")
    assert "POLICE" in inc["agencies"] and (inc["killed"], inc["injured"]) == (1, 0)
    price = next(p for p in inc["people"] if p["name"] == "Darnell Price")
    assert (price["age"], price["status"]) == (41, "killed")
    quotes = {a["quote"]: (a["speaker"], a["side"]) for a in inc["accounts"]}
    assert quotes["Our officer was faced with a split-second decision,"] == ("Brian O'Hara", "official")
    assert quotes["He had his hands up. He was scared,"] == ("Monique Price", "subject")


def test_sports_shootout_and_opinion_piece(sample_export):
    assert not any(s["document"] == "wire-hockey-shootout" for i in sample_export for s in i["sources"])
    opinion = [i for i in sample_export if any(s["document"] == "opinion-accountability.txt" for s in i["sources"])]
    # the column refers to the Franklin Park shooting: it joins that incident, never a new one
    assert len(opinion) == 1 and "franklin-park-dhs-statement.txt" in {s["document"] for s in opinion[0]["sources"]}


def test_every_quote_is_verbatim_at_its_offsets(sample_store, sample_export):
    for inc in sample_export:
        for a in inc["accounts"] + inc["claims"]:
            text = sample_store.document(a["document"]).text
            assert text[a["start"]:a["end"]] == a["quote"]


def test_every_value_has_a_span_or_a_rule(sample_store):
    for inc in sample_store.iter_incidents():
        for m in inc.mentions:
            text = sample_store.document(m.document_id).text
            for name, v in m.fields.items():
                assert v.rule, name
                for s in v.spans:
                    assert 0 <= s.start < s.end <= len(text)
