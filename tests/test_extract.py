"""Extraction rules, each driven by a short article written for the project."""
from __future__ import annotations

from datetime import date

import pytest

from encounters.core.model import Document
from encounters.extract import RuleExtractor


def extract(text, published=date(2025, 3, 7), title=None, doc_id="t"):
    doc = Document(id=doc_id, text=text, title=title, published=published)
    ((_, mentions),) = list(RuleExtractor().extract([doc]))
    return mentions


def test_the_shooting_date_not_the_court_date():
    # published Friday 2025-03-07: the shooting was Saturday the 1st, the hearing Tuesday the 4th
    (m,) = extract("Lena Ortiz, 24, appeared in court Tuesday on charges that she shot a man Saturday night "
                   "outside a bar in Albuquerque, N.M., police said.")
    assert m.get("date") == date(2025, 3, 1)
    assert m.fields["date"].rule.startswith("weekday_before_publication")


def test_a_fatal_shooting_with_no_number_counts_one_death():
    (m,) = extract("Police are investigating a fatal shooting Wednesday in Macon, Ga. No arrests have been made.")
    assert m.get("killed") == 1 and m.fields["killed"].rule == "fatal_implies_one"


def test_a_headline_count_fills_in_when_the_text_has_none():
    (m,) = extract("Deputies found the bodies Monday inside a home on Ridge Road in Ocala, Fla., after neighbors "
                   "reported hearing gunshots.", title="3 found shot dead in Ocala home")
    assert m.get("killed") == 3 and m.fields["killed"].inferred and m.fields["killed"].rule == "headline_count"


def test_who_died_after_the_name_is_a_death():
    (m,) = extract("A stray bullet struck Marcus Bell, 17, who died at the scene Sunday in Flint, Mich., police said.")
    bell = next(p for p in m.people if p.display_name == "Marcus Bell")
    assert bell.status.value == "killed" and m.get("killed") == 1


def test_citizenship_of_relatives_is_not_the_subjects():
    (m,) = extract("An ICE officer shot Omar Haddad, 40, on Thursday in Dearborn, Mich. Haddad has three "
                   "daughters who are U.S. citizens, his lawyer said.")
    haddad = next(p for p in m.people if p.display_name == "Omar Haddad")
    assert haddad.citizen.value == "unknown"


def test_no_force_wording_means_no_incident_and_no_analysis():
    assert extract("ICE detained 14 workers at a restaurant on Tuesday in Marshall Township, Pa.") == []


def test_dateline_with_arrows_and_a_direction_before_the_city():
    (m,) = extract("GLENDALE >> Police on Friday were investigating the shooting death of a 40-year-old man "
                   "found in a parking garage, a spokesman said.", published=date(2025, 3, 8))
    assert (m.get("city"), m.get("state")) == ("Glendale", "AZ")  # the most populous Glendale, no state named
    (m,) = extract("A 9-year-old girl was shot Sunday in Southwest Baltimore, police said.")
    assert (m.get("city"), m.get("state")) == ("Baltimore", "MD")


def test_boroughs_are_places_in_new_york():
    (m,) = extract("A 19-year-old man was shot and killed inside a Bronx apartment on Tuesday, police said.")
    assert (m.get("city"), m.get("state")) == ("Bronx", "NY")


def test_a_county_that_exists_in_one_state_names_the_state():
    (m,) = extract("Deputies said a man shot his neighbor Tuesday near Naples. The Collier County Sheriff's Office "
                   "is investigating.")
    assert m.get("state") == "FL" and m.get("city") == "Naples"


def test_who_fired_an_officer_or_at_one_or_neither():
    text = ("A sheriff's deputy shot and wounded a man who ran toward him with a machete Sunday in "
            "Pueblo, Colo., the sheriff's office said.")
    (by,) = extract(text)
    assert by.get("law_enforcement") == "by_officer"
    span = by.fields["law_enforcement"].spans[0]
    assert text[span.start:span.end] == "sheriff's deputy shot"
    (at,) = extract("A man fired at two state troopers during a traffic stop Sunday in Pueblo, Colo.; neither "
                    "trooper was hurt and the man was arrested.")
    assert at.get("law_enforcement") == "at_officer"
    (neither,) = extract("A woman was shot and killed Sunday in Pueblo, Colo., after an argument with a neighbor, "
                         "police said. Officers told reporters the neighbor shot her twice.")
    assert neither.get("law_enforcement") == "none" and neither.fields["law_enforcement"].inferred



def names_of(mentions) -> set[str]:
    return {p.display_name for m in mentions for p in m.people if p.display_name}


def test_participants_the_tagger_may_miss_are_found_by_how_reports_introduce_them():
    found = names_of(extract(
        "Deputies found 16-year-old Tamsin Okoro shot in the chest Saturday on Birch Street in Gary, Ind. "
        "Colm Vetter, accused of firing from a passing car, was arrested Sunday."))
    assert {"Tamsin Okoro", "Colm Vetter"} <= found


def test_identified_as_makes_a_participant_and_a_street_word_surname_with_an_age_is_a_person():
    found = names_of(extract(
        "A boy was hit by gunfire Friday in Flint, Mich. The boy, identified as Marcus Wynn of Flint, was taken "
        "to a hospital. Officers arrested Thomas Lane, 28, at the scene."))
    assert {"Marcus Wynn", "Thomas Lane"} <= found


def test_records_list_first_name_and_surname_and_keep_the_full_name():
    from encounters.resolve import summarise

    (m,) = extract("Allen Shearer Ramsey Jr., 44, was shot and killed Friday night in Tulsa, Okla., police said.")
    (person,) = summarise("inc-x", [m]).people
    assert person["name"] == "Allen Ramsey" and person["full_name"] == "Allen Shearer Ramsey Jr."


def test_first_names_sharing_a_surname_are_each_a_person():
    found = names_of(extract(
        "Ines, Tomas and Lucia Ferreira were shot dead Sunday in their home in Lowell, Mass., and their father, "
        "Rui Ferreira, 51, was charged with murder."))
    assert {"Ines Ferreira", "Tomas Ferreira", "Lucia Ferreira", "Rui Ferreira"} <= found


def test_the_county_named_settles_which_namesake_city_and_state():
    (m,) = extract("A deputy shot a man Tuesday night in Springfield after a car chase, the Sangamon County "
                   "Sheriff's Office said.")
    assert (m.get("city"), m.get("state")) == ("Springfield", "IL")
    assert m.fields["state"].rule == "county_state"
    (n,) = extract("A man was shot and wounded Sunday in Garfield, a neighborhood on the east side of the city, "
                   "the Allegheny County medical examiner said.")
    assert n.get("state") == "PA"


def test_a_neighbourhood_that_is_a_town_elsewhere_takes_the_big_citys_state():
    (m,) = extract("A 19-year-old man was shot and wounded Saturday night in Englewood, Chicago police said.")
    assert m.get("state") == "IL"


def test_the_responding_department_or_the_headline_names_the_city():
    (m,) = extract("A man was shot in a parking lot Friday. The Fresno Police Department said the man "
                   "was in stable condition.")
    assert (m.get("city"), m.get("state")) == ("Fresno", "CA") and not m.fields["city"].inferred
    (n,) = extract("A woman was shot and wounded Friday night while sitting in her car, police said.",
                   title="Woman shot while sitting in car in Fairbanks, Alaska")
    assert (n.get("city"), n.get("state")) == ("Fairbanks", "AK") and n.fields["city"].rule == "headline_city"


def test_a_court_date_in_the_shooting_sentence_gives_way_to_the_day_told_nearby():
    # published Friday 2025-03-07: the court date is Tuesday the 4th, the fight Saturday the 1st
    (m,) = extract("Dario Felt, 22, who is accused of shooting a man outside a Reno bar, appeared before a judge "
                   "Tuesday. The argument began Saturday night on Virginia Street, according to the complaint.")
    assert m.get("date") == date(2025, 3, 1)
    (n,) = extract("A vigil is planned for Thursday for Rosa Tejada, 30, who was shot and killed in Reno, Nev., "
                   "police said. Officers were called to her apartment Monday evening.")
    assert n.get("date") == date(2025, 3, 3)


def test_film_shoots_fires_and_naval_battles_are_not_incidents():
    assert extract("The studio said the sequel begins shooting in August, and most scenes will be shot in Atlanta "
                   "before a release date next year.") == []
    assert extract("More than 50 firefighters tackled the blaze at the supermarket, and officers closed the "
                   "street while residents were evacuated.") == []
    assert extract("The navy frigate fired warning shots at the pirates' skiff, forcing them to surrender off the "
                   "coast on Saturday.") == []


def test_police_less_lethal_force_is_still_an_incident():
    (m,) = extract("Officers used a Taser to subdue the driver after a chase Friday in Tulsa, Okla., police said.")
    assert m.get("force_type") == "less-lethal" and m.get("law_enforcement") == "by_officer"


def test_shot_and_later_died_is_one_death_not_an_injury():
    (m,) = extract("The 3-year-old who was shot inside a home on Elm Street in Dayton, Ohio, has died, police said.")
    assert (m.get("killed"), m.get("injured")) == (1, 0)
    (n,) = extract("A boy was shot Tuesday evening at a home in Dayton, Ohio. He was rushed to a hospital and died "
                   "on Thursday, the coroner said.")
    assert (n.get("killed"), n.get("injured")) == (1, 0)
    assert n.fields["injured"].rule == "shot_then_died"


def test_a_surname_before_and_is_not_a_first_name():
    found = names_of(extract("Mara Quist and Dale Quist were shot and wounded Sunday in Boise, Idaho. Police said "
                             "Quist and Jon Quist had argued before the shooting."))
    assert "Quist Quist" not in found


def people_of(mentions) -> dict[str, str]:
    return {p.display_name: p.status.value for m in mentions for p in m.people if p.display_name}


def test_outcomes_told_in_other_words():
    status = people_of(extract(
        "Officers found Wade Pruitt, 22, and determined he had been shot in the torso. Corinne Ash, 36, was found "
        "shot and killed inside the home, the coroner said. Officer Lyle Brandt suffered two gunshot wounds. "
        "A stray bullet struck 9-year-old Nia Rowe in the arm during the drive-by shooting in Macon, Ga., on "
        "Sunday."))
    assert status["Corinne Ash"] == "killed"
    assert status["Lyle Brandt"] == "injured" and status["Nia Rowe"] == "injured"


def test_quotes_far_from_the_incident_on_a_long_page_are_not_its_accounts():
    filler = " ".join(f"The council also discussed the budget for road repairs in district {i}." for i in range(80))
    text = ("A Border Patrol agent shot and wounded a driver Sunday in Yuma, Ariz., the agency said. "
            "\"He drove at the agent,\" a CBP spokesperson said.\n\n" + filler +
            "\n\n\"The new library will open in May,\" said council member Ruth Obi.")
    (m,) = extract(text)
    speakers = {a.speaker for a in m.accounts}
    assert any("CBP" in s or "spokesperson" in s for s in speakers)
    assert not any("Obi" in s for s in speakers)


def test_a_city_used_as_an_adjective_is_the_place():
    # no tagger needed: "a Yonkers girl", "Little Rock police"
    (m,) = extract("A 4-year-old Yonkers girl was shot in the face late Monday.")
    assert (m.get("city"), m.get("state")) == ("Yonkers", "NY")
    text = "Little Rock police said a man was shot twice Saturday outside a gas station."
    (m,) = extract(text)
    assert (m.get("city"), m.get("state")) == ("Little Rock", "AR")
    span = m.fields["city"].spans[0]
    assert text[span.start:span.end] == "Little Rock"


def test_a_street_or_a_newspaper_is_not_the_place():
    (m,) = extract("A man was found shot to death early Sunday in the 1900 block of Dover, and Salina police "
                   "are investigating. Relatives confirmed his identity to the Empire.")
    assert (m.get("city"), m.get("state")) == ("Salina", "KS")


def test_the_documents_other_places_pick_the_namesake():
    # Madisonville is a town in Kentucky and a neighbourhood of Cincinnati: the story's other places say Ohio
    (m,) = extract("A man was shot and killed Friday night in Madisonville, police said. Cincinnati police "
                   "officers found him on the sidewalk. Hamilton County prosecutors have not filed charges.")
    assert (m.get("city"), m.get("state")) == ("Cincinnati", "OH")
    # a county name several states have: Harris County is in Texas and Georgia; Houston says which
    (m,) = extract("A 5-year-old boy was shot Tuesday night at a northwest Harris County home, deputies said. "
                   "He was taken to a Houston hospital, where he died.")
    assert m.get("state") == "TX" and m.get("county") == "Harris County"


def test_people_listed_as_victims_or_named_before_what_happened_to_them():
    (m,) = extract("Three people were shot early Sunday outside a club in Tulsa, Okla. The medical examiner "
                   "identified the victims as Tomas Varga, 24; Lenore Quist, 23; and Abe Tilly, 19.")
    names = {p.display_name: p for p in m.people}
    assert {"Tomas Varga", "Lenore Quist", "Abe Tilly"} <= set(names)
    assert names["Lenore Quist"].age.value == 23
    (m,) = extract("Gunfire erupted Friday at a party in Ogden, Utah. Marisol Quenneville-Ortiz, 31, and Devontae "
                   "Pruitt, 22, died at the scene, and Kendra Vossberg of Roy, Utah, was critically injured.")
    by_name = {p.display_name: p.status.value for p in m.people}
    assert by_name.get("Marisol Quenneville-Ortiz") == "killed" and by_name.get("Devontae Pruitt") == "killed"
    assert by_name.get("Kendra Vossberg") == "injured"


def test_a_person_after_of_and_a_city_that_is_not_a_person():
    (m,) = extract("A man was arrested Tuesday in the shooting death of Angela Lindqvist in Fresno, Calif., "
                   "police said. Relatives in Iowa said Cedar Rapids was hit hard by the news.")
    names = {p.display_name for p in m.people}
    assert "Angela Lindqvist" in names and "Cedar Rapids" not in names


def test_gun_deaths_told_without_the_word_shot():
    (m,) = extract("A 15-year-old boy died Sunday night in Wichita, Kan., after a handgun his friend was showing "
                   "him discharged, police said.")
    assert m.get("state") == "KS" and m.get("force_type") == "shooting"
    (m,) = extract("A 12-year-old girl was killed in a hunting accident Saturday near Traverse City, Mich.")
    assert m.get("force_type") == "shooting"
    assert extract("A 15-year-old boy died Sunday night in Wichita, Kan., after he was hit by a car, police said.") == []
    for text in ("A family of four found in a burned house near Pierre, S.D., died of shotgun wounds, the attorney "
                 "general said Monday.",
                 "A woman killed her daughter Saturday in Lakeland, Fla., before turning the gun on herself.",
                 "The teen pointed a handgun toward an officer Monday in Benton, Ark., which resulted in shots being "
                 "fired by the officer."):
        (m,) = extract(text)
        assert m.get("force_type") == "shooting"


def test_an_autopsy_day_is_not_another_incident_and_all_four_died_counts_four():
    # published Friday 2025-03-07: the shooting was Thursday the 6th; "Monday" is a later update's autopsy day
    (m,) = extract("Four people were found shot in the head inside a townhouse in Dayton, Ohio, Thursday "
                   "afternoon, police said.\n\nThe county coroner conducted autopsies Monday that showed all four "
                   "died from a single gunshot. The coroner identified the victims as Rhett Calloway, 24; Mina "
                   "Osei, 23; Tobias Frey, 19, and Lucie Brandt, 19.")
    assert m.get("date") == date(2025, 3, 6)
    assert m.get("killed") == 4 and m.get("injured") == 0
    assert {"Rhett Calloway", "Mina Osei", "Tobias Frey", "Lucie Brandt"} <= {p.display_name for p in m.people}


def test_where_someone_lives_is_not_where_it_happened():
    (m,) = extract("Police charged a man Saturday in the shooting death of Ana Ruiz, 21, of Miami, Florida, at a "
                   "house party in Lowell, Mass.")
    assert (m.get("city"), m.get("state")) == ("Lowell", "MA")


def test_kansas_city_is_not_kansas_and_a_small_town_takes_the_state_the_story_names():
    (m,) = extract("A 4-year-old boy riding in the back seat was shot and killed Monday in a rolling gun battle, "
                   "the Kansas City Police Department said.")
    assert (m.get("city"), m.get("state")) == ("Kansas City", "MO")
    # the gazetteer knows Elgins in Illinois and Texas, none in Iowa; the story says Iowa and Fayette County:
    # the state and county are Iowa's, and a town the gazetteer does not know there is left open
    # (a record never pairs a town with a state it is not in)
    (m,) = extract("ELGIN — A 4-year-old Iowa boy died Friday after he accidentally shot himself at a home in "
                   "Fayette County, the sheriff said.")
    assert (m.get("city"), m.get("state"), m.get("county")) == (None, "IA", "Fayette County")
    # named with its state, a small town stands: the text pairs them
    (m,) = extract("ELGIN, Iowa — A 4-year-old boy died Friday after he accidentally shot himself at a home, "
                   "the sheriff said.")
    assert (m.get("city"), m.get("state")) == ("Elgin", "IA")
    # a dateline with no state: the namesake the story's other places agree on
    (m,) = extract("BOILING SPRINGS — A 17-year-old was killed Saturday when a rifle he was cleaning discharged, "
                   "Cleveland County deputies said. He was taken to a hospital in Shelby. He planned to study "
                   "welding at Cleveland Community College, said a neighbor, an Ohio native.")
    assert (m.get("city"), m.get("state")) == ("Boiling Springs", "NC")


def test_the_street_address_is_a_grounded_field():
    text = ("A man was shot and killed early Sunday in the 5500 block of West Old National Road in Knightstown, "
            "Ind., deputies said.")
    (m,) = extract(text)
    addr = m.fields["address"]
    assert addr.value == "5500 block of West Old National Road" and addr.rule == "block_address"
    assert text[addr.spans[0].start:addr.spans[0].end] == addr.value
    (m,) = extract("A 2-year-old was critically injured in a shooting Tuesday at 333 Rio Vista Dr. in Nashville.")
    assert m.get("address") == "333 Rio Vista Dr"


def test_a_first_name_given_as_a_relative_takes_the_relatives_surname():
    (m,) = extract("Police say 35-year-old Clarence Whitfield shot his wife Shauna on Sunday in Culpeper, Va., "
                   "and then turned the gun on himself.")
    shauna = next(p for p in m.people if p.display_name.startswith("Shauna"))
    assert shauna.display_name == "Shauna Whitfield" and shauna.name.rule == "first_name+relative_surname"
    # the name's evidence is the first name as written
    assert shauna.name.spans and all(s.end - s.start == len("Shauna") for s in shauna.name.spans)


def test_someone_named_as_the_victim_is_a_participant_whatever_the_sentence_says():
    (m,) = extract("A 3-year-old boy was shot and paralyzed Sunday in Chicago, police said. The boy, Devon Marsh, "
                   "was in his father's car when the gunfire began. Keandre Polk was 17 years old.")
    names = {p.display_name for p in m.people}
    # an age alone, in a sentence that tells nothing of the shooting, links no one to it (issue 11)
    assert "Devon Marsh" in names and "Keandre Polk" not in names


def test_a_hearing_day_does_not_split_the_report_and_the_hospital_town_is_not_the_scene():
    # published Monday 2025-03-10: arraigned Monday, the shooting was Friday the 7th
    (m,) = extract("Standing before a judge on Monday afternoon, Tobin Marsh, 35, was arraigned after police say "
                   "he shot and killed his friend in the driveway of a home in Bristol, Conn.\n\nOn Friday evening, "
                   "police responded to the home and found the man lying in the driveway with gunshot wounds.",
                   published=date(2025, 3, 10))
    assert m.get("date") == date(2025, 3, 7)
    (m,) = extract("A woman shot in the head early Thursday died Saturday at a medical center in Spokane, Wash., "
                   "deputies said. The shooting happened in a Wenatchee apartment.", published=date(2025, 3, 11))
    assert m.get("date") == date(2025, 3, 6)
    assert (m.get("city"), m.get("state")) == ("Wenatchee", "WA")


def test_a_hearing_story_dates_its_incident_by_the_month_it_names():
    (m,) = extract("A preliminary hearing is scheduled Tuesday for two brothers charged in the January shooting "
                   "deaths of four women at an apartment complex in Tulsa, Okla.", published=date(2025, 4, 2))
    assert m.get("date_range") == [date(2025, 1, 1), date(2025, 1, 31)]
    assert m.fields["date_range"].rule == "month_window+before_reporting_day"


def test_a_county_places_the_event_when_the_only_town_is_a_hospitals_or_an_outlets():
    # a Texas county story from a Louisiana station: the hospital's town and the station's are not the scene
    (m,) = extract("A 4-year-old girl was critically injured Tuesday in an accidental shooting in Cass County.\n\n"
                   "Deputies with the Cass County Sheriff's Office found the girl with a gunshot wound to the chest. "
                   "She was flown to a children's hospital in Shreveport, where she underwent surgery.",
                   published=date(2025, 3, 12), title="Girl hurt in accidental shooting - KTAL News Shreveport, Louisiana")
    assert m.get("city") is None and m.get("county") == "Cass County"
    assert m.get("state") != "LA"  # Louisiana has parishes, not a Cass County
    # a coroner's office that takes in another county's dead does not place the event
    (m,) = extract("According to the Vanderburgh County Coroner's Office, a 15-year-old died after an accidental "
                   "shooting Monday in Webster County, Kentucky. He was taken to a hospital in Evansville, where he died.",
                   published=date(2025, 3, 11))
    assert m.get("county") == "Webster County" and m.get("state") == "KY" and m.get("city") is None


def test_a_county_police_force_is_not_a_town_and_a_stations_dateline_gives_way_to_the_headline_town():
    (m,) = extract("Suffolk police said a man was shot in the leg late Sunday in Brentwood. Suffolk County "
                   "police detectives are asking anyone with information to call.", published=date(2025, 3, 10))
    assert m.get("city") == "Brentwood" and m.get("state") == "NY"
    # a city's police where the county has a medical examiner, not a police force: the city's
    (m,) = extract("Milwaukee police said a man was shot and killed late Sunday near a gas station. The Milwaukee "
                   "County Medical Examiner's Office identified him Monday.", published=date(2025, 3, 11))
    assert m.get("city") == "Milwaukee" and m.get("state") == "WI"
    (m,) = extract("INDIANAPOLIS, Ind. (March 9, 2025) — Police officers in Kokomo are investigating a shooting at "
                   "a tavern that wounded two men early Sunday, according to Howard County dispatch.",
                   published=date(2025, 3, 9), title="Two wounded in shooting at Kokomo tavern")
    assert m.get("city") == "Kokomo" and m.get("state") == "IN"


def test_an_unrelated_shooting_and_a_roundups_items_are_incidents_of_their_own():
    text = ("Toledo police are investigating a shooting early Sunday outside a nightclub on Monroe Street that "
            "sent three men to the hospital. Officers heard gunshots at 2:40 a.m. Sunday near Monroe and Detroit "
            "avenues.\n\nAlso this weekend, in an unrelated incident, a man was shot in the arm Saturday night in "
            "East Toledo, police said.\n\nLUCAS COUNTY HOMICIDES 2025 Jan. 14: Arlo Venn, 33, is shot and killed "
            "outside a gas station. Feb. 2: Tess Duarte, 51, is shot in her home by an intruder.")
    ms = extract(text, published=date(2025, 3, 10))
    main = ms[0]
    assert main.kind == "primary" and main.get("date") == date(2025, 3, 9) and main.get("city") == "Toledo"
    saturday = [m for m in ms if m.get("date") == date(2025, 3, 8)]
    assert len(saturday) == 1  # the unrelated Saturday shooting, a day apart, is another incident
    listed = [m for m in ms if m.get("date") in (date(2025, 1, 14), date(2025, 2, 2))]
    assert len(listed) == 2 and all(m.kind == "brief" for m in listed)


def test_another_towns_shooting_recalled_at_the_end_is_not_the_main_incident():
    # the main report has no date of its own in its shooting sentences; a murder-suicide recalled from
    # "their Murray home" on another day must not lend it its date
    text = ("OGDEN — A couple were found dead inside their home on Mother's Day, police said.\n\n"
            "Ogden police said it appears the husband shot his wife before killing himself.\n\n"
            "It was the second such killing along the Wasatch Front this month. On May 1, Lina Varga, 41, was "
            "shot and killed by her husband, who then shot himself in their Murray home.")
    ms = extract(text, published=date(2025, 5, 12))
    assert ms[0].get("date") == date(2025, 5, 11) and ms[0].get("city") == "Ogden"
    assert any(m.get("date") == date(2025, 5, 1) and m.get("city") == "Murray" for m in ms[1:])


def test_a_township_and_a_place_in_it_are_one_incident():
    text = ("Ray Dunn, 19 (Burlington County Prosecutor's Office)\n\n"
            "PEMBERTON — A Browns Mills man has been charged with shooting his cousin to death.\n\n"
            "The two were in a garage on Juliustown Road early Friday when the shooting happened, Pemberton "
            "police said.")
    ms = extract(text, published=date(2025, 3, 8))
    assert len(ms) == 1 and ms[0].get("date") == date(2025, 3, 7)


def test_a_pages_update_stamp_and_a_report_released_months_later_do_not_date_the_event():
    (m,) = extract("Last updated at 9:12 a.m. on Sunday, March 9\n\nPolice say a man shot his brother at a "
                   "motel Friday night in Fairbanks, Alaska.", published=date(2025, 3, 8))
    assert m.get("date") == date(2025, 3, 7)
    (m,) = extract("Reports released Monday by the Routt County Sheriff's Office detail how a 4-year-old boy found "
                   "his father's gun and fatally shot himself.\n\nOn the morning of Jan. 6, the boy's father, a "
                   "Steamboat Springs officer, had left the gun in a closet.", published=date(2025, 3, 11))
    assert m.get("date") == date(2025, 1, 6)


def test_a_dateline_below_a_photo_caption_and_a_street_named_alone():
    (m,) = extract("Shooting scene (Photo: WKRN)\n\nMURFREESBORO -- A teenager who accidentally shot himself "
                   "early Thursday has died, his family said.", published=date(2025, 3, 7))
    assert m.get("city") == "Murfreesboro" and m.get("state") == "TN" and m.fields["city"].rule == "dateline"
    # the street a gunman sped off down is not a town (there is a Stanton in California)
    (m,) = extract("Three men were wounded early Sunday when a gunman opened fire during a fight on the Lower East "
                   "Side, police said. The shooter fired several rounds at the men before getting into a car and "
                   "speeding off down Stanton.", published=date(2025, 3, 10))
    assert m.get("city") is None and m.get("state") is None


def test_a_day_months_before_the_incidents_own_is_another_incidents():
    # charges in two child shootings told in one sentence: the report's incident is the one of May 4
    (m,) = extract("Prosecutors on Tuesday charged the grandparents of 5-year-old Lia Moss, who shot herself to "
                   "death May 4 with a gun she found under a pillow, and the mother of a 4-year-old who shot "
                   "himself in the hand Nov. 2.", published=date(2025, 5, 20))
    assert m.get("date") == date(2025, 5, 4)
    # within weeks the earlier day stays the shooting's: shot Friday, died Sunday
    (m,) = extract("Rey Lund, 30, died Sunday, two days after he was shot Friday outside a bar in Provo, Utah, "
                   "police said.", published=date(2025, 3, 11))
    assert m.get("date") == date(2025, 3, 7)


def test_a_street_corner_is_not_another_town_and_so_not_another_incident():
    # "Wallace" is a town in Florida; "near Wallace and 33rd Street" is a corner in Indianapolis
    ms = extract("INDIANAPOLIS — A mother is pleading for answers after her son died in what witnesses called an "
                 "accidental shooting.\n\nThe county coroner's office ruled the 15-year-old's death a homicide "
                 "Thursday.\n\nThe shooting happened inside a home near Wallace and 33rd Street on June 19.",
                 published=date(2025, 6, 27))
    assert len(ms) == 1
    assert ms[0].get("date") == date(2025, 6, 19) and ms[0].get("city") == "Indianapolis"


@pytest.mark.parametrize("text, injured, rule", [
    ("A teen, 14, was shot in the leg early Sunday in the parking lot of a club in Macon, Ga., police said. "
     "The boy was taken to a hospital with a wound that was not life-threatening.", 1, "someone_shot_survived"),
    ("A 9-year-old is recovering after being shot inside his home in Erie, Pa., on Saturday, police said.", 1,
     "someone_shot_survived"),
    ("Police in Tulsa, Okla., say a homeowner aiming at a burglar on Friday accidentally shot his girlfriend "
     "instead. She is expected to recover.", 1, "someone_shot_survived"),
    ("Shots were fired at a house on Elm Street in Dayton, Ohio, on Friday night. No one was hurt, police said.", 0,
     "nobody_hurt"),
    ("Someone fired several shots at a parked car Friday night in Dayton, Ohio, police said. The car was empty.", 0,
     "no_injury_reported"),
    ("A man was shot and killed outside a store Friday night in Dayton, Ohio, police said.", 0, None),
    ("An employee accidentally shot himself in the hand at a pistol range on Friday in Neptune, N.J. No one else "
     "was injured, police said.", 1, "someone_shot_survived"),
    ("Deputies said the teen was taken to a hospital in Orange Park, Fla., with non-life-threatening injuries "
     "after an accidental shooting at a home on Friday.", 1, "someone_shot_survived"),
    ("Police in Ames, Iowa, say a girl, 12, was seriously injured in an accidental shooting at a home on "
     "Saturday.", 1, "someone_shot_survived"),
    ("A 6-year-old girl was hit by a stray bullet while she slept in her home in Gary, Ind., on Monday, police said.",
     1, "someone_shot_survived"),
    ("Police are investigating a shooting Friday night in Mesa, Ariz. Officers said a person was taken to a "
     "hospital with injuries that were not life-threatening.", 1, "someone_shot_survived"),
    ("Police in Flint, Mich., were called to a shooting outside a school on Friday. A teenager is in critical but "
     "stable condition, they said.", 1, "someone_shot_survived"),
    ("Police said Liam Ortiz, 7, accidentally shot himself in the foot at a home in Ocala, Fla., on Friday. "
     "He is the fifth child in the county this year to be injured or killed by an unsecured gun.", 1,
     "someone_shot_survived"),
    ("A 4-year-old was hospitalized after an accidental shooting at a home in Pensacola, Fla., on Friday.", 1,
     "someone_shot_survived"),
    # several were hit and no count says how many: left open, neither one nor none
    ("Police in Toledo, Ohio, said teenagers were shot outside a recreation center on Friday night. All are "
     "expected to survive.", None, None),
])
def test_someone_shot_with_no_count_given_is_one_injured(text, injured, rule):
    (m,) = extract(text)
    assert m.get("injured") == injured, m.fields.get("injured")
    if rule:
        assert m.fields["injured"].rule == rule


def test_a_death_the_counts_missed_keeps_the_guess_of_one_injured_out():
    (m,) = extract("The sheriff said a man tending the property accidentally shot himself in the abdomen on Friday "
                   "near Danville, Ky.", title="Victim in Danville accidental shooting dies")
    assert m.fields["injured"].rule != "someone_shot_survived"
    (n,) = extract("A man accidentally shot himself in the abdomen on Friday near Danville, Ky. He was found lifeless "
                   "by a neighbor, the sheriff said.")
    assert n.fields["injured"].rule != "someone_shot_survived"


@pytest.mark.parametrize("text, killed, injured, rule", [
    ("Police in Beebe, Ark., say an 18-month-old is dead after a shooting at a home on Friday morning.", 1, 0,
     "count_singular"),
    ("A 5-year-old boy is dead after what police called an accidental shooting on Tuesday in Lubbock, Texas.", 1, 0,
     "count_singular"),
    ("Police in Effingham, Ill., are investigating a shooting on Oct. 18 that left a 16-year-old girl dead.", 1, 0,
     "count_object_one"),
    ("Police in Ames, Iowa, say a 12-year-old was wounded in a shooting at a home on Saturday.", 0, 1,
     "count_singular"),
    ("A man was shot outside a bar in Akron, Ohio, on Friday. He was later pronounced dead at a hospital.", 1, 0,
     "fatal_implies_one"),
])
def test_one_person_named_by_age_or_left_dead_is_counted(text, killed, injured, rule):
    (m,) = extract(text)
    assert (m.get("killed"), m.get("injured")) == (killed, injured)
    assert rule in (m.fields["killed"].rule, m.fields["injured"].rule)


@pytest.mark.parametrize("title, text, killed, injured", [
    ("14-year-old girl dies after shooting range accident",
     "A 14-year-old girl was shot Sunday morning at a shooting range south of Bismarck, N.D., the sheriff said.", 1, 0),
    ("Student takes own life in school parking lot",
     "A student shot himself in his car in the parking lot of a high school in Aurora, Colo., on Friday, police "
     "said.", 1, 0),
    ("Toddler shot in Portland neighborhood released from hospital",
     "A 2-year-old boy who was shot on New Year's Eve in Louisville, Ky., went home on Sunday.", 0, None),
    ("Teen killed in drive-by shooting",
     "Two people were shot, one fatally, on Friday in Kansas City, Kan., police said.", 1, 1),
])
def test_a_death_only_the_headline_tells_is_one_killed_inferred(title, text, killed, injured):
    (m,) = extract(text, title=title)
    assert m.get("killed") == killed
    if injured is not None:
        assert m.get("injured") == injured
    if killed and m.fields["killed"].rule == "fatal_in_headline":
        assert m.fields["killed"].inferred


# 2025-03-11 is a Tuesday
@pytest.mark.parametrize("text, day, rule", [
    ("DAYTON, Ohio — Police met with reporters Wednesday to discuss the death of a Dayton teen. They said the "
     "shooting that killed Jalen Moss, 14, Tuesday night began as a robbery.", date(2025, 3, 11),
     "weekday_before_publication"),
    ("Police said Wednesday that a man who was shot outside a bar in Dayton, Ohio, late Monday has died.", date(2025, 3, 10),
     "weekday_before_publication"),
    # a weekday six days back with nothing from the stamp's own days: last week's, as written
    ("A man was shot outside a bar on Wednesday in Dayton, Ohio, police said.", date(2025, 3, 5),
     "weekday_before_publication"),
])
def test_a_report_written_the_day_after_its_stamp_keeps_one_incident_on_the_right_day(text, day, rule):
    (m,) = extract(text, published=date(2025, 3, 11))
    assert m.get("date") == day
    assert m.fields["date"].rule.startswith(rule)
