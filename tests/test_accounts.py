"""Accounts: who said what, on which side. Each case is a short report written for the project,
modelled on how real ones attribute their quotes and statements."""
from __future__ import annotations

from datetime import date

import pytest

from encounters.core.model import Document
from encounters.extract import RuleExtractor
from encounters.extract.accounts import find_accounts
from encounters.extract.nlp import analyse
from encounters.extract.rules import check_rule


def accounts_of(text: str):
    (analysis,) = analyse([Document(id="t", text=text, published=date(2025, 11, 3))])
    return find_accounts(analysis)


def said(text: str, words: str):
    """The account whose quote holds ``words`` (None when the words are nobody's account)."""
    accounts, claims = accounts_of(text)
    return next((a for a in accounts + claims if words in a.quote), None)


# (case, text, words of the statement, speaker, side, a rule the account carries)
ATTRIBUTED = [
    ("the quote's own verb, not the last name seen",
     "“The officer fired defensive shots,” hitting Mateo Ruiz in the shoulder, DHS stated.",
     "fired defensive shots", "DHS", "official", "quote_speech_verb"),
    ("said after the quote, with an apposition",
     "“He was not trying to hurt anybody,” said Helen Okafor, the family’s lawyer.",
     "hurt anybody", "Helen Okafor", "subject", "quote_speech_verb"),
    ("a name with its apposition before the verb",
     "Ana Ruiz, Mateo’s sister, said her brother “was trying to get away from them.”",
     "get away from them", "Ana Ruiz", "subject", "quote_speech_verb"),
    ("the name is the apposition of a noun",
     "The public defender, Carla Ibarra, told reporters, “My client panicked and never aimed at anyone.”",
     "My client panicked", "Carla Ibarra", "subject", "quote_speech_verb"),
    ("reported speech: the clause the verb governs",
     "The driver accelerated toward the agents, the Department of Homeland Security said in a statement.",
     "accelerated toward the agents", "Department of Homeland Security", "official", "reported_speech"),
    ("reported speech with 'that'",
     "Deputy Chief Lena Marsh told reporters Monday that the officer had been dragged by the car.",
     "dragged by the car", "Lena Marsh", "official", "reported_speech"),
    ("according to a complaint",
     "According to the criminal complaint, the agent fired three times at the pickup.",
     "fired three times", "criminal complaint", "official", "according_to"),
    ("according to a statement from an agency: the agency",
     "The agent “feared for his life and the lives of others,” according to a statement from the Border Patrol.",
     "feared for his life", "Border Patrol", "official", "quote_according_to"),
    ("'which added': the agency the clause describes",
     "Agents were surrounded, according to a statement from Customs and Border Protection, which added that "
     "one agent “sustained minor injuries to his arm.”",
     "sustained minor injuries", "Customs and Border Protection", "official", "quote_speech_verb"),
    ("a time phrase before the speaker is not the speaker",
     "By night, the sheriff's office said the man had fled on foot toward the river.",
     "fled on foot", "sheriff's office", "official", "reported_speech"),
    ("a statement's day before the speaker",
     "In a statement Tuesday, DHS said the agent fired after the driver struck him.",
     "fired after the driver", "DHS", "official", "reported_speech"),
    ("a witness described by what she saw",
     "“We heard two shots and then screaming,” said a neighbor who watched from her porch.",
     "heard two shots", "neighbor", "witness", "quote_speech_verb"),
    ("an agent's shouted order is the agent's",
     "Homeland Security Secretary Dana Pruitt said the agent acted to save his life. A video recorded by a "
     "bystander shows an agent yelling, “Get out of the car right now!”",
     "Get out of the car", "agent", "official", "quote_speech_verb"),
    ("a newly introduced speaker, not the secretary quoted before",
     "Homeland Security Secretary Dana Pruitt said the agent acted to save his life. Later that night, the man's "
     "widow, Rosa Elm, spoke at a vigil outside the church. “They took him from us for nothing,” she said.",
     "took him from us", "Rosa Elm", "subject", "speaker_pronoun"),
    ("a pronoun is the person the sentence named",
     "Helen Okafor, the family's lawyer, spoke outside the courthouse. “He was shot from behind while he "
     "was leaving,” she said.",
     "shot from behind", "Helen Okafor", "subject", "speaker_pronoun"),
    ("a quote standing alone after the speaker's quote",
     "“He was not trying to hurt anybody,” Okafor said.\n\n“The video shows the truck moving away from them.”",
     "truck moving away", "Okafor", "other", "quote_continues"),
    ("'the agency' is the agency named last",
     "ICE officers detained the man outside his home Tuesday. The agency said he had entered the country "
     "illegally in 2019.",
     "entered the country", "agency", "official", "speaker_the_agency"),
    ("'police' are the police force named",
     "Franklin Park police responded to the scene within minutes. Police said no officers were hurt in the "
     "exchange.",
     "no officers were hurt", "Police", "official", "speaker_the_agency"),
    ("an agency speaking carries its code",
     "The Department of Homeland Security said the driver tried to run over the agents.",
     "run over the agents", "Department of Homeland Security", "official", "speaker_agency_code"),
    ("a first name alone is the one person of that name",
     "Jorge Lemus, the man's brother, spoke from Mexico. “It is not fair, the way he lost his life,” Jorge said.",
     "It is not fair", "Jorge Lemus", "subject", "quote_speech_verb"),
    ("a surname two people share is the one just quoted",
     "Mac Oduya of Minneapolis said the nurse cared for his father, the Army veteran Terry Oduya, in his last "
     "days. Terry Oduya died in March. “He was there the final night, holding his hand,” Oduya said.",
     "holding his hand", "Mac Oduya", "other", "quote_speech_verb"),
    ("a speaker keeps the description given before",
     "A neighbor who watched from her porch, Teresa Vila, said she heard two shots. “They fired as he was driving "
     "off,” Vila said.", "driving off", "Teresa Vila", "witness", "quote_speech_verb"),
    ("'her mother' is the mother the report names",
     "Her mother, Donna Pike, called her “the kindest person I have ever known.” Her mother also said that "
     "Pike had never taken part in the protests.",
     "never taken part", "Donna Pike", "subject", "reported_speech"),
    ("'their lawyer' is the one lawyer the report names for the family",
     "The girl was returned to her mother Friday, the family's attorney Kira Lund told reporters. The father "
     "and the girl were on a flight to Texas by 8:30 p.m., their lawyer said in the affidavit.",
     "flight to Texas", "Kira Lund", "subject", "speaker_named_counsel"),
    ("a town's police by the name of its department",
     "The men called Riverton police to report the stop. Police said officers went back to the scene at the "
     "request of federal officials. A spokesperson for the Riverton Police Department declined to say more.",
     "went back to the scene", "Police", "official", "speaker_the_agency"),
]


@pytest.mark.parametrize("case,text,words,speaker,side,rule", ATTRIBUTED, ids=[c[0] for c in ATTRIBUTED])
def test_a_statement_is_its_speakers(case, text, words, speaker, side, rule):
    account = said(text, words)
    assert account is not None, f"no account for {words!r}"
    assert (account.speaker, account.side) == (speaker, side)
    assert rule in account.rule.split("+")
    assert check_rule(account.rule) == []


def test_an_agency_speaking_is_found_by_its_code():
    account = said("The Department of Homeland Security said the driver tried to run over the agents.", "run over")
    assert "DHS" in account.affiliation
    account = said("ICE officers detained the man outside his home Tuesday. The agency said he had entered the "
                   "country illegally in 2019.", "entered the country")
    assert "ICE" in account.affiliation
    account = said("Franklin Park police responded to the scene within minutes. Police said no officers were "
                   "hurt in the exchange.", "no officers")
    assert account.affiliation == "Franklin Park police"
    account = said("The men called Riverton police to report the stop. Police said officers went back to the scene. "
                   "Calls to the Riverton Police Department were not returned.", "went back")
    assert account.affiliation == "Riverton Police Department"


# (case, text, words that must not be anyone's account)
NOT_ACCOUNTS = [
    ("a clause is not a speaker",
     "State and local officials have strongly disputed the secretary's account of the shooting.", "secretary's account"),
    ("a newsroom reporting is not a speaker",
     "The shooting was captured on video by a neighbor, the Associated Press reported.", "captured on video"),
    ("a headline fragment with no sentence end",
     "Federal agents open fire on family during raid in San Bernardino, DHS says", "open fire on family"),
    ("a quote no one is said to have said, apart from the last speaker's",
     "“We were told to leave the sidewalk,” said Ana Ruiz.\n\nPolice said the crowd grew after midnight.\n\n"
     "“Show no fear! Show no fear!”", "Show no fear"),
    ("a photo credit is not the speaker",
     "Mourners hold candles at the vigil for Renee Dorn. Stephen Hale / Getty Images\n\n“She deserved so much "
     "better than this,” she said.", "deserved so much better"),
    ("an aside about a noun is not a statement",
     "The man, who authorities said had been ordered out of the car, was taken to a hospital.", "ordered out"),
    ("page furniture run into a sentence",
     "Skip to Content NBC News Logo Politics World Local Sports Health Business Shopping Culture Science "
     "Immigration Family of man shot by agents wants answers, one advocate said.", "Skip to Content"),
    ("saying it cannot comment is no account",
     "The U.S. Attorney's Office said it is unable to respond to media requests because of the shutdown.",
     "unable to respond"),
]


@pytest.mark.parametrize("case,text,words", NOT_ACCOUNTS, ids=[c[0] for c in NOT_ACCOUNTS])
def test_words_nobody_said_are_not_accounts(case, text, words):
    assert said(text, words) is None


# (case, words the speaker is given, side, rule)
SIDES = [
    ("a county attorney speaks for the state", "Hennepin County Attorney Mary Lund said", "official",
     "side_government_attorney"),
    ("an attorney general speaks for the state", "The state attorney general said", "official",
     "side_government_attorney"),
    ("the subject's lawyer", "His attorney, Dev Patel, said", "subject", "side_subject_words"),
    ("a governor commenting", "Gov. Tim Ward said", "other", "side_politician"),
    ("a union named after the agency", "The Border Patrol union said", "other", "side_politician"),
    ("a retired officer is an expert", "Travis Orr, a retired police lieutenant who now trains officers, said",
     "other", "side_other"),
    ("an advocacy group", "Mina Sol, an organizer with the immigrant rights coalition, said", "other", "side_other"),
    ("an organisation's name is not kinship", "The National Lawyers Guild said", "other", "side_politician"),
    ("a person described as shot", "Luis Vega, the man shot by a Border Patrol agent, said", "subject",
     "side_subject_words"),
    ("a spokesperson for the agency", "A spokesperson for the Department of Homeland Security said", "official",
     "side_official_words"),
    ("a witness", "Teresa Vila, who saw the shooting from her car, said", "witness", "side_witness_words"),
    ("a transit agency", "BART said", "official", "side_official_words"),
    ("a kin word inside a station's name", "According to Arizona's Family records,", "other", "side_other"),
]


@pytest.mark.parametrize("case,who,side,rule", SIDES, ids=[c[0] for c in SIDES])
def test_the_side_follows_the_speakers_affiliation(case, who, side, rule):
    account = said(f"{who} the agents had acted within minutes of arriving at the scene.", "acted within minutes")
    assert account is not None
    assert account.side == side
    assert rule in account.rule.split("+")


def test_a_figure_a_speaker_asserts_is_their_claim():
    accounts, claims = accounts_of("DHS said assaults on its officers in Portland have risen 1,000 percent since June.")
    assert not accounts
    (claim,) = claims
    assert claim.speaker == "DHS" and claim.side == "official" and "1,000 percent" in claim.quote
    assert "claimed_figure" in claim.rule.split("+") and check_rule(claim.rule) == []


def test_only_sentences_whose_attribution_needs_it_are_parsed():
    text = ("A Border Patrol agent shot a driver Sunday in Yuma, Ariz. The driver was taken to a hospital. "
            "The agent was not hurt, the agency said. Agents had stopped the car near the port of entry. "
            "The agency, which runs the port, said the driver had tried to run over the agent.")
    (analysis,) = analyse([Document(id="t", text=text)])
    accounts, _ = find_accounts(analysis)
    parsed = [text[a:b] for a, b in analysis.parses]
    assert parsed == ["The agency, which runs the port, said the driver had tried to run over the agent."]
    # "…, the agency said." is read from the words: the same rule, no parse
    assert {a.quote: a.rule.split("+")[0] for a in accounts} == {
        "The agent was not hurt": "reported_speech", "the driver had tried to run over the agent": "reported_speech"}


def extract(text: str):
    doc = Document(id="t", text=text, published=date(2025, 11, 3))
    ((_, mentions),) = list(RuleExtractor().extract([doc]))
    return mentions


# the incident's participants correct the side: (case, text, speaker, side, rule)
WITH_PEOPLE = [
    ("the person shot speaks for the subject's side",
     "A Border Patrol agent shot Luis Vega, 31, in the arm Sunday in Yuma, Ariz. “I had my hands up the whole "
     "time,” Vega said from his hospital bed.", "Luis Vega", "subject", "side_person_force_used_on"),
    ("a relative by surname",
     "An ICE officer shot and killed Renee Dorn, 37, on Wednesday in Minneapolis. “You took my wife from me,” "
     "Becca Dorn told reporters.", "Becca Dorn", "subject", "side_shares_surname"),
    ("someone described through the person shot",
     "An ICE officer shot and killed Silverio Vela, 38, on Friday in Franklin Park, Ill. “He was never late, not "
     "once,” said Juan Ortiz, the owner of the restaurant where Vela worked.", "Juan Ortiz", "subject",
     "side_described_through_subject"),
    ("the mayor of the town whose police used the force",
     "Oakridge police fired pepper balls at protesters Sunday night downtown in Oakridge, Ore. “Violence directed at "
     "officers is never acceptable,” said Oakridge Mayor Ana Leeds.", "Ana Leeds", "official", "side_local_government"),
    ("a friend speaking of the person shot by name",
     "Federal agents shot and killed Alan Petro, 37, on Saturday in Minneapolis. “Alan was the kindest nurse on "
     "the ward,” said Mara Lind.", "Mara Lind", "subject", "side_friend"),
    ("a protester who says she was hit",
     "Federal agents fired tear gas at protesters Friday outside the facility in Oakridge, Ore. Dale Welk, a "
     "65-year-old veteran from Salem, said he fell back on his training when he was tear-gassed. “It puts your body "
     "in shock,” Welk said.", "Dale Welk", "subject", "side_person_force_used_on"),
    ("one of the men in the truck",
     "ICE agents smashed the windows of a pickup truck Saturday in Redvale, Calif. “They never said who they "
     "were,” said Tomas, one of the three men in the truck.", "Tomas", "subject", "side_self_report"),
    ("the agent who fired, testifying",
     "A Border Patrol agent shot Mara Velez, 30, on Oct. 4 in Chicago after her car struck his vehicle, "
     "prosecutors said. The agent, Carl Easton, fired five times. At a hearing on Tuesday, Easton was asked why. "
     "“I did what I had to do to save my life,” Easton said.", "Carl Easton", "official",
     "side_officer_who_used_force"),
    ("a neighbour the text introduced earlier",
     "Federal agents fired tear gas at protesters Friday outside the facility in Oakridge, Ore. Jo Carr, a "
     "38-year-old sandwich store manager who lives less than a block from where the clashes were taking place, said "
     "the gas came into her house. “My son could not breathe,” Carr said.", "Jo Carr", "witness",
     "side_witness_words"),
    ("a friend's words that do not name the person shot",
     "Federal agents shot and killed Alan Petro, 37, on Saturday in Minneapolis. “Alan was the kindest nurse on "
     "the ward,” said Mara Lind. “Just the gentlest soul you could meet,” Mara Lind said.", "Mara Lind", "subject",
     "side_one_per_speaker"),
    ("a teacher speaking of the person shot by name is not a friend",
     "An ICE officer shot and killed Rena Dorn, 37, on Wednesday in Minneapolis.\n\nDorn took courses on fiction "
     "with one of her professors, Kent Marlow.\n\nDorn excelled in her studies, Marlow said.",
     "Kent Marlow", "other", "side_other"),
]


@pytest.mark.parametrize("case,text,speaker,side,rule", WITH_PEOPLE, ids=[c[0] for c in WITH_PEOPLE])
def test_the_people_of_the_incident_correct_the_side(case, text, speaker, side, rule):
    (m,) = extract(text)
    said = [a for a in m.accounts if a.speaker == speaker]
    assert said and all(a.side == side for a in said), [(a.quote, a.side) for a in said]
    assert any(rule in a.rule.split("+") for a in said)


def test_a_mayor_criticising_federal_agents_comments_for_no_one():
    (m,) = extract("ICE agents fired tear gas at protesters Friday outside the facility in Oakridge, Ore. “This has "
                   "to stop,” said Oakridge Mayor Ana Leeds.")
    assert next(a for a in m.accounts if a.speaker == "Ana Leeds").side == "other"


@pytest.mark.parametrize("case, said, kept", [
    ("weapons in general", "“Pepper balls are for crowd control, not for people standing still,” said Lee Orr, a retired "
     "police lieutenant. “Training is what makes a weapon less lethal,” Orr said.", False),
    ("the incident itself", "“The video shows she had her hands up when they fired,” said Lee Orr, a retired police "
     "lieutenant.", True),
    ("an advocate, in general", "“Pepper balls are for crowd control, not for people standing still,” said Lee Orr, who "
     "leads the Riverside Rights Project.", True),
])
def test_an_expert_speaking_in_general_gives_no_account_of_the_incident(case, said, kept):
    (m,) = extract("Federal agents fired pepper balls at Nora Lin, 52, on Friday outside the ICE office in Oakridge, "
                   "Ore., her lawyer said. " + said)
    assert any(a.speaker == "Lee Orr" for a in m.accounts) is kept, [(a.speaker, a.affiliation) for a in m.accounts]


@pytest.mark.parametrize("raw, tidy", [
    ("front,” Martin", "Martin"),
    ("front,‚Äù Martin", "Martin"),  # the marks as a page decoded with the wrong code page writes them
    ("Federal Bureau of Investigation (FBI", "Federal Bureau of Investigation (FBI)"),
    ("Customs and Border Protection (CBP)", "Customs and Border Protection (CBP)"),
    ("Dana Reyes", "Dana Reyes"),
])
def test_a_speakers_name_loses_a_quotations_edge_and_closes_its_bracket(raw, tidy):
    from encounters.extract.speakers import tidy_name

    assert tidy_name(raw) == tidy
