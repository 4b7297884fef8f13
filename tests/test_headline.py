"""Headline-only reports: a page whose article did not come through, read from its headline — with every
value inferred, and nothing from a headline that tells a trend, no town, or a body that tells its own story."""
from __future__ import annotations

from datetime import date

import pytest

from encounters.core.model import Document
from encounters.extract import RuleExtractor
from encounters.extract.headline import R_HEADLINE, headline_text, sentence_case, wants_headline
from encounters.extract.rules import parts

PUBLISHED = date(2024, 3, 12)
SIGN_IN = ("Sign in using your account. Welcome back. Please sign in. Why are we asking this? By submitting your "
           "registration you agree to our Terms of Service.")
PLAYLIST = "2:14 Bakery opens third shop Pause 1:05 Weekend forecast: rain 0:48 High school band wins state title"


def extract(title, text=SIGN_IN):
    ((_, mentions),) = list(RuleExtractor().extract([Document(id="h", text=text, title=title, published=PUBLISHED)]))
    return mentions


HEADLINES = [
    # (headline, body, expected (city, state) or None)
    ("Teenager Shot In Millbrook Heights Park", SIGN_IN, None),  # no gazetteer town named
    ("Drive-by shooting in Tuscaloosa sends two to hospital", SIGN_IN, ("Tuscaloosa", "AL")),
    ("Man Shot Outside Bar In Spokane", PLAYLIST, ("Spokane", "WA")),
    # the outlet's town after the story's is not the story's
    ("Teen shot near Tacoma high school - KXYZ News 4 Spokane, WA", SIGN_IN, ("Tacoma", "WA")),
    ("Woman Fatally Shot In Tacoma Apartment Is Identified", PLAYLIST, ("Tacoma", "WA")),
    # a town with namesakes of a size in other states: the state is left open, not guessed
    ("Man shot and killed in Columbia apartment", SIGN_IN, ("Columbia", None)),
    ("Man shot and killed in Columbia, S.C., apartment", SIGN_IN, ("Columbia", "SC")),
    # a town the entity tagger misreads in a headline, found in the gazetteer where a town stands
    ("Four wounded in shooting at Pomona restaurant drive-through", SIGN_IN, ("Pomona", "CA")),
    ("Bartlesville gunman shot at a dozen people before killing himself", PLAYLIST, ("Bartlesville", "OK")),
    ("Child shot at Garner shooting range", SIGN_IN, ("Garner", None)),  # NC and IA: a namesake of a size
    ("One Person Shot Outside Convenience Store In New Castle", SIGN_IN, ("New Castle", None)),  # PA, IN, DE
    # a county of that name in another state: the state is left open ("DeKalb" in Georgia news)
    ("Boy hit by stray bullet outside DeKalb apartments", SIGN_IN, ("DeKalb", None)),
    # a capitalised word that is a town only as part of a name is not the town
    ("Man shot in Tyler Brandt's driveway", SIGN_IN, None),
    ("Second suspect found guilty in Boys and Girls Club shooting", SIGN_IN, None),
    # an age is no period: "16-year-old" is not "this year"
    ("16-year-old shot outside club in east Spokane, police say", SIGN_IN, ("Spokane", "WA")),
    ("4-month-old baby shot while in mother's arms in Tuscaloosa", PLAYLIST, ("Tuscaloosa", "AL")),
    ("13-year-old's toe grazed by bullet at Tuscaloosa strip mall", SIGN_IN, ("Tuscaloosa", "AL")),
    # headline grammar: the present tense, a number word or a juvenile for the subject
    ("Juvenile Shot In Arm In Tuscaloosa", SIGN_IN, ("Tuscaloosa", "AL")),
    ("Five Shot During Party At Kankakee Banquet Hall", PLAYLIST, ("Kankakee", "IL")),
    ("Spokane man accidentally shoots wife in back", SIGN_IN, ("Spokane", "WA")),
    # a trend, a tally or a question is no incident
    ("Tuscaloosa shootings up 20 percent in a year", SIGN_IN, None),
    ("Tuscaloosa shootings up 20 percent this year", SIGN_IN, None),
    ("Why are so many people shot in Spokane?", SIGN_IN, None),
    # no town: nothing to find the record by
    ("Man shot and wounded after argument, police say", SIGN_IN, None),
    # sport
    ("Spokane guard's late shot sinks rivals", SIGN_IN, None),
]


@pytest.mark.parametrize("title,body,expected", HEADLINES)
def test_headline_report(title, body, expected):
    mentions = extract(title, body)
    if expected is None:
        assert mentions == []
        return
    (m,) = mentions
    assert (m.get("city"), m.get("state")) == expected
    assert m.kind == "primary"
    # the headline is not the stored text: no value points into it, and each says it came from a headline
    assert all(v.inferred and R_HEADLINE in parts(v.rule) for v in m.fields.values())
    assert m.span.start == m.span.end == 0


def test_headline_leaves_counts_open_that_it_does_not_state():
    (m,) = extract("Drive-by shooting in Tuscaloosa sends two to hospital")
    assert m.get("killed") is None  # "no death reported" is no evidence in a headline
    assert m.get("law_enforcement") is None


def test_body_that_tells_a_story_wins_over_the_headline():
    body = ("TUSCALOOSA, Ala. — A 19-year-old man was shot in the leg Sunday night outside a convenience store on "
            "15th Street, police said. He was taken to a hospital and is expected to survive.")
    (m,) = extract("Drive-by shooting in Tuscaloosa sends two to hospital", body)
    assert not m.fields["city"].inferred  # read from the text, not the headline


@pytest.mark.parametrize("title,text,opinion,wanted", [
    ("Man shot in Spokane", SIGN_IN, False, True),
    ("Man shot in Spokane", SIGN_IN * 20, False, False),  # a body of its own: not a page that failed to load
    ("Man shot in Spokane", SIGN_IN, True, False),  # an opinion piece reports nothing
    ("", SIGN_IN, False, False),
    ("Spokane weather: sunny and mild", SIGN_IN, False, False),
])
def test_wants_headline(title, text, opinion, wanted):
    assert wants_headline(Document(id="w", text=text, title=title, opinion=opinion)) is wanted


@pytest.mark.parametrize("title,expected", [
    ("Teenager Shot In Duquesne", "Teenager shot in Duquesne"),
    ("Man dead following Memphis shooting", "Man dead following Memphis shooting"),  # sentence case already
    ("Police: Man Shot At Gas Station", "Police: man shot at gas station"),
])
def test_sentence_case(title, expected):
    assert sentence_case(title) == expected


@pytest.mark.parametrize("title, text", [
    ("Man Shot In Spokane | Local News | KXYZ", "Man was shot in Spokane"),
    ("Teens shot outside Tacoma mall", "Teens were shot outside Tacoma mall"),
    ("Five Shot During Party In Tacoma", "Five people were shot during party in Tacoma"),
    ("One shot near Tacoma school", "One person was shot near Tacoma school"),
    ("16-year-old shot in Tacoma", "16-year-old was shot in Tacoma"),
    ("No one injured in Tacoma shooting", "No one injured in Tacoma shooting"),  # nobody: no auxiliary, no count
])
def test_headline_text_puts_back_the_auxiliary(title, text):
    assert headline_text(title) == text


def test_a_headline_that_cannot_be_read_says_so_and_the_others_are_still_read():
    from encounters.extract.headline import read_headlines
    from encounters.extract.incidents import extract_mentions
    from encounters.extract.nlp import analyse

    good = Document(id="g", text=SIGN_IN, title="Man Shot Outside Bar In Spokane", published=PUBLISHED)
    bad = Document(id="b", text=PLAYLIST, title="Drive-by shooting in Tuscaloosa sends two to hospital",
                   published=PUBLISHED)

    def extract_failing_on_tuscaloosa(analysis):
        if "Tuscaloosa" in analysis.document.text:
            raise ValueError("a rule broke")
        return extract_mentions(analysis)

    found = read_headlines([bad, good], analyse, extract_failing_on_tuscaloosa)
    assert list(found) == ["g"] and found["g"].get("city") == "Spokane"
    assert bad.notes == ["its headline could not be read for an incident: ValueError('a rule broke')"]
    assert good.notes == []
