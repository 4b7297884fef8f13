"""Resolution rules on hand-made mentions (no extraction involved)."""
from __future__ import annotations

from datetime import date

import pytest

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


def test_a_metro_city_and_its_suburb_join_when_the_rest_agrees():
    def located(doc, city, lat, lon, killed=None):
        m = mention(doc, date(2025, 7, 10), city, "CA", killed=killed)
        m.fields["latitude"] = Value(lat, (Span(0, 1),), "test")
        m.fields["longitude"] = Value(lon, (Span(0, 1),), "test")
        return m

    la = located("wire", "Los Angeles", 34.052, -118.244, killed=1)
    ontario = located("local", "Ontario", 34.063, -117.651, killed=1)
    score, reasons = compare(la, ontario)
    assert score >= 3 and any("km apart" in r for r in reasons)
    fresno = located("far", "Fresno", 36.748, -119.772, killed=1)
    assert compare(la, fresno)[0] < 3  # the same day and state, but 300 km away


def test_undated_reports_need_more_than_a_region_and_a_death_toll():
    a = mention("a", None, "Los Angeles", "CA", killed=1)
    b = mention("b", None, "Hawaiian Gardens", "CA", killed=1)
    for m in (a, b):
        del m.fields["date"]
        m.fields["county"] = Value("Los Angeles County", (Span(0, 1),), "test")
    assert compare(a, b)[0] < 3


def test_agencies_shown_are_those_most_sources_name_and_the_rest_stay_as_values():
    from encounters.resolve import summarise

    ms = []
    for i, codes in enumerate((["ICE"], ["ICE", "CBP"], ["ICE", "NATIONAL_GUARD"], ["ICE", "CBP"])):
        m = mention(f"d{i}", date(2025, 9, 12), "Franklin Park", "IL")
        m.fields["agencies"] = Value(codes, (Span(0, 1),), "test")
        ms.append(m)
    view = summarise("inc-x", ms).fields["agencies"]
    assert view.chosen == ["ICE", "CBP"] and not view.conflict
    assert any("NATIONAL_GUARD" in v.value for v in view.values)
    two = summarise("inc-y", ms[1:3]).fields["agencies"]
    assert two.chosen == ["ICE", "CBP", "NATIONAL_GUARD"] and two.policy == "union of sources"


def test_one_misread_report_does_not_keep_out_what_the_others_agree_with():
    day = date(2025, 3, 2)
    a = mention("a", day, "Tucson", "AZ", [("Ana Morales", 19, "killed")], killed=1)
    b = mention("b", day, "Tucson", "AZ", [("Ana Morales", 19, "killed")], killed=1)
    c = mention("c", day, "Tucson", "IA", [("Ana Morales", 19, "killed")], killed=1)  # a misread state
    e = mention("e", day, "Tucson", "AZ")  # names nobody, gives no toll
    assert compare(e, c)[0] < 0 and compare(e, a)[0] >= 3
    ids = run([a, b, c, e])
    assert ids["e"] == ids["a"] == ids["c"]
    # with as many reports against as for, it stays out…
    ids = run([a, c, e])
    assert ids["e"] != ids["a"]
    f = mention("f", date(2025, 3, 3), "Tucson", "AZ", [("Ana Morales", 19, "killed")], killed=1)
    g = mention("g", date(2025, 3, 4), "Tucson", "AZ")  # a day after f, two after a
    assert compare(g, a)[0] < 0 <= compare(g, f)[0]
    ids = run([a, f, g])
    assert ids["f"] == ids["a"] != ids["g"]
    # …unless the match is strong
    from encounters.resolve.cluster import linkage
    against, weak, strong = (-1, ["dates differ"]), (4, ["date"]), (6, ["same street"])
    assert linkage([against, weak], 3) is None and linkage([against, strong], 3) == strong


def test_officials_named_in_both_reports_do_not_count_against_a_match():
    day = date(2025, 3, 2)
    a = mention("a", day, "Tucson", "AZ", [("Rita Vance", None, "unknown")], killed=1)  # a spokeswoman
    b = mention("b", day, "Tucson", "AZ", [("Omar Quist", None, "unknown")], killed=1)  # a police chief
    # naming different officials is no evidence against: the same score as naming nobody
    assert compare(a, b)[0] == compare(mention("a", day, "Tucson", "AZ", killed=1),
                                       mention("b", day, "Tucson", "AZ", killed=1))[0]
    hurt_a = mention("a", day, "Tucson", "AZ", [("Luis Ortega", 30, "injured")])
    hurt_b = mention("b", day, "Tucson", "AZ", [("Dana Brooks", 22, "injured")])
    assert compare(hurt_a, hurt_b)[0] < 0


def test_the_same_street_joins_a_report_whose_day_was_misread_but_not_another_city():
    def at(doc, day, city, address):
        m = mention(doc, day, city, "IN", killed=1)
        m.fields["address"] = Value(address, (Span(0, 1),), "test")
        return m

    first = at("a", date(2025, 8, 27), "Knightstown", "5500 block of West Old National Road")
    later = at("b", date(2025, 8, 21), "Knightstown", "5500 W. Old National Rd.")  # a misread day
    score, reasons = compare(first, later)
    assert score >= 3 and reasons[0].startswith("same street")
    assert run([first, later])["a"] == run([first, later])["b"]
    elsewhere = at("c", date(2025, 8, 21), "Fort Wayne", "5500 block of West Old National Road")
    assert compare(first, elsewhere)[0] < 0


def test_a_report_left_alone_by_the_order_of_arrival_joins_its_incident_afterwards():
    from encounters.resolve.cluster import regroup

    day = date(2025, 3, 13)
    a = mention("a", day, None, None, killed=1)  # no place: only the day and the death toll
    b = mention("b", day, "Louisville", "KY")  # no toll
    c = mention("c", day, "Louisville", "KY", killed=1)
    for m in (a,):
        del m.fields["city"], m.fields["state"]
    ids = run([a, b, c])  # a came first and stayed alone; c joined b
    assert ids["a"] != ids["b"] == ids["c"]
    incidents = {i: Incident(i, [m for m in (a, b, c) if ids[m.document_id] == i]) for i in set(ids.values())}
    moves = list(regroup([incidents[ids["a"]]], lambda inc: list(incidents.values())))
    assert [(src, dst) for src, dst, _, _ in moves] == [(ids["a"], ids["b"])]
    # two incidents told by one article stay apart, however alike
    d = mention("a", day, "Louisville", "KY", killed=1)
    d.ordinal = 1
    lone = Incident("x", [d])
    assert list(regroup([lone], lambda inc: [incidents[ids["a"]], lone])) == []


def test_a_name_misspelt_by_one_outlet_is_still_the_same_person():
    first = mention("a", date(2025, 5, 27), "Wallkill", "NY", [("John Casullo", 48, "killed")])
    other = mention("b", date(2025, 5, 26), "Newburgh", "NY", [("John Casulo", 48, "killed")])
    score, reasons = compare(first, other)
    assert score >= 4 and reasons[0].startswith("same participants")
    # short names must match exactly: "Ana" and "Ani" are two people
    a = mention("a", date(2025, 5, 27), "Tucson", "AZ", [("Ana Ruiz", 20, "killed")])
    b = mention("b", date(2025, 5, 27), "Tucson", "AZ", [("Ani Ruiz", 22, "injured")])
    assert not compare(a, b)[1][0].startswith("same participants")


def test_a_participant_named_in_both_within_a_week_in_one_town_outweighs_a_misread_day():
    # a follow-up names the one victim it is about; the first report named everyone hit, and its day was
    # the day the victim died, four days on
    first = mention("a", date(2025, 1, 18), "Dayton", "OH", [("Shawn Smythe", 19, "killed")])
    full = mention("b", date(2025, 1, 14), "Dayton", "OH",
                   [("Eli Johns", 20, "injured"), ("Don King", 22, "injured"), ("Bryn Cort", 18, "injured"),
                    ("Shawn Smythe", 19, "killed")])
    score, reasons = compare(first, full)
    assert score >= 3 and reasons[0] == "named in both: shawn smythe"
    assert run([first, full])["a"] == run([first, full])["b"]
    # not in another town, and not more than a week apart: a story that recalls the victim
    assert compare(mention("c", date(2025, 1, 18), "Kettering", "OH", [("Shawn Smythe", 19, "killed")]), full)[0] < 3
    assert compare(mention("d", date(2025, 1, 29), "Dayton", "OH", [("Shawn Smythe", 19, "killed")]), full)[0] < 0


def test_a_story_that_recalls_a_victim_is_not_that_victims_incident():
    # a shooting in Minneapolis, and weeks later a story from Iowa that recalls its victim
    first = mention("a", date(2026, 1, 7), "Minneapolis", "MN", [("Rhea Lindqvist", 37, "killed")])
    recall = mention("b", date(2026, 1, 20), "Des Moines", "IA", [("Rhea Lindqvist", 37, "killed")])
    assert compare(first, recall)[0] < 0
    # the same person two days apart with another state: one report misread the state
    misread = mention("c", date(2026, 1, 8), "Minneapolis", "IA", [("Rhea Lindqvist", 37, "killed")])
    assert compare(first, misread)[0] >= 4
    # a roundup naming many people does not become each one's incident
    others = ["Ada Brant", "Ben Cole", "Cy Dorn", "Dee Ebert", "Eli Frost", "Fay Gould", "Gus Hale", "Ivy Jund", "Jo Kemp"]
    many = [(n, 30, "killed") for n in others] + [("Rhea Lindqvist", 37, "killed")]
    roundup = mention("d", date(2026, 1, 8), "Minneapolis", "MN", many)
    assert not compare(first, roundup)[1][0].startswith("same participants")


def test_the_same_street_weeks_apart_is_another_event_there():
    def at(doc, day):
        m = mention(doc, day, "Broadview", "IL")
        m.fields["address"] = Value("1930 Beach St", (Span(0, 1),), "test")
        return m

    assert compare(at("a", date(2025, 9, 19)), at("b", date(2025, 9, 21)))[1][0].startswith("same street")
    assert compare(at("a", date(2025, 9, 19)), at("b", date(2025, 9, 27)))[0] < 0  # over a week later: another protest


def test_incidents_join_as_a_whole_only_when_more_reports_agree_than_disagree():
    from encounters.resolve.cluster import regroup

    day = date(2025, 3, 13)
    x = Incident("x", [mention("a", day, None, None, killed=1)])
    for m in x.mentions:
        del m.fields["city"], m.fields["state"]
    y = Incident("y", [mention("b", day, "Louisville", "KY", killed=1),
                       mention("c", date(2025, 3, 20), "Louisville", "KY", killed=1)])  # c: a week later
    assert list(regroup([x], lambda inc: [y])) == []  # one for, one against: not enough
    # two reports that agree outweigh one whose day was misread
    z = Incident("z", [mention("d", day, "Louisville", "KY", killed=1), mention("e", day, "Louisville", "KY", killed=1),
                       mention("f", date(2025, 3, 20), "Louisville", "KY", killed=1)])
    w = Incident("w", [mention("g", day, "Louisville", "KY", killed=1)])
    assert [(src, dst) for src, dst, _, _ in regroup([w], lambda inc: [z])] == [("w", "z")]
    # reports that share only a town with one that another report dates months apart (a roundup's items
    # and a story recalling an older shooting there) do not join
    june = Incident("june", [mention("h", date(2025, 6, 1), "Los Angeles", "CA")])
    items = [mention("i", None, "Los Angeles", "CA"), mention("j", None, "Los Angeles", "CA"),
             mention("k", date(2025, 10, 21), "Los Angeles", "CA")]
    for m in items[:2]:
        del m.fields["date"]
    assert list(regroup([Incident("roundup", items)], lambda inc: [june])) == []


def test_a_gunman_both_reports_name_outweighs_their_different_lists_of_the_wounded():
    # a mass shooting: one outlet names the gunman and one wounded man, another the gunman and three
    # others it lists among the dead and the wounded
    a = mention("a", date(2025, 1, 6), "Fort Myers", "FL", [("Rafael Sosa", 26, "unknown"), ("Ken Ibarra", None, "injured")],
                killed=5)
    b = mention("b", date(2025, 1, 6), "Fort Myers", "FL", [("Rafael Sosa", 26, "unknown"), ("Lena Voss", 70, "killed"),
                                                            ("Mark Voss", 71, "killed"), ("Tara Quinn", 60, "injured")],
                killed=5)
    score, reasons = compare(a, b)
    assert score >= 3 and "names sosa" in reasons
    # two reports of different wounded that name no one in common remain two shootings
    c = mention("c", date(2025, 1, 6), "Fort Myers", "FL", [("Omar Pike", 30, "injured")])
    assert compare(a, c)[0] < 0


def test_outlets_that_read_who_was_hit_differently_still_report_one_shooting():
    # one outlet says the mother was killed, another that her daughter was; each names the other's
    # victim without saying what became of her: one event, read two ways
    a = mention("a", date(2025, 1, 24), "Queens", "NY", [("Carla Whitby", None, "killed"), ("Holt", None, "unknown")])
    b = mention("b", date(2025, 1, 24), "Queens", "NY", [("Dana Holt", 31, "killed"), ("Whitby", None, "unknown")])
    assert compare(a, b)[0] >= 3
    # two reports whose wounded are people the other never names are two shootings
    c = mention("c", date(2025, 1, 24), "Queens", "NY", [("Eli Marsh", 22, "killed")])
    assert compare(a, c)[0] < 0


def test_the_same_county_outweighs_one_reports_distant_city():
    # a TV station's dateline ("MIAMI —") for bodies found in Collier County, and a local report from
    # the town in that county: the cities are 100 km apart, the county and day agree
    def located(doc, city, lat, lon):
        m = mention(doc, date(2025, 10, 20), city, "FL", killed=2)
        m.fields["latitude"] = Value(lat, (Span(0, 1),), "test")
        m.fields["longitude"] = Value(lon, (Span(0, 1),), "test")
        m.fields["county"] = Value("Collier County", (Span(0, 1),), "test")
        return m

    station = located("station", "Miami", 25.774, -80.194)
    local = located("local", "Ochopee", 25.901, -81.306)
    assert compare(station, local)[0] >= 3
    del local.fields["county"]
    assert compare(station, local)[0] < 3


def test_a_town_one_source_placed_in_another_state_is_not_shown_in_this_one():
    """Each source's town and state were checked together when it was read; on the incident, a town
    only a source that placed it in another state gives is kept as a value, not shown."""
    from encounters.resolve import summarise

    day = date(2016, 11, 22)
    ms = [mention("a", day, None, "SC"), mention("b", day, None, "SC"), mention("c", day, "Charlotte", "NC")]
    for m in ms[:2]:
        del m.fields["city"]
    inc = summarise("inc-x", ms)
    assert inc.fields["state"].chosen == "SC"
    assert inc.fields["city"].chosen is None and [v.value for v in inc.fields["city"].values] == ["Charlotte"]
    # a town whose only state was inferred (a namesake's, from the gazetteer) is not held against it
    ms[2].fields["state"] = Value("NC", (), "gazetteer_state_of_city")  # no span: inferred
    assert summarise("inc-y", ms).fields["city"].chosen == "Charlotte"
    # and among towns, the one a source placed in the incident's state is shown
    ms.append(mention("d", day, "Rock Hill", "SC"))
    ms[2].fields["state"] = Value("NC", (Span(0, 1),), "test")
    city = summarise("inc-z", ms).fields["city"]
    assert city.chosen == "Rock Hill" and "agree with the incident's state" in city.policy


def count(value, rule, grounded=False):
    return Value(value, (Span(0, 1),) if grounded else (), rule)


COUNT_MERGES = [
    # (what each report gives for injured, shown, why)
    ([count(0, "no_injury_reported"), count(1, "someone_shot_survived")], 0,
     "an early report of a teen shot and in hospital, a later one of his death: the lower count"),
    ([count(0, "no_injury_reported"), count(1, "someone_shot_survived"), count(1, "someone_shot_survived")], 1,
     "two reports that say someone was hit outvote one"),
    ([count(0, "nobody_hurt", grounded=True), count(1, "someone_shot_survived")], 0,
     "a report that says no one was hurt is grounded and beats any inference"),
    ([count(2, "count_subject", grounded=True), count(1, "count_singular", grounded=True)], 1,
     "two grounded counts, one source each: the lower"),
    ([count(0, "no_injury_reported"), count(0, "no_injury_reported")], 0,
     "all silent: 0, inferred"),
]


@pytest.mark.parametrize("values,shown,why", COUNT_MERGES, ids=[c[2][:40] for c in COUNT_MERGES])
def test_counts_that_disagree_show_what_most_sources_give_ties_to_the_lower(values, shown, why):
    from encounters.resolve import summarise

    ms = []
    for i, v in enumerate(values):
        m = mention(f"d{i}", date(2016, 3, 4), "Dayton", "OH")
        m.fields["injured"] = v
        ms.append(m)
    view = summarise("inc-x", ms).fields["injured"]
    assert view.chosen == shown, why
    assert {sv.value for sv in view.values} == {v.value for v in values}  # the other values stay visible


def test_a_death_toll_guessed_from_a_headline_is_no_evidence_that_two_reports_agree():
    a = mention("a", date(2016, 5, 2), "Macon", "GA")
    b = mention("b", date(2016, 5, 2), "Macon", "GA")
    a.fields["killed"] = b.fields["killed"] = Value(1, (Span(0, 1),), "count_singular")
    stated, reasons = compare(a, b)
    assert "killed 1" in reasons
    b.fields["killed"] = Value(1, (), "fatal_in_headline")
    guessed, reasons = compare(a, b)
    assert "killed 1" not in reasons and guessed == stated - 1


def test_a_town_named_alone_joins_the_report_that_places_it_in_a_state():
    # a headline-only page names "Carbondale" (two states have one): the report that says Illinois agrees
    headline = Mention(document_id="headline", ordinal=0, kind="primary", span=Span(0, 0),
                       fields={"city": Value("Carbondale", (), "headline_town+headline_report")},
                       published=date(2016, 8, 2))
    report = mention("report", date(2016, 7, 31), "Carbondale", "IL", killed=0)
    score, reasons = compare(headline, report)
    assert "state IL (the other names the town alone)" in reasons
    ids = run([report, headline])
    assert ids["headline"] == ids["report"]
    elsewhere = mention("elsewhere", date(2016, 7, 31), "Marion", "IL", killed=0)
    assert run([elsewhere, headline])["headline"] != run([elsewhere, headline])["elsewhere"]


def test_the_same_county_counts_as_a_town_where_neither_report_names_one():
    # "a shooting in unincorporated DeKalb County": one report dated by its publication, one by the weekday
    def county_only(doc, rule):
        m = mention(doc, date(2015, 12, 5), None, "GA")
        del m.fields["city"]
        m.fields["date"] = Value(date(2015, 12, 5), (), rule)  # inferred: a window, not a stated day
        m.fields["date_range"] = Value([date(2015, 11, 29), date(2015, 12, 5)], (), rule)
        m.fields["county"] = Value("DeKalb County", (Span(0, 1),), "test")
        return m

    first, second = county_only("first", "publication_date"), county_only("second", "weekday_before_publication")
    score, reasons = compare(first, second)
    assert score >= 3 and "county DeKalb County" in reasons
    ids = run([first, second])
    assert ids["first"] == ids["second"]
    # with a town named by one of them, the county adds what it adds to any pair of towns
    second.fields["city"] = Value("Decatur", (Span(0, 1),), "test")
    assert compare(first, second)[0] < score
