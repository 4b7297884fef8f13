"""People on a record are the incident's participants, each with a role and an outcome the text settles.

Every case is a short report written for the project. A person is kept only when the text links them to
the force or its outcome; officials, lawyers, relatives, commentators, old cases and page chrome are not.
"""
from __future__ import annotations

from datetime import date

import pytest

from encounters.core.model import ROLES, STATUSES, Document
from encounters.extract import RuleExtractor
from encounters.extract.rules import check_rule

PUBLISHED = date(2025, 3, 7)


def people_of(text: str, published: date = PUBLISHED, title: str | None = None) -> dict:
    doc = Document(id="t", text=text, title=title, published=published)
    ((_, mentions),) = list(RuleExtractor().extract([doc]))
    return {p.display_name: p for m in mentions for p in m.people if p.display_name}


# (report, name, role, status): the person is on the record with that role and outcome
KEPT = [
    # the person force was used on is the neutral "subject", whatever an agency calls them
    ("Border Patrol agents fired at the car, striking the driver, Marta Ruiz, in the arm, the agency said. "
     "DHS called Ruiz a suspect who tried to run agents over.", "Marta Ruiz", "subject", "injured"),
    ("An ICE officer shot Omar Haddad, 40, on Thursday in Dearborn, Mich., after a traffic stop.",
     "Omar Haddad", "subject", "injured"),
    ("Agents shot the suspect, Dario Vance, during an arrest Tuesday in Yuma, Ariz.", "Dario Vance", "subject", "injured"),
    # the officer or agent who used force, named
    ("Federal agents stopped a pickup Tuesday in Tucson, Ariz. Agent Lee Varga fired three shots into the cab, "
     "striking the driver, officials said.", "Lee Varga", "officer", "unknown"),
    ("A Border Patrol agent shot Mara Velez, 30, on Oct. 4 in Chicago. The agent, Lee Varga, fired five times.",
     "Lee Varga", "officer", "unknown"),
    # someone who used force against officers
    ("Dana Reyes opened fire on two deputies outside a gas station Sunday in Pueblo, Colo.; the deputies were not "
     "hurt.", "Dana Reyes", "attacker", "unknown"),
    # no officer on either end: victim and suspect stay
    ("Rosa Tejada, 30, was shot and killed outside a bar Saturday in Reno, Nev. Police arrested Tom Lindqvist, 31, "
     "in connection with the shooting.", "Rosa Tejada", "victim", "killed"),
    ("Rosa Tejada, 30, was shot and killed outside a bar Saturday in Reno, Nev. Police arrested Tom Lindqvist, 31, "
     "in connection with the shooting.", "Tom Lindqvist", "suspect", "unknown"),
    ("Two brothers are accused of shooting Misty Caldwell inside an apartment in Tulsa, Okla. Cedric Hale is "
     "suspected of firing the gun.", "Cedric Hale", "suspect", "unknown"),
    # a bystander hurt in force by officers
    ("Police fired at a fleeing car Sunday in Fresno, Calif., and a stray bullet struck a bystander, Ana Lowe, "
     "in the shoulder.", "Ana Lowe", "bystander", "injured"),
    # a fact box's labels
    ("Who was shot: Marta Ruiz was injured.\nWho fired shots: CBP agent Lee Varga\nThe shooting happened Oct. 4 "
     "in Chicago.", "Marta Ruiz", "subject", "injured"),
    ("Who was shot: Marta Ruiz was injured.\nWho fired shots: CBP agent Lee Varga\nThe shooting happened Oct. 4 "
     "in Chicago.", "Lee Varga", "officer", "unknown"),
    # the person a pronoun stands for, as the sentence's own subject
    ("Federal agents fired tear gas at protesters Friday in Broadview, Ill. Curt Evans, 65, said he was "
     "tear-gassed while standing on the sidewalk.", "Curt Evans", "subject", "unknown"),
    # a death told after a hospital, or in the next sentence
    ("Officers shot Ray Dunn during a standoff Friday in Akron, Ohio. Dunn was taken to a hospital, where he was "
     "pronounced dead.", "Ray Dunn", "subject", "killed"),
    ("Lena Fox, 19, was shot in the chest Friday night in Macon, Ga. She died at a hospital Saturday.",
     "Lena Fox", "victim", "killed"),
    # an outcome nobody disputes: shot in a limb, no death in the report
    ("A 911 call led deputies to a home Sunday in Ocala, Fla., where Jon Pratt had been shot in the leg.",
     "Jon Pratt", "victim", "injured"),
    # names of one list share the words before it
    ("Two men are charged in the shooting deaths of 23-year-old Ana Ruiz and 33-year-old Li Chen at a home in "
     "Tulsa, Okla.", "Li Chen", "victim", "killed"),
    ("Four people were shot at a party Saturday in New Haven, Conn. The victims are:\n\n— Ana Ruiz, 24, of "
     "Elm Street\n\n— Li Chen, 30, of Oak Street\n\nPolice have not made an arrest.", "Li Chen", "victim", "unknown"),
    # identified by the police, with what the report calls them (which man of the report he is, it does not say)
    ("A man was shot and wounded Friday in Flint, Mich. Police identified the victim as Marcus Wynn.",
     "Marcus Wynn", "victim", "unknown"),
    # what the report tells of "the driver" is the person it names as the one driving
    ("ICE officers fired at a van Tuesday in Glen Burnie, Md., striking the driver. The man was identified as Tomas "
     "Rocha, who was driving the van.", "Tomas Rocha", "subject", "injured"),
    # the report says who was not hurt
    ("Officer Lyle Brandt was shot at during a traffic stop Sunday in Macon, Ga. Brandt was not injured.",
     "Lyle Brandt", "officer", "unharmed"),
]


@pytest.mark.parametrize("text,name,role,status", KEPT)
def test_participants_and_what_happened_to_them(text, name, role, status):
    people = people_of(text)
    assert name in people, f"{name} missing from {sorted(people)}"
    person = people[name]
    assert (person.role.value, person.status.value) == (role, status)
    assert person.role.value in ROLES and person.status.value in STATUSES


# (report, name that must not be on the record)
LEFT_OUT = [
    # officials, experts and politicians who speak about the shooting
    ("Officers shot a man who pointed a rifle at them Sunday in Boise, Idaho. Police Chief Dana Ortiz said the "
     "officers followed their training.", "Dana Ortiz"),
    ("An ICE officer shot a driver Tuesday in Ontario, Calif. The shootings are not one-offs, said Jim Holt, a "
     "former police chief who studies use of force.", "Jim Holt"),
    ("Agents shot a man Friday in Tucson, Ariz. Senator Ruth Obi called the shooting a tragedy.", "Ruth Obi"),
    # a lawyer and a relative
    ("A deputy shot Omar Haddad, 40, on Thursday in Dearborn, Mich. His lawyer, Lee Vance, said Haddad was "
     "unarmed.", "Lee Vance"),
    ("A deputy shot Omar Haddad, 40, on Thursday in Dearborn, Mich. His brother, Sami Haddad, 38, said the family "
     "wants answers.", "Sami Haddad"),
    # what a spokesperson says "she" went through is someone else's; so is the doctor's "he"
    ("An ICE officer fired into a car Wednesday in Minneapolis. DHS spokesperson Tricia Lamb said she was shot "
     "after people blocked officers.", "Tricia Lamb"),
    ("A man was shot in a parking lot Friday in Toledo, Ohio. He suffered a gunshot wound to the leg, Dr. Ana Lim "
     "said.", "Ana Lim"),
    ("Federal agents stopped an SUV Wednesday in Minneapolis. The officer shot the woman, Tricia Lamb said.",
     "Tricia Lamb"),
    # an old case the story recalls, by its year or as an earlier event
    ("Agents shot a woman Wednesday in Minneapolis. She lived a mile from where Darnell Hayes was killed in 2019.",
     "Darnell Hayes"),
    ("Officers fired pepper balls at protesters Friday in Broadview, Ill., weeks after the recent killing of Tom "
     "Vance in Franklin Park.", "Tom Vance"),
    # a headline's words and a page's chrome are no one
    ("Officers Shoot and Kill Armed Man, 37, in Minneapolis\nOfficers shot a man Saturday in Minneapolis after a "
     "struggle.", "Kill Armed Man"),
    # named in a sentence about the shooting, but not in it
    ("Police are investigating a shooting Sunday in Tulsa, Okla. Mayor Ann Cole visited the scene and met "
     "neighbors.", "Ann Cole"),
]


@pytest.mark.parametrize("text,name", LEFT_OUT)
def test_people_who_did_not_take_part_are_left_out(text, name):
    assert name not in people_of(text)


def test_who_shot_is_not_who_was_shot():
    # "X shot Y": X did the shooting; the outcome is Y's
    people = people_of("Gil Stone shot Ray Hunt after an argument Saturday in Reno, Nev., police said.")
    assert people["Ray Hunt"].status.value == "injured" and people["Ray Hunt"].role.value == "victim"
    assert people["Gil Stone"].status.value == "unknown" and people["Gil Stone"].role.value == "suspect"


def test_a_shot_persons_fate_is_unknown_when_the_report_tells_a_death_it_does_not_give_them():
    people = people_of("Two men were shot Saturday in Macon, Ga., and one of them died. Police identified them as "
                       "Ray Hunt and Gil Stone. Hunt was shot in the chest.")
    assert people["Ray Hunt"].status.value == "unknown"


def test_two_names_the_tagger_runs_together_are_two_people():
    people = people_of("Who fired shots: CBP agent Lee Varga Marta Ruiz, center, survived a shooting by a Border "
                       "Patrol agent in Chicago. Varga fired five shots at Ruiz, officials said. Marta Ruiz was "
                       "hit in the arm.")
    assert "Lee Varga" in people and "Marta Ruiz" in people


def test_a_bare_surname_two_people_share_goes_to_the_one_just_named():
    people = people_of("Tom Beal, 40, and his daughter Ann Beal, 12, were at home Sunday in Waco, Texas, when "
                       "gunfire broke out. Ann Beal was hit in the hand. Beal was taken to a hospital.")
    assert people["Ann Beal"].status.value == "injured"


def test_every_value_names_registered_rules_and_spans_ground_it():
    text = ("Border Patrol agents fired at the car, striking the driver, Marta Ruiz, 30, a U.S. citizen, in the arm. "
            "Ruiz was charged with assaulting an agent.")
    people = people_of(text)
    person = people["Marta Ruiz"]
    assert person.age.value == 30 and person.citizen.value == "yes" and person.charged.value == "yes"
    for value in person.attributes().values():
        if value is not None:
            assert check_rule(value.rule) == [], value.rule
            assert all(0 <= s.start < s.end <= len(text) for s in value.spans)


def test_an_unnamed_person_shot_by_officers_is_a_subject_not_a_suspect():
    doc = Document(id="t", text="Deputies shot a 31-year-old suspect who ran from a traffic stop Sunday in Ocala, Fla.",
                   published=PUBLISHED)
    ((_, (mention,)),) = list(RuleExtractor().extract([doc]))
    (person,) = [p for p in mention.people if p.name is None]
    assert person.age.value == 31 and person.role.value == "subject" and person.status.value == "injured"


def test_the_parse_is_computed_only_for_sentences_that_name_someone_and_tell_force():
    from encounters.extract.force_parse import parsed_links
    from encounters.extract.nlp import Analysis, Sentence

    text = "The council met on Tuesday in Tulsa, Okla. Officers shot Ray Hunt near the station. Ray Hunt had moved."
    first, second, third = (text.index(s) for s in ("The council", "Officers shot", "Ray Hunt had"))
    sentences = [Sentence(first, second - 1, text[first:second - 1], 0), Sentence(second, third - 1, text[second:third - 1], 1),
                 Sentence(third, len(text), text[third:], 2)]
    analysis = Analysis(Document(id="t", text=text, published=PUBLISHED), sentences)
    hunt = [(m, m + len("Ray Hunt")) for m in (text.index("Ray Hunt"), third)]
    found = parsed_links(analysis, sentences, {"Ray Hunt": hunt})
    assert list(analysis.parses) == [(second, third - 1)]  # only the sentence that names him and tells force
    assert [link.kind for link in found["Ray Hunt"]] == ["patient"]


@pytest.mark.parametrize("name", ["Service West", "Kill Armed Man", "NBC", "Farm Workers Union"])
def test_words_that_name_no_person(name):
    from encounters.extract.people import not_a_person

    assert not_a_person(name, f"A report on {name} today.", len("A report on "))
