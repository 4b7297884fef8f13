"""The relevance pre-filter: what reaches spaCy, and that what it skips costs no incident.

Sentences are the project's own. A document the pre-filter drops must be one the extractor would
find nothing in; a document read in stretches must give values whose spans are the stored text's.
"""
from __future__ import annotations

from datetime import date

import pytest

from encounters.core.model import Document
from encounters.extract import RuleExtractor
from encounters.extract.lexicon import LESS_LETHAL, PHYSICAL_FORCE, SHOOTING, VEHICLE_FORCE
from encounters.extract.nlp import analyse
from encounters.extract.pipeline import plan_stretches
from encounters.extract.prefilter import STEMS, STEMS_OF, find_cues, find_stretches, has_stem, relevant, stems_in

MUST_PASS = [
    "Border Patrol agents opened fire on a car at the checkpoint near Nogales on Tuesday.",
    "A deputy was shot during a traffic stop on Route 9 late Friday.",
    "An ICE officer shot and killed a man who drove toward agents, the department said.",
    "Officers fired pepper balls and tear gas at protesters outside the federal building.",
    "The driver dragged an agent about 50 feet when he sped off.",
    "A man rammed a Border Patrol vehicle and was arrested.",
    "Two agents tackled the man and pinned him to the ground outside the courthouse.",
    "She was injured during her arrest, her lawyer said.",
    "A Taser was used on the teenager after he ran from officers.",
    "Gunfire broke out near the bus station, and a bystander was struck by a stray bullet.",
    "Police said the officer discharged his service weapon once.",
    "A protester was hit by a rubber bullet in the eye.",
    "Three officers were injured in the clashes on Saturday night.",
]
MUST_DROP = [
    # sports: "shot", "beat" and "shootout" are the game's
    "The Hawks beat the Miners 4-2 on Saturday. Luis Brandt scored twice, and the Hawks won the shootout in "
    "overtime to stay in the playoff race with six games left in the season.",
    # weather
    "Forecasters expect heavy rain across the valley through Thursday, with gusts up to 40 mph. The National "
    "Weather Service issued a flood watch for low-lying neighborhoods along the river.",
    # a city council meeting
    "The City Council voted 5-2 on Monday to approve a $48 million budget that adds two library branches. "
    "Residents spoke for an hour about parking downtown, and the police department's budget rises 3 percent.",
    # business
    "The bakery on Main Street will open a second store next month. Sales rose 40 percent this year, the owner "
    "said, and the chamber of commerce counted 14 new businesses downtown.",
]


@pytest.mark.parametrize("sentence", MUST_PASS)
def test_a_sentence_that_reports_force_passes(sentence):
    assert relevant(sentence)
    assert plan_stretches(sentence) != []


@pytest.mark.parametrize("text", MUST_DROP)
def test_a_story_about_something_else_is_dropped_before_spacy(text):
    assert not relevant(text)
    assert plan_stretches(text) == []
    (doc, mentions), = RuleExtractor().extract([Document(id="n", text=text)])
    assert mentions == []


# One phrase for each alternative of the force patterns: each must match its pattern and be found
# by the pre-filter's stems and windows (so the stems cover every alternative).
ALTERNATIVES = {
    SHOOTING: ["he was shot", "shot and killed", "fatally shot", "shot Dana Reyes", "shot his neighbor", "shot him",
               "a deadly shooting", "agents opened fire", "heard gunfire", "heard gun shots", "a gunshot wound",
               "the gunman", "the shooter", "fired three shots", "fired at the car", "fired his weapon",
               "discharged his firearm", "drew and fired a gun", "shot dead", "gunned down", "a stray bullet",
               "bullets struck the house", "struck by gunfire", "struck by a round", "a shootout with police",
               "an officer-involved shooting", "the rifle accidentally fired", "the revolver went off",
               "an accidental discharge", "a hunting accident", "shotgun pellets", "turned the gun on himself",
               "shots were fired", "killed with a handgun", "grazed by a bullet", "hit by gunfire",
               "boy accidentally shoots himself", "found shot in a car", "man fatally shoots neighbor",
               "shoots his wife", "man shoots girlfriend"],
    LESS_LETHAL: ["he was tased", "a stun gun", "pepper-sprayed", "pepper balls", "tear gas", "rubber bullets",
                  "bean bag rounds", "less-lethal munitions", "chemical irritants", "flash-bangs", "pepper rounds",
                  "smoke grenades", "munitions fired", "crowd-control munitions", "impact rounds",
                  "kinetic projectiles", "foam batons"],
    VEHICLE_FORCE: ["rammed into a patrol car", "rammed the agents", "agents rammed", "ran over an officer",
                    "dragging the agent", "struck an officer with his car", "used his truck as a weapon",
                    "drove his car toward the agents"],
    PHYSICAL_FORCE: ["tackled him", "punched the man", "beat Rivera", "a chokehold", "thrown to the ground",
                     "knelt on his back", "excessive force", "roughed up", "dragged him out of the car",
                     "assaulted an officer", "officers were injured by rocks", "injuring two officers",
                     "injured and detained", "hurt during his arrest", "hospitalized by ICE"],
}


@pytest.mark.parametrize("pattern,phrase", [(p, s) for p, phrases in ALTERNATIVES.items() for s in phrases])
def test_the_stems_cover_every_force_pattern(pattern, phrase):
    assert pattern.search(phrase), "the phrase must be one the pattern reads"
    assert has_stem(phrase)
    assert find_cues("Nothing else is said here. " + phrase + ". The page goes on.")
    low = " ".join(phrase.lower().split())
    assert any(stem in low for stem in STEMS_OF[pattern]), "a stem of this very pattern is in the phrase"


@pytest.mark.parametrize("text", ["Agents opened\nfire on the car.", "Agents opened \u00a0 fire.", "hit by a\tround",
                                  "The car was run\n\nover twice.", "a crowd control\u2028device", "around the block",
                                  "He ran; over the years", "KINETIC  ROUND", "", "fire", "open fire", "Opening-fire"])
def test_a_phrase_stem_is_found_across_any_white_space_and_nowhere_else(text):
    spaced = " ".join(text.lower().split())  # the stems' own reading: one space for any run of white space
    assert stems_in(text) == [stem for stem in STEMS if stem in spaced]
    assert has_stem(text) == any(stem in spaced for stem in STEMS)


BOILERPLATE = "\n".join(
    f"Related: The county fair returns with {n} new rides and a pie contest | Sign up for our newsletter | "
    f"Weather: sunny, high of {60 + n % 20} | Community calendar entry {n}: book club meets at the library."
    for n in range(160))
STORY = (
    "TUCSON, Ariz. — Border Patrol agents opened fire on a car near the Mariposa port of entry on Tuesday, "
    "wounding the driver, Mateo Ruiz, 34, U.S. Customs and Border Protection said.\n"
    "Ruiz was taken to a hospital in stable condition. “He was unarmed and scared,” said his sister, Rosa Ruiz. "
    "“They shot at him through the windshield.”\n")


def long_page() -> Document:
    return Document(id="deep", title="Weekend roundup", published=date(2025, 6, 12),
                    text=BOILERPLATE + "\n" + STORY + BOILERPLATE)


def test_an_incident_deep_in_a_long_page_of_boilerplate_is_extracted():
    doc = long_page()
    stretches = plan_stretches(doc.text)
    assert stretches, "the page is read in stretches, not whole and not skipped"
    assert sum(b - a for a, b in stretches) < len(doc.text) / 2
    story_at = doc.text.index(STORY)
    assert any(a <= story_at and story_at + len(STORY) <= b for a, b in stretches)
    (_, mentions), = RuleExtractor().extract([doc])
    assert mentions and mentions[0].kind == "primary"
    names = {p.name.value for m in mentions for p in m.people if p.name}
    assert any("Ruiz" in n for n in names)


def test_values_read_from_stretches_are_grounded_in_the_stored_text():
    doc = long_page()
    (_, mentions), = RuleExtractor().extract([doc])
    spans = [(s, v) for m in mentions for v in m.fields.values() for s in v.spans]
    spans += [(s, p.name) for m in mentions for p in m.people if p.name for s in p.name.spans]
    assert spans
    for span, value in spans:
        assert 0 <= span.start < span.end <= len(doc.text)
        assert doc.text[span.start:span.end].strip(), value
    for m in mentions:
        for account in m.accounts:
            assert doc.text[account.span.start:account.span.end] == account.quote
    assert any(a.quote.startswith("He was unarmed") or "unarmed" in a.quote for m in mentions for a in m.accounts)


def test_stretch_sentences_keep_document_offsets():
    doc = long_page()
    stretches = find_stretches(doc.text)
    (analysis,) = analyse([doc], stretches=[stretches])
    assert analysis.sentences
    for sent in analysis.sentences:
        assert doc.text[sent.start:sent.end] == sent.text
        assert any(a <= sent.start and sent.end <= b for a, b in stretches)
    for ent in analysis.entities:
        assert doc.text[ent.start:ent.end] == ent.text
    assert [s.index for s in analysis.sentences] == list(range(len(analysis.sentences)))
    assert analysis.sentence_count() > len(analysis.sentences)  # the unread lines still count as the page's


def test_a_participant_named_far_from_the_force_is_read_too():
    far = ("\n".join(f"Listing {n}: a three-bedroom house on Elm Street, asking ${300 + n},000." for n in range(60))
           + "\nAt a vigil on Sunday, Mateo Ruiz's mother asked for the video to be released.\n")
    doc = Document(id="named", published=date(2025, 6, 12), text=STORY + far)
    (_, mentions), = RuleExtractor().extract([doc])
    vigil = doc.text.index("At a vigil")
    (analysis,) = analyse([doc], stretches=[plan_stretches(doc.text)])
    from encounters.extract.pipeline import read_named
    read_named([analysis], 32)
    assert any(s.start == vigil for s in analysis.sentences)
    assert mentions
