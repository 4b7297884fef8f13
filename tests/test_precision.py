"""Precision-first extraction: each sentence belongs to one incident or none, furniture and statistics
give no facts, places exist in their state, force types and who used force — each rule driven by short
texts written for the project."""
from __future__ import annotations

from datetime import date

import pytest

from encounters.core.model import Document
from encounters.extract import RuleExtractor
from encounters.extract.nlp import Sentence
from encounters.extract.places import find_places
from encounters.extract.zones import classify_sentence, find_masks

PUBLISHED = date(2025, 10, 31)


def extract(text, title=None, published=PUBLISHED):
    ((_, mentions),) = list(RuleExtractor().extract([Document(id="t", text=text, title=title, published=published)]))
    return mentions


def sentence(text: str) -> Sentence:
    return Sentence(0, len(text), text, 0)


ZONES = [
    # (sentence, role)
    ("Home Politics U.S. News World Local New York Los Angeles Chicago Sports Health Business Weather", "furniture"),
    ("READ MORE: Family of a man shot at a Dallas facility asks for answers", "furniture"),
    ("Photo: Image 3 of 8 Agents outside the courthouse on Tuesday", "furniture"),
    ("Mother grieves son's death | Judge sets bond in unrelated case", "furniture"),
    ("Federal agents have shot 11 people since September during immigration arrests.", "statistic"),
    ("It was the fourth shooting involving agents in the county so far this year.", "statistic"),
    ("At least six children were killed statewide in accidental shootings last year.", "statistic"),
    ("In at least five cases, people shot by agents were later charged.", "statistic"),
    # a day named: an event, whatever totals it adds
    ("An agent shot a man Sunday, the fourth shooting in the county so far this year.", "body"),
    ("An agent fired at a pickup truck outside a hardware store, the agency said.", "body"),
]


@pytest.mark.parametrize("text, role", ZONES, ids=[z[0][:40] for z in ZONES])
def test_sentences_are_reporting_furniture_or_statistics(text, role):
    s = sentence(text)
    assert classify_sentence(s, find_masks(s))[0] == role


MASKS = [
    ("The scene after the shooting in Ridgeview. Jane Roe / AP Latest: the inquiry goes on.", "Jane Roe / AP"),
    ("Tyler Ann LaRocque/Valley-Times An expended pepper ball on the road.", "Tyler Ann LaRocque/Valley-Times"),
    ("Who fired: Unnamed agent Add Valley News to Google New video of the stop 01:37 Description: the driver",
     "Add Valley News to Google New video of the stop 01:37"),
    ("By Dana Field and Omar Reyes Listen to this article", "By Dana Field and Omar Reyes"),
]


@pytest.mark.parametrize("text, masked", MASKS, ids=[m[1][:30] for m in MASKS])
def test_furniture_inside_a_sentence_is_masked(text, masked):
    s = sentence(text)
    assert masked in [text[a:b] for a, b in find_masks(s)]


PLACES = [
    # (sentence, the city it names, its rule)
    ("He remains at a detention center in Adelanto, California.", "Adelanto", "detention_city"),
    ("said Ruth Alder, the former police chief in Redlands, California, who now teaches.", "Redlands", "affiliation_city"),
    ("She was taken to a hospital in Spokane, Wash., police said.", "Spokane", "hospital_city"),
    ("Agents shot a man in Ontario, California, on Thursday.", "Ontario", "city_state_pair"),
]


@pytest.mark.parametrize("text, city, rule", PLACES, ids=[p[2] for p in PLACES])
def test_where_someone_is_held_treated_or_works_is_marked(text, city, rule):
    (p,) = [p for p in find_places(text) if p.kind == "city"]
    assert (p.name, p.rule) == (city, rule)


def test_months_and_countries_are_no_towns():
    text = "The man, an immigrant from Mexico, was arrested in October."
    assert [p.name for p in find_places(text) if p.kind == "city"] == []


def test_the_scene_is_not_where_the_subject_was_held_or_an_experts_town():
    (m,) = extract("An ICE officer shot a man during a traffic stop Wednesday in Fontana, Calif. He was later held "
                   "at a detention center in Adelanto, California. Such shootings are rising, said Ruth Alder, the "
                   "former police chief in Redlands, California.")
    assert m.get("city") == "Fontana"
    city = m.fields["city"]
    assert {c["value"] for c in city.passed_over} >= {"Adelanto", "Redlands"}
    assert all(c["why"] for c in city.passed_over)


def test_a_person_named_like_a_town_is_not_the_town():
    (m,) = extract("Border Patrol agents shot Lena Martinez, 30, on Saturday on the city's west side, officials "
                   "said. Martinez was taken to a hospital.")
    assert m.get("city") is None


def test_a_town_is_never_placed_in_a_state_it_is_not_in():
    # "Denver" with a Minnesota county named: no Denver in Minnesota, so the town is left open
    ms = extract("DENVER — A deputy shot a man Friday on a farm road in Wright County, Minnesota, the sheriff said.")
    (m,) = ms
    assert m.get("state") == "MN" and m.get("city") is None
    assert any("gazetteer" in c["why"] for c in m.fields["state"].passed_over)


ROUNDUP = (
    "Federal agents have shot nine people since the summer, and four died.\n"
    "Place: Fontana, California\nDate: Oct. 3, 2025\n"
    "Who was shot: Omar Vidal was injured.\n"
    "Description: Vidal, 29, was shot in the arm after agents boxed in his car; he survived.\n"
    "Place: Tucson, Arizona\nDate: Oct. 12, 2025\n"
    "Who was shot: Rosa Kline was killed.\n"
    "Description: Kline, 41, died at the scene after an agent fired into her car.\n"
    "Place: Reno, Nevada\nDate: Oct. 20, 2025\n"
    "Who was shot: Tomas Reyes was injured.\n"
    "Description: An agent shot Reyes in the leg; no one else was hurt.\n"
)


def test_a_labelled_roundup_gives_each_item_its_own_facts_and_its_totals_to_none():
    ms = extract(ROUNDUP, title="Agents have shot nine people since the summer")
    by_city = {m.get("city"): m for m in ms}
    assert set(by_city) == {"Fontana", "Tucson", "Reno"}
    assert all(m.kind == "primary" for m in ms)
    assert (by_city["Fontana"].get("killed"), by_city["Fontana"].get("injured")) == (0, 1)
    assert (by_city["Tucson"].get("killed"), by_city["Tucson"].get("injured")) == (1, 0)
    assert by_city["Reno"].get("date") == date(2025, 10, 20)
    # the introduction's "four died" is no item's count
    assert not any(m.get("killed") == 4 for m in ms)


def test_an_aside_about_another_incident_does_not_carry_the_story_off():
    ms = extract("A Border Patrol agent shot a driver Tuesday in Yuma, Ariz., after the driver sped toward agents, "
                 "the agency said. The driver, Ana Ruiz, 24, was treated for a wound to the arm.\n\n"
                 "In a separate incident on Oct. 2, agents fired at a truck in El Centro, Calif.\n\n"
                 "Ruiz's lawyer said she was trying to turn around. The agency said the agent feared for his life.")
    main = ms[0]
    assert main.get("city") == "Yuma" and main.kind == "primary"
    other = next(m for m in ms[1:] if m.get("city") == "El Centro")
    assert other.kind == "brief"
    assert {a.speaker for a in main.accounts} and not other.accounts


FORCE = [
    # (text, force_type, law_enforcement)
    ("Agents fired pepper balls and tear gas at protesters outside the facility on Friday in Broadview, Ill.",
     "less-lethal", "by_officer"),
    ("A journalist was shot in the face with a pepper ball outside the facility on Friday in Broadview, Ill., "
     "by federal agents.", "less-lethal", "by_officer"),
    ("A driver rammed an agent's vehicle and dragged an agent during a stop on Friday in Fontana, Calif., "
     "federal officials said.", "vehicle", "at_officer"),
    ("Agents tackled the union leader and pushed him to the ground during an ICE raid on Friday in Fontana, "
     "Calif.; he was injured and detained.", "physical", "by_officer"),
    ("An ICE officer shot a man in the shoulder during a stop on Friday in Fontana, Calif.", "shooting", "by_officer"),
    ("One agent “broke the glass on the window” of the man’s car on Friday in Fontana, Calif., the "
     "affidavit says.", "physical", "by_officer"),
    ("Agents deployed crowd control measures to clear the street on Friday in Fontana, Calif., the agency said.",
     "less-lethal", "by_officer"),
    ("A state trooper shot a driver who fled a traffic stop on Friday near Tifton, Ga.", "shooting", "by_officer"),
    ("Deputy U.S. Marshals shot a fugitive on Friday in Mobile, Ala., as they served a warrant.", "shooting",
     "by_officer"),
    ("A man was shot by a SWAT team on Friday after a standoff at a home in Boise, Idaho.", "shooting", "by_officer"),
    ("Cops fired at a car that drove at them on Friday in Camden, N.J., killing its driver.", "shooting", "by_officer"),
    ("A man fired at two Border Patrol agents near the river on Friday in Eagle Pass, Texas.", "shooting",
     "at_officer"),
    ("The state opened an inquiry into a law enforcement-involved shooting on Friday in Dover, Del.", "shooting",
     "by_officer"),
    ("A man shot his neighbor on Friday in Dover, Del., and fled.", "shooting", "none"),
]


@pytest.mark.parametrize("text, force, who", FORCE, ids=[f[1] + "-" + f[2] + "-" + str(i) for i, f in enumerate(FORCE)])
def test_force_types_and_who_used_force(text, force, who):
    (m,) = extract(text)
    assert (m.get("force_type"), m.get("law_enforcement")) == (force, who)


def test_a_vehicle_parked_nearby_is_not_involved():
    (m,) = extract("Agents fired tear gas at protesters outside the facility on Friday in Broadview, Ill. A van "
                   "with detainees left the building an hour later.")
    assert m.get("vehicle_involved") is False


def test_agencies_are_those_that_used_force_and_others_are_kept_as_passed_over():
    (m,) = extract("An ICE officer shot a man during a stop on Friday in Fontana, Calif. The FBI is reviewing the "
                   "shooting, and city police closed the street.")
    assert m.get("agencies") == ["ICE"]
    assert {c["value"] for c in m.fields["agencies"].passed_over} == {"FBI", "POLICE"}


def test_a_byline_and_a_page_stamp_do_not_date_the_event():
    (m,) = extract("By Dana Field Oct. 31, 2025, 5:30 a.m.\nAgents fired pepper balls at protesters Tuesday "
                   "outside the facility in Broadview, Ill.")
    assert m.get("date") == date(2025, 10, 28)


def test_an_explainers_heading_is_no_event():
    assert extract("What are pepper balls? They are small projectiles filled with a chemical irritant.") == []


HEADED = (
    "A gunman fired at an immigration office in Corvale, Texas, on Wednesday, wounding two detainees. The "
    "gunman, Dale Moss, 31, shot himself as officers arrived, police said.\n"
    "On Wednesday morning, about 6:40 a.m., Moss opened fire from a rooftop across from the office in Corvale.\n"
    "Here is what we know about attacks on immigration offices this year.\n"
    "Alvarez, Texas\n"
    "On July 4, attackers fired at guards outside a detention center; one officer was shot in the neck.\n"
    "Mercer, Texas\n"
    "On July 7, a man fired at agents leaving a Border Patrol annex; the agents shot and killed him.\n"
    "How many people does the agency hold?\n"
    "The agency holds more than 50,000 people, officials said.\n"
)


def test_a_report_with_a_roundup_of_place_headed_items_keeps_its_own_incident():
    ms = extract(HEADED, published=date(2025, 9, 26))
    by_city = {m.get("city"): m for m in ms}
    assert len(ms) == 3 and "Corvale" in by_city
    dated = {m.get("date") for m in ms}
    assert {date(2025, 9, 24), date(2025, 7, 4), date(2025, 7, 7)} <= dated
    mercer = next(m for m in ms if m.get("date") == date(2025, 7, 7))
    assert mercer.get("killed") == 1
    # the section after the question heading is the article's, no item's
    assert not any("50,000" in a.quote for m in ms for a in m.accounts + m.claims)


@pytest.mark.parametrize("text, towns", [
    ("Most popular 1 Facing Possible Arrest, Minnesota Lawyer Defends Protest", []),
    ("Protests spread to a dozen cities, including Seattle, Washington, DC, and Charlotte, North Carolina.",
     ["Washington", "Charlotte"]),
    ("Deputies found him on a farm in Tinyville, Ky., the sheriff said.", ["Tinyville"]),
    ("Dana Roe\nEditor in Chief, LA Public Press\nEvery contribution keeps our newsroom strong.", []),
    ("The man appeared in court Monday.\n\nMeanwhile, Florida hospital officials said one victim was released.", []),
    ("Tinyville, Ky. (WXYZ) - Deputies shot a man Monday.", ["Tinyville"]),
    ("Other shootings this year:\nTinyville, Ky.\nDeputies shot a man on July 4.", ["Tinyville"]),
], ids=["headline-word", "washington-dc", "small-town", "a-title", "a-paragraphs-first-word",
        "dateline-dash", "a-place-label"])
def test_a_word_the_gazetteer_does_not_know_is_a_town_only_where_a_place_is_introduced(text, towns):
    assert [p.name for p in find_places(text) if p.kind == "city" and p.rule == "city_state_pair"] == towns


def test_an_incident_the_report_sets_apart_is_its_own():
    ms = extract("Protesters gathered Monday in Corvale, Minn., and agents fired tear gas at the crowd.\n"
                 "In one incident, agents rammed the car of a man in south Corvale and then asked about his status.")
    assert [m.get("force_type") for m in ms] == ["less-lethal", "vehicle"]


def test_less_lethal_force_on_two_days_is_two_incidents():
    ms = extract("Agents fired pepper balls at protesters on Friday outside the facility in Broadview, Ill., and a "
                 "reporter was hit in the face. On Saturday evening agents fired tear gas into a crowd of about 50 "
                 "protesters and made several arrests.", published=date(2025, 9, 29))
    assert sorted(m.get("date") for m in ms) == [date(2025, 9, 26), date(2025, 9, 27)]


def test_a_pattern_of_conduct_is_no_incident():
    assert extract("The lawsuit says federal agents have repeatedly fired pepper balls and tear gas at reporters "
                   "and have followed protesters to their homes.") == []


def test_someone_at_the_wheel_makes_a_vehicle_involved():
    (m,) = extract("An ICE officer shot Luis Vega in the shoulder on Friday in Fontana, Calif. Vega was driving a "
                   "pickup near his home when, officials said, he backed up and accelerated toward the officers.")
    assert m.get("vehicle_involved") is True


def test_a_big_city_keeps_its_state_when_the_story_names_another():
    (m,) = extract("Agents broke the window of a car and pepper-sprayed a man on Thursday in Minneapolis. He and "
                   "his daughter were later flown to Texas, where they were held, his lawyer said. Texas officials "
                   "declined to comment. A Texas judge ordered the girl released.")
    assert (m.get("city"), m.get("state")) == ("Minneapolis", "MN")


PARTS_OF_TOWNS = [
    # (headline, text, city, state): a neighbourhood or a street named like a town elsewhere is not that town
    ("Spring Branch teen wounded in shooting", "A 16-year-old was shot in the arm late Friday inside an apartment "
     "near Birch Road, police said. He is expected to survive.", None, None),
    ("Police search apartment after shooting", "A man was shot and wounded Tuesday at an apartment in the East "
     "Hillside neighborhood, police said.", None, None),
    ("Arrest made in North Austin shooting", "Police arrested a man in connection with a shooting in North Austin. "
     "The shooting happened Sunday on North Lamar, police said.", "Austin", "TX"),
    ("Franklinton shooting victim taken to hospital", "COLUMBUS (WXYZ) — Police say a boy was shot Monday in the "
     "Franklinton neighborhood. He was taken to a hospital in stable condition.", "Columbus", "OH"),
    ("Baltimore police seek gunman", "Five people were shot Monday in North Baltimore, police said. One of "
     "them later died at a hospital.", "Baltimore", "MD"),
    ("Toddler among four shot on Christmas night", "Gunfire on Christmas night left an Eastside Jacksonville girl, 2, "
     "in critical condition, and three others were wounded.", "Jacksonville", "FL"),
    ("Police seek two men in club shooting", "Investigators want to question two men about a shooting at a Northeast "
     "D.C. nightclub early Saturday that wounded five people.", "Washington", "DC"),
    # and a town is still a town: beside another town, led by a direction of its own name, after an adjective
    ("Man shot near park entrance", "A man was shot Friday near Bronx Park, police said.", "Bronx", "NY"),
    ("Gunman fires at officers", "A gunman opened fire on North Charleston officers on Monday, police said. No "
     "officer was hurt.", "North Charleston", "SC"),
    ("Chase ends in shooting", "Troopers chased the car near Dallas and Fort Worth before a trooper shot the driver "
     "on Sunday.", "Dallas", "TX"),
    ("Unarmed Tulsa man shot by deputies", "Deputies shot a man on Friday after a traffic stop, the sheriff said.",
     "Tulsa", "OK"),
    ("Two hurt in Indio shooting", "Two people were taken to the hospital after a shooting in Indio on Sunday "
     "night. Police responded to the shooting near Monroe and Avenida Del Mar.", "Indio", "CA"),
]


@pytest.mark.parametrize("title, text, city, state", PARTS_OF_TOWNS, ids=[p[0][:30] for p in PARTS_OF_TOWNS])
def test_a_part_of_a_town_or_a_street_is_not_a_town_of_another_state(title, text, city, state):
    (m,) = extract(text, title=title)
    assert (m.get("city"), m.get("state")) == (city, state)


HOMES = [
    # (headline, text, city, state): where the people shot live or came from is not the scene
    ("Two wounded in West Side shooting", "Two men were shot overnight in a car near Elm Street, police said. "
     "Police named them as Dale Brown, 37, of Detroit, and Owen Hart, 41, of Nitro. Anyone with "
     "information is asked to call the Tuscaloosa Police Department.", "Tuscaloosa", "AL"),
    ("Gunman kills three at Fort Myers beach", "FORT MYERS (WXYZ) — A gunman opened fire on a crowded beach on "
     "Friday, killing three people. Ray Lund, 60, and his wife flew in from Omaha, Nebraska, for a cruise; he was "
     "killed and she was wounded.", "Fort Myers", "FL"),
    ("Police name man killed in bar shooting", "Philadelphia police identified a Virginia man who was shot and "
     "killed inside a bar on Sunday evening. Ty Reed, 34, of Fredericksburg, Virginia, was struck several times.",
     "Philadelphia", "PA"),
]


@pytest.mark.parametrize("title, text, city, state", HOMES, ids=[p[0][:30] for p in HOMES])
def test_where_the_people_shot_live_or_came_from_is_not_the_scene(title, text, city, state):
    (m,) = extract(text, title=title)
    assert (m.get("city"), m.get("state")) == (city, state)


def test_every_rule_stamped_on_the_samples_is_registered():
    """Each value, person attribute, account and passed-over candidate from the bundled samples names
    registered rules only: `encounters rules` and `show --why` can explain every one."""
    from pathlib import Path

    from encounters.extract.rules import check_rule
    from encounters.ingest import read_paths

    samples = Path(__file__).resolve().parent.parent / "samples"
    docs = [d for d in read_paths([str(samples)]) if isinstance(d, Document)]
    stamped = set()
    for _, mentions in RuleExtractor().extract(docs):
        for m in mentions:
            values = list(m.fields.values()) + [v for p in m.people for v in p.attributes().values() if v is not None]
            for v in values:
                stamped.add(v.rule)
                stamped.update(c["rule"] for c in v.passed_over if c.get("rule"))
            stamped.update(a.rule for a in m.accounts + m.claims if getattr(a, "rule", ""))
    assert len(stamped) > 20
    assert {r: check_rule(r) for r in stamped if check_rule(r)} == {}


COUNTS = [
    # (text, killed, injured, rule of injured)
    ("Officers answering reports of gunshots Saturday in Quincy, Ill., found one man dead and another wounded.",
     1, 1, "n_dead_m_wounded"),
    ("Four people were confirmed to have been shot early Thursday in Lake Charles, La. One person was killed.",
     1, 3, "shot_minus_killed"),
    ("Gunfire broke out Friday in Dayton, Ohio, leaving two people dead and three others injured.", 2, 3,
     "n_dead_m_wounded"),
]


@pytest.mark.parametrize("text, killed, injured, rule", COUNTS, ids=[c[3] + "-" + str(c[2]) for c in COUNTS])
def test_counts_of_the_dead_and_the_wounded(text, killed, injured, rule):
    (m,) = extract(text, published=date(2017, 2, 27))
    assert (m.get("killed"), m.get("injured"), m.fields["injured"].rule) == (killed, injured, rule)


def test_an_incident_named_as_a_time_mark_does_not_pull_in_another_story():
    ms = extract("A gunman fired at an immigration office in Corvale, Texas, on Wednesday, wounding two detainees. "
                 "The gunman, Dale Moss, 31, shot himself as officers arrived, police said.\n"
                 "On Wednesday morning, Moss opened fire from a rooftop across from the office in Corvale.\n"
                 "Here are other attacks on immigration offices this year.\n"
                 "Corvale, Texas\n"
                 "Before Wednesday's shooting, a man identified as Tom Vick, 36, was arrested on Aug. 26 at the same "
                 "office after he claimed he had a bomb.\n"
                 "Mercer, Texas\n"
                 "On July 7, a man fired at agents leaving a Border Patrol annex; the agents shot and killed him.\n",
                 published=date(2025, 9, 26))
    assert {m.get("date") for m in ms} == {date(2025, 9, 24), date(2025, 7, 7)}
    assert "Tom Vick" not in {p.display_name for m in ms for p in m.people}


def test_someone_who_could_have_died_is_not_dead():
    (m,) = extract("An ICE officer fired at a driver Thursday in Ontario, Calif.; the driver was wounded in the arm. "
                   "His attorneys say he could have died and that the shooting should be investigated.")
    assert (m.get("killed"), m.get("injured")) == (0, 1)


@pytest.mark.parametrize("text", [
    "Police fired", "an officer shot", "Agents fired", "deputies opened fire", "a deputy shot", "troopers fired",
    "U.S. Marshals shot", "cops fired", "a SWAT team fired", "Border\nPatrol fired", "a law  enforcement-involved shooting",
    "officer-involved shooting", "shot by a Border Patrol agent",
])
def test_the_quick_test_before_the_who_used_force_patterns_lets_every_word_for_law_enforcement_through(text):
    from encounters.extract.involvement import AT_OFFICER, BY_OFFICER, LAW_NAMED, may_name_law

    assert LAW_NAMED.search(text) or BY_OFFICER.search(text) or AT_OFFICER.search(text) or "enforcement" in text
    assert may_name_law(text)

