"""Speakers: who a speech verb's subject is, what they are, and which side they speak for.

In: the words the text gives for a speaker — a parsed noun phrase (spaCy tokens of one sentence,
with the sentence's offset into the stored text) or a pronoun — and the document's people
(``SpeakerBook``: full names from the named entities, each with the title or apposition the
article gives them). Out: a ``Speaker`` (display name, affiliation, the span naming them) or
None when the words name nobody who can speak: a clause ("State and local officials have
disputed"), a newsroom or wire service, a photo credit, a headline fragment. An agency speaking
is named with its code in the affiliation ("Department of Homeland Security" → "DHS"), and
"the agency" / "it" is the agency the text last named. ``side_of`` gives the side from the
speaker's words (official / subject / witness / other); ``side_with_people`` corrects it with the
incident's participants (the person shot speaks for the subject's side, and so does someone
described through them: "the owner of the restaurant where he worked").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from encounters.extract.lexicon import (ADVOCACY, AGENCIES, EXECUTIVE_TITLE, FUNCTION_WORDS, OFFICIAL_ATTORNEY,
                                        OFFICIAL_WORDS, OUTLET_WORDS, POLITICIAN_WORDS, SPEAKER_NOUNS, SUBJECT_WORDS,
                                        WITNESS_WORDS)
from encounters.extract.nlp import Analysis, Entity
from encounters.extract.rules import declare

R_SIDE_ATTORNEY = declare("side_government_attorney", "account", "a prosecutor or a government's attorney speaks for the "
                          "official side", "the county attorney said charges would follow", kind="decision", module=__name__)
R_SIDE_SUBJECT = declare("side_subject_words", "account", "relatives, partners, friends and the lawyer of the person "
                         "force was used on speak for the subject's side", "his sister said he was unarmed",
                         kind="decision", module=__name__)
R_SIDE_POLITICIAN = declare("side_politician", "account", "lawmakers, governors, mayors and unions commenting are "
                            "'other'", "the governor called the shooting reckless", kind="decision", module=__name__)
R_SIDE_OFFICIAL = declare("side_official_words", "account", "an agency, its officers and spokespeople, a complaint or an "
                          "affidavit speak for the official side", "a DHS spokesperson said the agent fired defensively",
                          kind="decision", module=__name__)
R_SIDE_WITNESS = declare("side_witness_words", "account", "someone described as having seen or been at the scene is a "
                         "witness", "a neighbor who watched from her porch said", kind="decision", module=__name__)
R_SIDE_OTHER = declare("side_other", "account", "advocates, experts and anyone else commenting are 'other'",
                       "an organizer with the immigrant rights coalition said", kind="decision", module=__name__)
R_SIDE_PERSON = declare("side_person_force_used_on", "account", "the person force was used on speaks for the subject's "
                        "side", "Ruiz said he was driving away", kind="decision", module=__name__)
R_SIDE_THROUGH = declare("side_described_through_subject", "account", "a speaker the text describes through the person "
                         "force was used on speaks for them", "the owner of the shop where Ruiz worked said",
                         kind="decision", module=__name__)
R_SIDE_KIN = declare("side_shares_surname", "account", "a speaker with the surname of the person force was used on "
                     "speaks for their side", "Ana Ruiz, on Mateo Ruiz's shooting", kind="decision", module=__name__)
R_AGENCY_CODE = declare("speaker_agency_code", "account", "an agency speaking carries its code in the affiliation",
                        "the Department of Homeland Security said → affiliation DHS", kind="decision", module=__name__)
R_AGENCY_ANAPHORA = declare("speaker_the_agency", "account", "'the agency', 'it', 'police' or 'the group' is the agency, "
                            "police force or organisation the text last named", "ICE arrested him. The agency said…",
                            kind="decision", module=__name__)

PRONOUNS = {"he", "she", "they", "it"}
RELATIVE = {"who", "which", "that"}
LEFT_DEPS = {"det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "case", "predet", "advmod", "cc", "conj"}
NP_PREPS = {"of", "for", "with", "from", "at", "representing", "in", "on"}
FIRST_NAME_BEFORE = re.compile(r"\b([A-Z][\w'’-]+\s+(?:[A-Z]\.\s+)?)\Z")  # "Blanca " | "Mora", "John A. " | "Mora"
FIRST_NAME_REACH = 300
TITLE_WORD = re.compile(
    r"^(?:Secretary|Gov\.?|Governor|Lt\.?|Sen\.?|Senator|Rep\.?|Representative|Mayor|Chief|President|Vice|Director|Commissioner"
    r"|Judge|Officer|Agent|Deputy|Sheriff|Sgt\.?|Capt\.?|Det\.?|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Attorney|General|Police|Assistant"
    r"|Acting|Special|Spokesperson|Spokeswoman|Spokesman|Councilmember|Alderman|Alderperson|Ald\.?|Pastor|Rev\.?|U\.S\.?)$")
NOT_A_NAME = re.compile(r"[/|@]|\d|\b(?:Getty|Images|Photo|News|Video|Updated|Published|Share|Add|Follow|Read|Click)\b")
PLURAL_NOUNS = re.compile(r"^(?:police|authorities|family|people|\w+s)$", re.I)
# described as the one force was used on: "the man fatally shot by a federal agent", "who was hit"
FORCE_USED_ON = re.compile(r"\b(?:(?:fatally|critically|seriously)\s+)?(?:shot|killed|wounded|injured|struck|hit|tased|tackled"
                           r"|beaten|dragged|pepper-sprayed)\s+by\b|\bwho\s+was\s+(?:\w+\s+)?(?:shot|killed|wounded|injured"
                           r"|struck|hit|tased|tackled|beaten|dragged)\b", re.I)
SOURCE_WORDS = re.compile(r"^(?:statement|release|report|documents?|records?|filing)$", re.I)  # whose? the parse says
HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Rev)\.?$")
RELATION = re.compile(r"^(?:mother|father|mom|dad|brother|sister|wife|husband|widow(?:er)?|son|daughter|girlfriend"
                      r"|boyfriend|partner|fianc[ée]e?|uncle|aunt|grand(?:mother|father)|ex-husband|ex-wife)$", re.I)
GROUP_NOUNS = re.compile(r"^(?:organi[sz]ation|group|coalition|union|nonprofit|network)$", re.I)
POLICE_FORCE = re.compile(r"\b(?:[A-Z][\w.'’-]*\s+){1,4}(?:Police\s+Department|Sheriff['’]s\s+(?:Office|Department)|[Pp]olice)\b")
AGENCY_NOUNS = re.compile(r"^(?:agency|department|bureau|office|administration|service|it)$", re.I)
# the codes an affiliation gains: agencies named by name, never by a generic word ("deputy chief of staff")
FEDERAL_CODES = ("ICE", "ERO", "CBP", "HSI", "DHS", "FBI", "ATF", "DEA", "USMS")
HOMELAND = re.compile(r"\bHomeland Security(?! Investigations)\b")


@dataclass
class Speaker:
    name: str
    affiliation: str | None
    kind: str  # person | role | organisation
    start: int  # the words naming the speaker in the stored text
    end: int
    plural: bool = False
    context: str = ""  # what the text says of them besides name and title ("who watched from her porch")
    rule: str = ""  # a decision that named them (R_AGENCY_ANAPHORA), if any


# a person introduced with a description that says who they are: "Jo Carr, a store manager who lives a block from …"
INTRODUCED_AS = re.compile(r",\s+((?:an?|the)\s+[^,.;“”\"]{0,80}?\bwho\s+[^,.;“”\"]{3,160})")  # to the comma that closes it


class SpeakerBook:
    """Full names of the people an article names and the title or apposition it gives each."""

    def __init__(self, analysis: Analysis) -> None:
        self.text = analysis.document.text
        self.titles: dict[str, str] = {}
        self.contexts: dict[str, str] = {}  # full name → how the text first introduced them ("… who lives near …")
        self.order: list[tuple[int, str]] = []  # (offset, full name) of each PERSON mention
        self.full: dict[str, str] = {}  # surname → full name
        firsts: dict[str, set[str]] = {}
        self.people = [e for e in analysis.entities if e.label == "PERSON"]
        counts: dict[str, int] = {}
        for ent in self.people:
            name = clean_name(ent.text)
            if len(name.split()) > 1:
                counts[name] = counts.get(name, 0) + 1
                firsts.setdefault(name.split()[0].lower(), set()).add(name)
        # a surname is the full name the article uses most ("Kristi Noem", not a run-together "Trump Noem")
        self.shared: dict[str, list[str]] = {}  # surname → every full name with it ("Mac" and "Terry Randolph")
        for name in sorted(counts, key=lambda n: -counts[n]):
            self.full.setdefault(name.split()[-1].lower(), name)
            self.shared.setdefault(name.split()[-1].lower(), []).append(name)
            for part in name.split()[-1].split("-")[1:]:
                self.full.setdefault(part.lower(), name)  # "Celis" of "Julio Sosa-Celis"
        # a first name alone is the one person the article gives that first name ("Jorge" said)
        self.firsts = {k: next(iter(v)) for k, v in firsts.items() if len(v) == 1}
        for ent in self.people:
            name = clean_name(ent.text)
            if not name:
                continue
            full = self.full_name(name)
            if full == name and " " not in name:
                found = self.named_in_full(name, ent.start)
                if found:
                    full, at = found
                    self.full.setdefault(name.lower(), full)
                    title = title_near(self.text, Entity(at, at + len(full), "PERSON", full))
                    if title:
                        self.titles.setdefault(full, title)
            title = title_near(self.text, ent)
            if title and full not in self.titles:
                self.titles[full] = title
            described = INTRODUCED_AS.match(self.text, ent.end)
            if described and full not in self.contexts:
                self.contexts[full] = described.group(1)
            self.order.append((ent.start, full))

    def named_in_full(self, surname: str, before: int) -> tuple[str, int] | None:
        """The first "Blanca Mora" before a "Mora" the entity tagger found alone."""
        m = None
        end = before + len(surname)
        for hit in re.compile(rf"(?<=\s){re.escape(surname)}\b").finditer(self.text, 0, end):
            # the words before this "Mora" (a window: a scan of the whole text per name was a hot spot)
            m = FIRST_NAME_BEFORE.search(self.text, max(0, hit.start() - FIRST_NAME_REACH), hit.start())
            if m:
                break
        if m and not TITLE_WORD.match(m.group(1).strip()) and not SPEAKER_NOUNS.match(m.group(1).strip()) \
                and m.group(1).strip() not in ("The", "A", "An", "In", "On", "At", "But", "And", "When", "As", "If"):
            return self.text[m.start():m.end() + len(surname)], m.start()
        return None

    def full_name(self, name: str) -> str:
        """``Newsham`` → ``Peter Newsham`` when the article names him in full; ``Jorge`` → ``Jorge
        Villegas González`` when he is the only Jorge."""
        if len(name.split()) > 1:
            return name
        return self.full.get(name.lower()) or self.firsts.get(name.lower()) or name

    def named_before(self, offset: int, lo: int) -> list[str]:
        """Full names mentioned in ``[lo, offset)``, nearest first."""
        return [n for s, n in reversed(self.order) if lo <= s < offset]

    def sharing(self, surname: str) -> list[str]:
        return self.shared.get(surname.lower(), [])

    def title(self, name: str) -> str | None:
        return self.titles.get(self.full_name(name))

    def context(self, name: str) -> str:
        """What the text said of the person where it introduced them: "a store manager who lives a block
        from where the clashes took place" (empty when it said nothing)."""
        return self.contexts.get(self.full_name(name), "")

    def counsel(self) -> str | None:
        """The one lawyer the article names for a private party ("the family's attorney Kira Kelley"):
        not a prosecutor, a government's attorney, nor one speaking for an officer."""
        found = {n for n, t in self.titles.items() if COUNSEL.search(t) and not OFFICIAL_ATTORNEY.search(t)
                 and not re.search(r"\b(?:officers?|agents?|deput(?:y|ies)|union)\b", t, re.I)}
        return found.pop() if len(found) == 1 else None

    def relative(self, noun: str) -> str | None:
        """The one person whose title is ``noun`` of someone ("Good's mother" for "her mother")."""
        found = {n for n, t in self.titles.items()
                 if re.search(rf"(?:[’']s|\b(?:his|her|their))\s+(?:\w+\s+)?{re.escape(noun)}\b", t, re.I)}
        return found.pop() if len(found) == 1 else None


R_COUNSEL = declare("speaker_named_counsel", "account", "'the family's lawyer' or 'their attorney' is the one lawyer "
                    "the article names for a private party", "the family's attorney Kira Lund told reporters … their "
                    "lawyer said in the affidavit → Kira Lund", kind="decision", module=__name__)
COUNSEL = re.compile(r"\b(?:lawyers?|attorneys?|counsel)\b", re.I)
# a lawyer named by whom they act for, not by name: "the family lawyer", "the family's attorney", "their lawyer"
PRIVATE_COUNSEL = re.compile(r"^(?:the\s+)?(?:famil(?:y|ies)(?:['’]s?)?|his|her|their|[A-Z][\w'’-]*['’]s)\s+"
                             r"(?:\w+\s+)?(?:lawyer|attorney|counsel)$", re.I)


def named_counsel(speaker: Speaker, book: SpeakerBook) -> Speaker:
    """A lawyer named only by whom they act for is the one private lawyer the article names, with the
    words that introduced them as the affiliation; any other speaker is returned as it is."""
    if speaker.kind == "person" or not PRIVATE_COUNSEL.match(speaker.name):
        return speaker
    full = book.counsel()
    if full is None:
        return speaker
    return coded(Speaker(full, speaker.name, "person", speaker.start, speaker.end, context=speaker.context,
                         rule=R_COUNSEL))


def clean_name(s: str) -> str:
    """A person's name as an entity gives it, without a possessive or a leading title; empty when it
    is not a name (a photo credit, a page's furniture)."""
    s = re.sub(r"[’']s?$", "", s.strip())
    s = re.sub(r"\s+", " ", s).strip(" ,.;:")
    words = s.split()
    while words and TITLE_WORD.match(words[0]):
        words.pop(0)
    s = " ".join(words)
    if not s or not s[0].isupper() or len(s) < 2 or NOT_A_NAME.search(s) or len(words) > 5:
        return ""
    return s


def title_near(text: str, ent: Entity) -> str | None:
    """The title before a name ("Homeland Security Secretary Kristi Noem", "CBP agent Charles
    Exum") or an apposition after it ("Blanca Mora, Villegas González's girlfriend,")."""
    before = text[max(0, ent.start - 100):ent.start]
    m = re.search(r"(?:^|[\s(])((?:(?i:one\s+of\s+)|(?i:the|a|an)\s+)?(?:(?i:his|her|their)|[\w-]+[’']s)\s+(?:[\w-]+\s+){0,2}?([\w-]+)),\s*$",
                  before)
    if m and (RELATION.match(m.group(2)) or SPEAKER_NOUNS.match(m.group(2))):
        return m.group(1)  # "her mother, Donna Ganger"
    cut = max(before.rfind(c) for c in ".,;:/|()“”\"\n—")
    words = (before[cut + 1:] if cut >= 0 else before).split()
    run: list[str] = []
    for w in reversed(words):
        if (w[:1].isupper() or w in ("of", "for", "and", "the", "de") or SPEAKER_NOUNS.match(w)
                or re.match(r"^(?:civil|rights|special|assistant|acting|deputy|chief|senior|federal|state|county|press)$", w)):
            run.insert(0, w)
        else:
            break
    while run and (run[0].lower() in ("of", "for", "and", "the", "a", "an", "de", "but", "in", "on", "at", "by")):
        run.pop(0)
    title = " ".join(run)
    if run and any(SPEAKER_NOUNS.match(w) or TITLE_WORD.match(w) for w in run) and not NOT_A_NAME.search(title) \
            and len(run) <= 8:
        return title
    after = text[ent.end:ent.end + 160]
    m = re.match(r",\s+(?:\d{1,3},\s+)?(?:who\s+is\s+|who\s+was\s+)?((?:(?:a|an|the|his|her|their|its|one|another)\s+|"
                 r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*[’']s\s+)[^,.;:“”\"()]{2,90}?)(?=,|\.|;|\s+(?:said|says|told|wrote|added))", after)
    if m and any(SPEAKER_NOUNS.match(w.strip("’'")) or SUBJECT_WORDS.search(w) for w in m.group(1).split()):
        return m.group(1).strip()
    return None


def agency_codes(words: str) -> list[str]:
    """The agency codes a speaker's words name: "Homeland Security Secretary" → DHS."""
    codes = [code for code, pattern in AGENCIES if code != "POLICE" and pattern.search(words)]
    if HOMELAND.search(words) and "DHS" not in codes and "HSI" not in codes:
        codes.append("DHS")
    return codes


def with_codes(name: str, affiliation: str | None) -> str | None:
    """The affiliation with the code of each agency the speaker's words name and do not spell as
    a code ("Department of Homeland Security" → "DHS"), so "DHS" finds what the agency said."""
    have = set(re.findall(r"[A-Z]{2,}", f"{name} {affiliation or ''}"))
    missing = [c for c in agency_codes(f"{name} {affiliation or ''}") if c not in have and c in FEDERAL_CODES]
    if not missing:
        return affiliation
    codes = ", ".join(missing)
    return f"{affiliation} ({codes})" if affiliation else codes


# "front,” Martin": the end of a quotation caught before a name (also as a page that was decoded wrongly
# writes the marks: "‚Äù")
QUOTE_EDGE = re.compile(r"^.*(?:[”“\"]|‚Äù|‚Äú)\s*")


def tidy_name(name: str) -> str:
    """A speaker's name without the end of a quotation caught before it, and with a bracket the entity
    left open closed ("Federal Bureau of Investigation (FBI" → "… (FBI)")."""
    m = QUOTE_EDGE.match(name)
    if m and name[m.end():].strip():
        name = name[m.end():].strip()
    if name.count("(") > name.count(")"):
        name += ")"
    return name


def coded(speaker: Speaker) -> Speaker:
    """The speaker with a tidy name (``tidy_name``) and the codes of the agencies its words name added
    to the affiliation."""
    speaker.name = tidy_name(speaker.name)
    affiliation = with_codes(speaker.name, speaker.affiliation)
    if affiliation != speaker.affiliation:
        speaker.affiliation = affiliation
        speaker.rule = "+".join(r for r in (speaker.rule, R_AGENCY_CODE) if r)
    return speaker


def entity_at(analysis: Analysis, offset: int, label: str) -> Entity | None:
    for ent in analysis.entities:
        if ent.start <= offset < ent.end and ent.label == label:
            return ent
        if ent.start > offset:
            break
    return None


def phrase_bounds(head) -> tuple[int, int]:
    """Token indices [lo, hi] of a noun phrase around ``head``: its determiners, modifiers,
    compounds and possessor, and an "of/for/with …" phrase after it — never a clause, an
    apposition or anything after a comma."""
    allowed = {head.i}
    for child in head.lefts:
        if child.dep_ in LEFT_DEPS:
            allowed.update(t.i for t in child.subtree)
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in NP_PREPS:
            allowed.update(t.i for t in child.subtree if t.dep_ not in ("relcl", "acl", "appos"))
        elif child.dep_ in ("compound", "nummod", "case"):
            allowed.update(t.i for t in child.subtree)
    doc = head.doc
    lo = hi = head.i
    while lo - 1 in allowed and doc[lo - 1].text not in (",", "“", "”", '"'):
        lo -= 1
    while hi + 1 in allowed and doc[hi + 1].text not in (",", "“", "”", '"', ";", "("):
        hi += 1
    while lo < head.i and doc[lo].dep_ in ("cc", "punct", "advmod"):
        lo += 1
    return lo, hi


def span_text(doc, lo: int, hi: int) -> str:
    return doc.text[doc[lo].idx:doc[hi].idx + len(doc[hi].text)]


def strip_det(s: str) -> str:
    return re.sub(r"^(?:the|a|an|one|another|some)\s+", "", s.strip(), flags=re.I).strip()


def read_speaker(head, base: int, analysis: Analysis, book: SpeakerBook) -> Speaker | None:
    """The speaker a parsed subject token names (``base``: the sentence's offset in the text), or
    None when the words cannot speak."""
    doc = head.doc
    lo, hi = phrase_bounds(head)
    start, end = base + doc[lo].idx, base + doc[hi].idx + len(doc[hi].text)
    phrase = span_text(doc, lo, hi)
    appos = [c for c in head.rights if c.dep_ == "appos"]
    context = " ".join(span_text(doc, min(t.i for t in c.subtree), max(t.i for t in c.subtree))
                       for c in head.rights if c.dep_ in ("relcl", "acl"))
    person = entity_at(analysis, base + head.idx, "PERSON")
    if person is None and appos:
        named = [(a, entity_at(analysis, base + a.idx, "PERSON")) for a in appos]
        named = [(a, e) for a, e in named if e is not None]
        if named and (SPEAKER_NOUNS.match(head.text) or head.text[:1].islower()):
            # "another neighbor, Clark Hoelscher, told…": the name is the apposition, the noun its title
            a, person = named[0]
            alo, ahi = phrase_bounds(a)
            return person_speaker(person, strip_det(phrase), base + doc[alo].idx, base + doc[ahi].idx + len(doc[ahi].text),
                                  analysis, book, context)
        if SPEAKER_NOUNS.match(head.text) or head.text[:1].islower():
            for a in appos:
                alo, ahi = phrase_bounds(a)
                if proper_name(a, alo):  # the same, with a name the entity tagger missed
                    name = book.full_name(span_text(doc, alo, a.i))
                    return coded(Speaker(name, strip_det(phrase), "person", base + doc[alo].idx,
                                         base + a.idx + len(a.text), context=context))
    if person is not None and person.start >= start - 1:
        title = analysis.document.text[start:person.start].strip(" ,")
        titles = [strip_det(title)] if title and not HONORIFIC.match(title) else []
        titles += [strip_det(span_text(doc, *phrase_bounds(a))) for a in appos if entity_at(analysis, base + a.idx, "PERSON") is None]
        return person_speaker(person, ", ".join(t for t in titles if t) or None, start, end, analysis, book, context)
    if head.lower_ in PRONOUNS:
        return None
    if OUTLET_WORDS.search(phrase) or NOT_A_NAME.search(re.sub(r"\d+-year-old", "", phrase)):
        return None
    org = entity_at(analysis, base + head.idx, "ORG")
    role = SPEAKER_NOUNS.match(head.text)
    last = book.full_name(head.text) if head.text[:1].isupper() and not role else ""
    if " " in last and not agency_codes(head.text):
        # a surname (or first name) the article gives in full elsewhere, missed by the entity tagger here
        return coded(Speaker(last, book.title(last), "person", base + head.idx, base + head.idx + len(head.text),
                             context=context))
    described = [a for a in appos if SPEAKER_NOUNS.match(a.text) or RELATION.match(a.text)]
    if not role and org is None and head.text[:1].isupper() and described and head.i > 0 and \
            all(t.text[:1].isupper() for t in doc[lo:head.i + 1] if t.dep_ == "compound"):
        # "Ana Ruiz, Mateo's sister, said": a name the entity tagger missed, given its description
        name = span_text(doc, lo, head.i)
        title = strip_det(span_text(doc, *phrase_bounds(described[0])))
        return coded(Speaker(book.full_name(name), title, "person", start, base + head.idx + len(head.text),
                             context=context))
    if not role and org is None and not agency_codes(phrase):
        if proper_name(head, lo):
            # a name the entity tagger missed ("Okafor said"): capitalised words with no article
            name = book.full_name(span_text(doc, lo, head.i))
            title = book.title(name) or (context if context and len(context.split()) <= 12 else None)
            return coded(Speaker(name, title, "person", start, base + head.idx + len(head.text), context=context))
        return None
    if org is not None and org.start >= start - 1 and org.end > end:
        # "Customs and Border Protection": the whole name the entity tagger found
        end, phrase = org.end, analysis.document.text[start:org.end]
    if role and RELATION.match(head.text) and any(c.dep_ == "poss" for c in head.children):
        known = book.relative(head.text)  # "her mother" is the mother the article names
        if known:
            return coded(Speaker(known, book.title(known), "person", start, end, context=context))
    titles = [strip_det(span_text(doc, *phrase_bounds(a))) for a in appos]
    return role_speaker(phrase, head.text, start, end, analysis, organisation=org is not None or not role,
                        titles=titles, context=context, sentence_start=head.is_sent_start)


def role_speaker(phrase: str, noun: str, start: int, end: int, analysis: Analysis, *, organisation: bool,
                 titles: list[str] = (), context: str = "", sentence_start: bool = False) -> Speaker | None:
    """A speaker named by a noun phrase ("a DHS spokesperson", "Little Rock police", "the agency");
    ``noun`` is its head."""
    name = strip_det(phrase)
    if not name or len(name.split()) > 12:
        return None
    affiliation = ", ".join(t for t in titles if t and not NOT_A_NAME.search(t)) or None
    if affiliation is None and context and len(context.split()) <= 12:
        affiliation = context  # "a neighbor" / "who watched from her porch"
    speaker = Speaker(name, affiliation, "organisation" if organisation else "role", start, end,
                      plural=not organisation and bool(PLURAL_NOUNS.match(noun)), context=context)
    bare = len(name.split()) <= 2 and not re.search(r"[A-Z]", name[1:]) and (name[:1].islower() or sentence_start)
    if (AGENCY_NOUNS.match(noun) or GROUP_NOUNS.match(noun) or noun.lower() == "police") \
            and not agency_codes(name) and bare:
        the_agency(speaker, analysis, noun)
    return coded(speaker)


def speaker_in_words(words: str, start: int, analysis: Analysis, book: SpeakerBook, sentence_start: bool = False):
    """The speaker a short attribution names without needing the parse ("…, police said." / "…,”
    Okafor said."): a pronoun (returned as the lower-case word), a person the entity tagger found
    (with a title before the name), or a noun phrase headed by a speaker noun; None when the words
    need the parse to be read."""
    words = words.strip()
    end = start + len(words)
    if words.lower() in ("he", "she", "they", "it"):
        return words.lower()
    tokens = words.split()
    if not 1 <= len(tokens) <= 6 or OUTLET_WORDS.search(words) or NOT_A_NAME.search(re.sub(r"\d+-year-old", "", words)):
        return None
    person = next((e for e in analysis.entities if e.label == "PERSON" and e.end == end and e.start >= start), None)
    if person is not None:
        title = analysis.document.text[start:person.start].strip()
        if title and (HONORIFIC.match(title) or not all(TITLE_WORD.match(w) or SPEAKER_NOUNS.match(w) or w[:1].isupper()
                                                        for w in title.split())):
            return None if not HONORIFIC.match(title) else person_speaker(person, None, start, end, analysis, book)
        return person_speaker(person, strip_det(title) or None, start, end, analysis, book)
    head = tokens[-1]
    modifiers = tokens[1:-1] if tokens[0].lower() in ("the", "a", "an") else tokens[:-1]
    if not SPEAKER_NOUNS.match(head) or SOURCE_WORDS.match(head) or any(w.lower() in FUNCTION_WORDS or w.endswith(("ed", "ing", ",")) for w in modifiers):
        return None
    org = any(e.label == "ORG" and start <= e.start < end for e in analysis.entities)
    return role_speaker(words, head, start, end, analysis, organisation=org and not PLURAL_NOUNS.match(head),
                        sentence_start=sentence_start)


def proper_name(head, lo: int) -> bool:
    """Capitalised words with no article or possessive, not at a sentence's start unless a quote
    or a name precedes them: a person's name."""
    doc = head.doc
    words = [t for t in doc[lo:head.i + 1]]
    if not 1 <= len(words) <= 4 or any(not t.text[:1].isupper() or t.dep_ in ("det", "poss") for t in words):
        return False
    if any(TITLE_WORD.match(t.text) or SPEAKER_NOUNS.match(t.text) for t in words) or NOT_A_NAME.search(head.text):
        return False
    first = next((t for t in doc if not t.is_punct), head)
    if len(words) == 1 and first.i == head.i:
        return False  # "First said", "Description said": a lone word opening the sentence is no name
    return head.text.isalpha() and not head.text.isupper()


def person_speaker(ent: Entity, title: str | None, start: int, end: int, analysis: Analysis, book: SpeakerBook,
                   context: str = "") -> Speaker | None:
    name = clean_name(ent.text)
    if not name:
        return None
    full = book.full_name(name)
    if title and (NOT_A_NAME.search(title) or len(title.split()) > 12):
        title = None
    affiliation = title or book.title(full)
    return coded(Speaker(full, affiliation, "person", start, end, context=context))


def the_agency(speaker: Speaker, analysis: Analysis, noun: str, reach: int = 1500) -> Speaker:
    """'the agency', 'police', 'the group': the agency, police force or organisation named last
    before it (within ``reach`` characters), given as the affiliation (with an agency's code)."""
    text = analysis.document.text
    lo = max(0, speaker.start - reach)
    if GROUP_NOUNS.match(noun):
        ents = [e for e in analysis.entities if e.label == "ORG" and lo <= e.start < speaker.start
                and not OUTLET_WORDS.search(e.text) and not agency_codes(e.text)]
        if ents:
            speaker.affiliation, speaker.rule = ents[-1].text, R_AGENCY_ANAPHORA
        return speaker
    if noun.lower() == "police":
        forces = list(POLICE_FORCE.finditer(text, lo, speaker.start))
        if forces:
            speaker.affiliation, speaker.rule = department_named(forces[-1].group(0), text), R_AGENCY_ANAPHORA
        return speaker
    best: tuple[int, str] | None = None
    for code, pattern in AGENCIES:
        for m in pattern.finditer(text, lo, speaker.start):
            if code == "POLICE" and not re.search(r"\b(?:police|sheriff)\b", m.group(0), re.I):
                continue
            if best is None or m.start() > best[0]:
                best = (m.start(), code)
    if best is not None:
        code = best[1]
        ent = next((e for e in analysis.entities if e.label == "ORG" and e.start <= best[0] < e.end), None)
        named = ent.text if ent is not None else code
        speaker.affiliation = named if named == code else f"{named} ({code})" if code != "POLICE" else named
        speaker.rule = R_AGENCY_ANAPHORA
    return speaker


def names_kin(words: str) -> bool:
    """The words call someone a relative, friend or lawyer ("his sister", "Family members"), not a kin
    word inside a proper name ("Arizona's Family records", "Family Research Council" inside a name)."""
    return any(m.start() == 0 or not m.group(0)[:1].isupper() for m in SUBJECT_WORDS.finditer(words.strip()))


def department_named(force: str, text: str) -> str:
    """A town's police ("San Bernardino police") by the department's name where the text gives it
    ("San Bernardino Police Department"), so one force has one name whichever way a sentence calls it."""
    m = re.match(r"^(.+?)\s+police$", force)
    if not m:
        return force
    full = re.search(rf"\b{re.escape(m.group(1))}\s+Police\s+Department\b", text)
    return full.group(0) if full else force


def side_of(speaker: Speaker) -> tuple[str, str]:
    """(side, rule) from what the speaker is called and described as. An organisation's name
    says nothing of kinship ("National Lawyers Guild", "Department of Children and Families"), and a
    former or retired officer speaks for no agency."""
    words = f"{speaker.name} {speaker.affiliation or ''}"
    described = f"{words} {speaker.context}"
    kin = [speaker.affiliation or ""] if speaker.kind == "organisation" else [speaker.name, speaker.affiliation or ""]
    if OFFICIAL_ATTORNEY.search(words):
        return "official", R_SIDE_ATTORNEY
    if any(names_kin(k) for k in kin) or FORCE_USED_ON.search(described):
        return "subject", R_SIDE_SUBJECT
    if POLITICIAN_WORDS.search(words):
        return "other", R_SIDE_POLITICIAN
    title = (speaker.affiliation or "").split(",")[0].strip()
    former = re.search(r"\b(?:former|retired|ex-)\s*(?:\w+\s+){0,3}?(?:police|officers?|officials?|agents?|chief|director"
                       r"|secretary|lieutenant|sergeant|detective|sheriff|commissioner|prosecutor)", words, re.I)
    if (OFFICIAL_WORDS.search(words) or EXECUTIVE_TITLE.search(title) or agency_codes(words)) and not former:
        if not ADVOCACY.search(words) or agency_codes(words):
            return "official", R_SIDE_OFFICIAL
    if WITNESS_WORDS.search(described):
        return "witness", R_SIDE_WITNESS
    return "other", R_SIDE_OTHER


R_SIDE_FRIEND = declare("side_friend", "account", "a private person speaking of the person shot by name speaks for them",
                        "“Alex was there the final night,” said Mac Randall", "decision", __name__)


R_SIDE_OFFICER = declare("side_officer_who_used_force", "account", "the officer or agent the incident tells used force "
                         "speaks for the official side", "“I did what I had to do,” Exum testified (Charles Exum, the "
                         "agent who fired)", "decision", __name__)


def side_with_officers(accounts: list, people) -> None:
    """A speaker who is one of the incident's officers (the agent who fired, testifying) speaks for the
    official side, whatever words introduce them. ``accounts`` changed in place."""
    officers = [set(p.display_name.lower().split()) for p in people
                if p.display_name and p.role.value == "officer" and len(p.display_name.split()) > 1]
    for a in accounts:
        words = set(a.speaker.lower().split())
        if a.side != "official" and words and any(words <= o for o in officers):
            a.side = "official"
            a.rule = rule_with(getattr(a, "rule", ""), R_SIDE_OFFICER)


def side_with_people(accounts: list, people) -> None:
    """Correct sides with an incident's participants: a speaker who is the person shot or hurt, or
    whom the text describes through them ("the owner of the restaurant where Ruiz worked"), or a private
    person (perhaps of a named town) speaking of them by name, speaks for the subject's side; one of
    its officers, for the official side (``side_with_officers``).
    ``accounts``: ``Account`` or ``Claim`` records, changed in place."""
    side_with_officers(accounts, people)
    hurt = [set(p.display_name.lower().split()) for p in people
            if p.display_name and (p.status.value in ("killed", "injured") or p.role.value in ("subject", "victim"))]
    if not hurt:
        return
    surnames = {w for h in hurt for w in h if len(w) > 2}
    last_names = {p.display_name.split()[-1].lower() for p in people if p.display_name and len(p.display_name.split()) > 1
                  and (p.status.value in ("killed", "injured") or p.role.value in ("subject", "victim"))}
    for a in accounts:
        words = set(a.speaker.lower().split())
        if a.side in ("other", "witness") and any(words and words <= h for h in hurt):
            a.side = "subject"
            a.rule = rule_with(getattr(a, "rule", ""), R_SIDE_PERSON)
        elif a.side in ("other", "witness") and len(a.speaker.split()) > 1 and a.speaker[:1].isupper() \
                and a.speaker.split()[-1].lower() in last_names:
            a.side = "subject"  # "Becca Good" on Renee Good's shooting: family
            a.rule = rule_with(getattr(a, "rule", ""), R_SIDE_KIN)
        elif a.side == "other" and (not a.affiliation or HOMETOWN.match(a.affiliation)) and len(a.speaker.split()) > 1 \
                and a.speaker[:1].isupper() and not getattr(a, "rule", "").endswith(R_SIDE_POLITICIAN) \
                and any(re.search(rf"\b{re.escape(w)}\b", a.quote, re.I) for h in hurt for w in h if len(w) > 2):
            a.side = "subject"  # a friend or colleague speaking of the person shot by name: "Alex was there…"
            a.rule = rule_with(getattr(a, "rule", ""), R_SIDE_FRIEND)
        elif a.side == "other" and a.affiliation and not getattr(a, "rule", "").endswith(R_SIDE_POLITICIAN) \
                and any(re.search(rf"\b{re.escape(w)}['’]s\b|\b(?:where|whom|who|of|for)\b[^,;]*\b{re.escape(w)}\b",
                                  a.affiliation, re.I) for w in surnames):
            a.side = "subject"
            a.rule = rule_with(getattr(a, "rule", ""), R_SIDE_THROUGH)


R_SIDE_ONE = declare("side_one_per_speaker", "account", "a named speaker keeps one side in an incident: the side "
                     "the evidence gave some of their statements, over the default 'other' of the rest",
                     "Mac Lind said Alex cared for his father (subject) … “the sweetest person,” Lind said (subject)",
                     "decision", __name__)


def side_per_speaker(accounts: list) -> None:
    """A named speaker's statements in one incident share one side: where some have a side a rule found
    (subject, witness, official) and the rest only the default ``other``, the rest take it; statements a
    rule put on two different sides are left as they are. ``accounts`` changed in place."""
    found: dict[str, set[str]] = {}
    for a in accounts:
        if a.speaker[:1].isupper() and len(a.speaker.split()) > 1:
            found.setdefault(a.speaker.lower(), set()).add(a.side)
    for a in accounts:
        sides = found.get(a.speaker.lower(), set()) - {"other"}
        if a.side == "other" and len(sides) == 1:
            a.side = next(iter(sides))
            a.rule = rule_with(getattr(a, "rule", ""), R_SIDE_ONE)


R_GENERAL = declare("account_expert_in_general", "account", "an expert whose words name nothing of the incident (no one in "
                    "it, not its town, no 'the shooting', 'that night', 'he') speaks of weapons, training or policy in "
                    "general: background, not an account of the incident",
                    "“Stingers are for crowd control,” said Lee Orr, a retired police lieutenant", "decision", __name__)
EXPERT = re.compile(r"\b(?:retired|professor|expert|analyst|researcher|criminologist|scholar|consultant|trainer"
                    r"|instructor)\b", re.I)
# words that point at one event ("the shooting", "that night", "she"); "the officer" may be any officer
TELLS_OF_IT = re.compile(r"\b(?:the|this|that)\s+(?:video|footage|shooting|incident|encounter|case|raid|arrest|protest"
                         r"|day|night|morning)\b|\b(?:he|she|his|her|him)\b", re.I)


def drop_general_commentary(accounts: list, people, city: str | None) -> list:
    """The accounts without an expert's words about weapons, training or policy in general: a speaker the
    text introduces as an expert, retired officer or professor, none of whose statements in the incident
    names one of its people or its town or points at it ("the shooting", "that night", "she")."""
    names = {w.lower() for p in people if p.display_name for w in p.display_name.split() if len(w) > 2}
    if city:
        names.add(city.lower())
    said: dict[str, list] = {}
    for a in accounts:
        said.setdefault(a.speaker, []).append(a)

    def general(items: list) -> bool:
        who = " ".join(filter(None, [items[0].affiliation, items[0].speaker]))
        return all(a.side == "other" for a in items) and bool(EXPERT.search(who)) and not any(
            TELLS_OF_IT.search(a.quote) or any(re.search(rf"\b{re.escape(n)}\b", a.quote, re.I) for n in names)
            for a in items)

    dropped = {k for k, items in said.items() if general(items)}
    return [a for a in accounts if a.speaker not in dropped]


HOMETOWN = re.compile(r"^(?:of|from)\s+[A-Z][\w.'’ -]*$")  # "Mac Lind of Minneapolis": no affiliation but a town


R_SIDE_LOCAL = declare("side_local_government", "account",
                       "the mayor or chief of the town whose own police used the force describes it for the officials",
                       "“Violence at officers is never acceptable,” said Mayor Ana Lee (the city's police made the arrests)",
                       "decision", __name__)
_LOCAL_HEADS = r"mayor|city\s+manager|police\s+chief|chief\s+of\s+police|police\s+commissioner"
LOCAL_HEAD = re.compile(rf"\b(?:{_LOCAL_HEADS})\b", re.I)
FEDERAL = ("ICE", "CBP", "HSI", "ERO", "DHS", "FBI", "USMS", "ATF", "DEA", "NATIONAL_GUARD")


def side_with_local_force(accounts: list, agencies: list[str], city: str | None) -> None:
    """When the town's own police (not federal agents) used the force, its mayor or chief speaking of it
    speaks for the officials; a mayor criticising federal agents stays a commenting politician."""
    if not city or not agencies or any(a in FEDERAL for a in agencies):
        return
    for a in accounts:
        where = f"{a.speaker} {a.affiliation or ''}"
        if a.side == "other" and LOCAL_HEAD.search(where) and re.search(rf"\b{re.escape(city)}\b", where, re.I):
            a.side = "official"
            a.rule = rule_with(getattr(a, "rule", ""), R_SIDE_LOCAL)


R_SIDE_DEFENDS = declare("side_executive_defends", "account", "a governor, mayor or police chief defending the officers "
                         "or describing the action for the authorities speaks for the official side",
                         "“Let our police department do their job,” said the mayor", "decision", __name__)
EXECUTIVE = re.compile(rf"\b(?:{_LOCAL_HEADS}|governor|county\s+executive|sheriff)\b|\bGov\.", re.I)  # LOCAL_HEAD, and more
# words that back the officers or speak for the authorities' handling — and words that criticise them
DEFENDS = re.compile(r"\b(?:law\s+enforcement\s+(?:partners|officers)|our\s+(?:police|officers|department|law\s+enforcement)"
                     r"|law\s+and\s+order|secure\s+the\s+border|enforce\s+(?:immigration\s+)?law|active\s+investigation"
                     r"|(?:cowardly|senseless|heinous|despicable)\s+(?:attack|act)|keep\s+the\s+peace|violence\s+(?:directed\s+)?"
                     r"(?:at|against)\s+(?:law\s+enforcement|officers|police)|respect\s+the\s+(?:law|officers|police))\b", re.I)
CRITICISES = re.compile(r"\b(?:inflammatory|outrage\w*|unacceptable\s+(?:actions|tactics)|abus\w+|terror\w*|lawless|reckless"
                        r"|excessive|brutal\w*|must\s+stop|demand\w*|accountab\w+|cover[- ]?up|unconstitutional|masked\s+agents"
                        r"|militar\w+|invasion|chaos|cruel\w*)\b", re.I)


def side_with_defending_executives(accounts: list) -> None:
    """A governor, mayor or police chief commenting is 'other' — unless their words back the officers
    or speak for the authorities' handling ("We will not let this cowardly attack impede …", "let our
    police department do their job") and none criticises them: then all their accounts in the
    document speak for the official side. ``accounts``: ``Account`` or ``Claim`` records."""
    by_speaker: dict[str, list] = {}
    for a in accounts:
        if a.side == "other" and EXECUTIVE.search(f"{a.speaker} {a.affiliation or ''}"):
            by_speaker.setdefault(a.speaker, []).append(a)
    for said in by_speaker.values():
        if any(DEFENDS.search(a.quote) for a in said) and not any(CRITICISES.search(a.quote) for a in said):
            for a in said:
                a.side = "official"
                a.rule = rule_with(getattr(a, "rule", ""), R_SIDE_DEFENDS)


R_SIDE_SELF = declare("side_self_report", "account", "a speaker the incident's sentences tell force was used on speaks "
                      "for the subject's side", "Ana Ruiz, 31, said she was hit by a pepper ball", "decision", __name__)
# a sentence that tells the person it introduces was subjected to force: "…, said he was tear-gassed",
# "…, was at the protest when she was hit twice by pepper balls", "…, one of the three men in the truck"
SELF_FORCE = re.compile(
    r"\b(?:(?:when|after|as|before|said|says|and)\s+(?:he|she|they)\s+(?:was|were|had\s+been|got)\s+(?:\w+\s+){0,2}?"
    r"(?:hit|shot|struck|tear[- ]gassed|pepper[- ]sprayed|sprayed|tased|tasered|tackled|injured|wounded|grazed|beaten|dragged|thrown)"
    r"|(?:fired|shot)\s+(?:\w+\s+){0,5}?at\s+(?:him|her|them)\b|hit\s+(?:him|her)\s+in\s+the"
    r"|one\s+of\s+the\s+(?:\w+\s+)?(?:men|women|people|passengers|occupants)\s+(?:in|inside)\s+the\s+(?:\w+\s+)?(?:vehicle|car|truck|SUV|van))",
    re.I)


def side_with_self_reports(accounts: list, sentences) -> None:
    """A private speaker whom the incident's own sentences tell force was used on ("Curtis Evans, a
    veteran, said he was tear-gassed on Sept. 19") speaks for the subject's side, though the people
    list may not hold them. ``accounts``: ``Account`` or ``Claim`` records, changed in place."""
    told = [s.text for s in sentences if SELF_FORCE.search(s.text)]
    if not told:
        return
    for a in accounts:
        words = a.speaker.split()
        if a.side not in ("other", "witness") or not words or not a.speaker[:1].isupper() \
                or getattr(a, "rule", "").endswith(R_SIDE_POLITICIAN):
            continue
        name = re.escape(words[-1])
        # the speaker is the subject of the sentence that tells the force ("Rivera, 37, was hit …")
        subject = re.compile(rf"\b{name}\b(?:,[^.;]{{0,120}}?,)?\s+(?:said|says|told|recalled|was|were)\b"
                             rf"|\b(?:said|says|told)\s+{name}\b")
        if any(SELF_FORCE.search(t, m.start(), m.end() + 200) for t in told for m in subject.finditer(t)):
            a.side = "subject"
            a.rule = rule_with(getattr(a, "rule", ""), R_SIDE_SELF)


def rule_with(rule: str, decision: str) -> str:
    """A value's rule with its side decision replaced by ``decision``."""
    parts = [p for p in rule.split("+") if p and not p.startswith("side_")]
    return "+".join(parts + [decision])
