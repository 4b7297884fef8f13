"""Incident mentions in one analysed document: detection, segmentation, fields.

In: an ``Analysis``. Out: ``Mention`` records — the incident the article reports (``primary``)
and the ones it mentions in passing (``brief``) — each with date, place, agencies, counts,
shots, vehicle, force type, people, accounts and claims, every value carrying its spans or the
rule that inferred it. An article with no use-of-force event (a sports "shootout", a film
shoot, a policy piece) yields nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from encounters.core.geo import great_circle_km
from encounters.core.model import Account, Claim, Document, Mention, Span, Value
from encounters.extract.accounts import find_accounts, side_with_people
from encounters.extract.counts import counts_in_headline, find_counts
from encounters.extract.dates import DateMention, find_dates
from encounters.extract.involvement import find_involvement
from encounters.extract.lexicon import (AGENCIES, LAW_ENFORCEMENT, LESS_LETHAL, MILITARY, NOT_VIOLENCE, SHOOTING, SPORTS,
                                        VEHICLE, VIOLENCE)
from encounters.extract.nlp import Analysis, Sentence
from encounters.extract.people import find_people
from encounters.extract.locate import pick_place, places_in, read_place_context
from encounters.extract.places import PlaceMention

BRIEF_CUE = re.compile(
    r"\b(?:in\s+(?:another|a\s+separate|a\s+similar|an\s+earlier|a\s+previous|a\s+prior)\s+(?:\w+\s+)?(?:incident|shooting|case|encounter)"
    r"|(?:earlier|last|this)\s+(?:this\s+)?(?:month|year|week|summer|spring|fall|winter)|comes?\s+(?:just\s+)?(?:days|weeks|months)\s+after"
    r"|the\s+(?:latest|second|third|fourth|fifth|\w+th)\s+(?:such\s+)?(?:shooting|incident|time)|similar\s+(?:incident|shooting)"
    r"|previous(?:ly)?|prior\s+to|in\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b)", re.I)
# an item of a dated roundup list: "HOMICIDES 2016 Jan. 5: Howard …"
ROUNDUP_ITEM = re.compile(r"(?:^|\s)(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\s*:\s+[A-Z]")
# the report says outright that this is another incident: "in an unrelated incident", "Separately, …"
OTHER_INCIDENT = re.compile(r"\bin\s+(?:an?\s+)?(?:unrelated|separate|different)\s+(?:\w+\s+)?(?:incident|shooting|case)\b"
                            r"|^\W*(?:Separately|In\s+other\s+news|Elsewhere)\b", re.I)
# a page's stamp before a date: "Posted:", "Last updated at 10:39 a.m. on Sunday, Nov. 27"
PUBLISHED_LABEL = re.compile(r"(?:Published|Updated|Posted|Last\s+updated|Copyright)(?:\s+at\s+\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)?"
                             r"(?:\s+on)?(?:\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?)?\W{0,3}$", re.I)


ELSEWHERE = ("residence", "hospital_city")  # places named in a report that are not where it happened
EARLIER_EVENT_DAYS = 31  # how long before its own day an incident's report may date the shooting
SAME_AREA_KM = 10  # two towns this close are one area to a report (a township and a place in it, 8 km apart)


@dataclass
class EventSentence:
    sentence: Sentence
    force: str  # shooting / less-lethal
    dates: list[DateMention]
    places: list[PlaceMention]
    names: set[str]
    reporting: list[DateMention] = field(default_factory=list)  # of ``dates``: a statement's or hearing's day

    @property
    def day(self) -> date | None:
        """The day the sentence gives its event: not a statement's, a hearing's or an autopsy's."""
        return next((d.day for d in self.dates if d.exact and d not in self.reporting), None)


@dataclass
class Segment:
    events: list[EventSentence] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    listed: bool = False  # an item of a dated roundup list ("Aug. 23: Joseph …, 24, is shot …"): told in passing

    @property
    def day(self) -> date | None:
        return next((e.day for e in self.events if e.day), None)

    @property
    def cities(self) -> list[PlaceMention]:
        return [p for e in self.events for p in event_cities(e)]

    @property
    def names(self) -> set[str]:
        return set().union(*(e.names for e in self.events)) if self.events else set()


def event_cities(ev: EventSentence) -> list[PlaceMention]:
    """The cities an event sentence places its event in (not where someone lives or was treated)."""
    return [p for p in ev.places if p.kind == "city" and p.rule not in ELSEWHERE]


def same_area(xs: list[PlaceMention], ys: list[PlaceMention]) -> bool:
    """Whether two sets of cities share one, or hold two within ``SAME_AREA_KM`` ("Pemberton" and
    "Browns Mills": a township and a place in it)."""
    if {p.name.lower() for p in xs} & {p.name.lower() for p in ys}:
        return True
    return any(a.city and b.city and great_circle_km(a.city.latitude, a.city.longitude, b.city.latitude,
                                                     b.city.longitude) <= SAME_AREA_KM for a in xs for b in ys)


def force_in(text: str, *, officers_in_story: bool) -> str | None:
    """``shooting`` / ``less-lethal`` when a sentence reports force, None otherwise."""
    if MILITARY.search(text) and not LAW_ENFORCEMENT.search(text):
        return None
    m = SHOOTING.search(text)
    if m:
        if NOT_VIOLENCE.search(text) and not re.search(r"\b(?:police|officers?|agents?|killed|wounded|victim|gunman|suspect)\b", text, re.I):
            return None
        return "shooting"
    if officers_in_story and LESS_LETHAL.search(text) and not NOT_VIOLENCE.search(text):
        return "less-lethal"
    return None


def may_report_force(doc: Document) -> bool:
    """Cheap test before any analysis: does the article's text use any force wording at all?

    ``force_in`` on each sentence of the text is the real test (a title alone never makes an
    event); this one only rules out texts that could never pass it."""
    return any(p.search(doc.text) for p in (SHOOTING, LESS_LETHAL))


def usable_dates(text: str, sent: Sentence, published: date | None) -> list[DateMention]:
    """Dates in a sentence that can be the incident's: not in the future, not a caption's stamp."""
    out = []
    for d in find_dates(sent.text, published, offset=sent.start):
        if PUBLISHED_LABEL.search(text[max(0, d.start - 45):d.start]):
            continue
        if published and d.lo > published + timedelta(days=1):
            continue
        out.append(d)
    return out


def last_names(analysis: Analysis, sent: Sentence) -> set[str]:
    return {e.text.split()[-1].strip(".,'’s") for e in analysis.entities_in(sent.start, sent.end, "PERSON")}


def segment_events(analysis: Analysis, events: list[EventSentence]) -> list[Segment]:
    """Group event sentences into incidents: the report's own (the first is its main one), then the
    items of a dated roundup list it carries. A sentence that shares a name with an incident joins it."""
    told: list[Segment] = []
    listed: list[Segment] = []
    for ev in events:
        if ROUNDUP_ITEM.search(ev.sentence.text):
            # a roundup's item ("HOMICIDES 2016 Jan. 5: …"): an incident of its own, told in passing
            target = next((seg for seg in listed if ev.names & seg.names), None)
            if target is None:
                target = Segment(listed=True)
                listed.append(target)
        else:
            target = next((seg for seg in told + listed if ev.names & seg.names), None) or place_event(ev, told)
        target.events.append(ev)
    return told + listed


def place_event(ev: EventSentence, told: list[Segment]) -> Segment:
    """The incident of an event sentence that shares no name with any: a new one when its date or city
    differs from the main incident's (a city only with a date or a cue such as "in a separate
    shooting"), or when the report says outright it is another incident."""
    if not told:
        told.append(Segment())
        return told[0]
    own_day = ev.day  # a statement's, a hearing's or an autopsy's day does not make another incident
    own_cities = event_cities(ev)
    main = told[0]
    differs_day = own_day and main.day and abs((own_day - main.day).days) > 2
    differs_city = own_cities and main.cities and not same_area(own_cities, main.cities)
    cue = BRIEF_CUE.search(ev.sentence.text)
    if differs_day or (differs_city and (cue or own_day)) or OTHER_INCIDENT.search(ev.sentence.text):
        for seg in told[1:]:
            same_day = own_day and seg.day and abs((own_day - seg.day).days) <= 1
            same_city = own_cities and seg.cities and same_area(own_cities, seg.cities)
            if (same_day or not own_day) and (same_city or not own_cities):
                return seg
        told.append(Segment())
        return told[-1]
    return told[-1] if len(told) == 1 or not (own_day or own_cities) else main


def attach_sentences(analysis: Analysis, segments: list[Segment]) -> None:
    """Every sentence goes to the incident whose event sentence last preceded it (the first
    incident takes the lead before any event)."""
    owner: dict[int, Segment] = {}
    for seg in segments:
        for e in seg.events:
            owner[e.sentence.index] = seg
    current = segments[0]
    for sent in analysis.sentences:
        if sent.index in owner:
            current = owner[sent.index]
        current.sentences.append(sent)


REPORTING_WORDS = re.compile(
    r"\b(?:said|says|announced|told|stated|confirmed|released|court|hearing|arraign\w*|pleaded|plea|sentenc\w*|trial"
    r"|vigil|funeral|memorial|investigat\w*|remain\w*|condition|counselors?|identified|charged|booked|arrested|custody"
    r"|conference|updated?|posted|tweeted|statement|judge|appear\w*|filed|planned|scheduled|will|details"
    r"|return\w*|interview\w*|autops\w+|conducted)\b", re.I)


EVENT_AFTER = re.compile(r"(?:['’]s)?\s+(?:(?:fatal|deadly|double|triple|mass)\s+)?(?:shootings?|killings?|slayings?|murders?"
                         r"|deaths?|attack|gunfire)\b", re.I)
SENTENCE_SOURCE = re.compile(r"^[^,]{0,30},\s+(?:(?:[\w'’.-]+\s+){0,4}(?:said|says|reported)|according\s+to\s+[^,]{1,40})\s*$")


def is_reporting_date(text: str, d: DateMention) -> bool:
    """A date that dates the reporting (a statement, a hearing, a vigil), not the event; a date that
    names the event ("the January shooting", "Sunday's killing") never does."""
    if EVENT_AFTER.match(text, d.end):
        return False
    before = re.split(r"[.!?]\s|\n", text[max(0, d.start - 40):d.start])[-1]  # this sentence only
    # only up to the next comma: in "Thursday afternoon, police said" the saying is the sentence's source
    after = re.split(r"[.!?](?:\s|$)|\n", text[d.end:d.end + 25])[0]
    if SENTENCE_SOURCE.match(re.split(r"[.!?](?:\s|$)|\n", text[d.end:d.end + 80])[0]):
        after = ""  # "… Thursday afternoon, police said.": the saying is the whole sentence's source
    return bool(REPORTING_WORDS.search(before) or REPORTING_WORDS.search(after))


def pick_date(seg: Segment, analysis: Analysis, published: date | None, primary: bool) -> dict[str, Value]:
    """The day (or window) of the incident: a date in an event sentence first, then nearby."""
    text = analysis.document.text
    candidates = [d for e in seg.events for d in e.dates]
    if not candidates:
        for sent in seg.sentences[:12]:
            candidates.extend(d for d in usable_dates(text, sent, published)
                              if not published or (published - d.hi).days <= 60)
    exact = [d for d in candidates if d.exact]
    if exact and all(is_reporting_date(text, d) for d in exact):
        # only the dates of statements and hearings in the event sentences: a nearby sentence may date the event
        # (a report released months later tells "On the morning of July 14": up to a year back)
        nearby = [d for sent in seg.sentences[:12] for d in usable_dates(text, sent, published)
                  if d.exact and not is_reporting_date(text, d) and (not published or (published - d.hi).days <= 366)]
        if nearby:
            exact = nearby
        else:
            # "charged in the January shooting deaths … a hearing Tuesday": the month is the incident's
            earlier = [d for d in candidates if not d.exact and not is_reporting_date(text, d)
                       and d.hi < min(e.day for e in exact)]
            if earlier:
                d = earlier[0]
                return {"date_range": Value([d.lo, d.hi], (Span(d.start, d.end),), d.rule + "+before_reporting_day")}
    if exact:
        # the shooting came first: hearings, statements, vigils and updates are dated after it — within
        # weeks; a day months before the incident's own is another incident's ("who shot herself May 11
        # …, and a 4-year-old who shot himself Nov. 2")
        own = seg.day
        d = min((d for d in exact if not own or (own - d.day).days <= EARLIER_EVENT_DAYS),
                key=lambda d: (is_reporting_date(text, d), d.day, d.start))
        rule = d.rule if len(exact) == 1 else d.rule + "+earliest_event_date"
        return {"date": Value(d.day, (Span(d.start, d.end),), rule)}
    if candidates:
        d = candidates[0]
        return {"date_range": Value([d.lo, d.hi], (Span(d.start, d.end),), d.rule)}
    if published and primary:
        return {"date_range": Value([published - timedelta(days=7), published], (), "week_before_publication"),
                "date": Value(published, (), "publication_date")}
    return {}


ACCOUNT_REACH = 3000  # characters either side of a sentence reporting the incident


def pick_agencies(sentences: list[Sentence], text: str) -> Value | None:
    codes: list[str] = []
    spans: list[Span] = []
    for sent in sentences:
        taken: list[tuple[int, int]] = []
        for code, pattern in AGENCIES:
            for m in pattern.finditer(sent.text):
                if any(not (m.end() <= a or m.start() >= b) for a, b in taken):
                    continue
                taken.append((m.start(), m.end()))
                if code not in codes:
                    codes.append(code)
                    spans.append(Span(sent.start + m.start(), sent.start + m.end()))
    return Value(codes, tuple(spans), "agency_names") if codes else None


def extract_mentions(analysis: Analysis) -> list[Mention]:
    """The incident mentions of one analysed document (empty when it reports none)."""
    doc = analysis.document
    text = doc.text
    officers = bool(re.search(r"\b(?:police|officers?|agents?|deputies|deputy|troopers?|ICE|Border Patrol|CBP|marshals?)\b", text))
    if len(SPORTS.findall(text)) >= 2 and not VIOLENCE.search(text):
        return []  # a game story: "shooting", "shots", "shootout" are sport
    title_force = force_in(doc.title or "", officers_in_story=officers)
    events: list[EventSentence] = []
    places_cache: dict[int, list[PlaceMention]] = {}
    for sent in analysis.sentences:
        force = force_in(sent.text, officers_in_story=officers)
        if force is None:
            continue
        places = places_in(analysis, sent, places_cache)
        dates = usable_dates(text, sent, doc.published)
        events.append(EventSentence(sent, force, dates, places, last_names(analysis, sent),
                                    [d for d in dates if d.exact and is_reporting_date(text, d)]))
    # one event sentence in a long piece that is about something else is not a report
    if not events or (len(events) == 1 and not title_force and len(analysis.sentences) > 25
                      and events[0].sentence.index > 5):
        return []
    accounts, claims = find_accounts(analysis)
    claim_spans = [(c.span.start, c.span.end) for c in claims]
    events = [e for e in events if not any(a <= e.sentence.start < b or a < e.sentence.end <= b for a, b in claim_spans)] or events
    segments = segment_events(analysis, events)
    attach_sentences(analysis, segments)
    context = read_place_context(analysis, places_cache)
    mentions: list[Mention] = []
    for i, seg in enumerate(segments):
        # an opinion piece argues about incidents; it does not report them
        primary = (i == 0 or len(seg.events) >= 2 and bool(seg.names)) and not doc.opinion and not seg.listed
        lo = min(s.start for s in seg.sentences)
        hi = max(s.end for s in seg.sentences)
        region = seg.sentences if i == 0 else [e.sentence for e in seg.events]
        fields: dict[str, Value] = {}
        fields.update(pick_date(seg, analysis, doc.published, i == 0))
        fields.update(pick_place([p for e in seg.events for p in e.places], seg.sentences, analysis, i == 0, context,
                                 places_cache))
        agencies = pick_agencies(region, text)
        if agencies:
            fields["agencies"] = agencies
        force = "shooting" if any(e.force == "shooting" for e in seg.events) else "less-lethal"
        first = seg.events[0].sentence
        fields["force_type"] = Value(force, (Span(first.start, first.end),), "force_words")
        involvement = find_involvement([e.sentence for e in seg.events] + list(region), shooting=force == "shooting")
        if involvement is not None:
            fields["law_enforcement"] = involvement
        people = find_people(analysis, region, excluded=claim_spans)
        fields.update(find_counts(region, people, shooting=True, excluded=claim_spans))
        if i == 0 and doc.title:
            for name, n in counts_in_headline(doc.title).items():
                if fields.get(name) is None or (fields[name].inferred and n > fields[name].value):
                    fields[name] = Value(n, (), "headline_count")
        vehicle = next(((s, m) for s in (e.sentence for e in seg.events) for m in [VEHICLE.search(s.text)] if m), None)
        if vehicle is None:
            vehicle = next(((s, m) for s in region[:40] for m in [VEHICLE.search(s.text)] if m), None)
        if vehicle:
            s, m = vehicle
            fields["vehicle_involved"] = Value(True, (Span(s.start + m.start(), s.start + m.end()),), "vehicle_words")
        else:
            fields["vehicle_involved"] = Value(False, (), "no_vehicle_mentioned")
        in_seg = lambda sp: lo <= sp.start < hi  # noqa: E731
        # accounts of an incident are told near where it is reported: on a long page (a scraped
        # timeline, a live blog) quotes far from every sentence about the incident are about other things
        near = lambda sp: any(e.sentence.start - ACCOUNT_REACH <= sp.start <= e.sentence.end + ACCOUNT_REACH  # noqa: E731
                              for e in seg.events)
        seg_accounts: list[Account] = [a for a in accounts if (in_seg(a.span) or len(segments) == 1) and near(a.span)]
        seg_claims: list[Claim] = [c for c in claims if (in_seg(c.span) or len(segments) == 1) and near(c.span)]
        side_with_people(seg_accounts, people)
        mentions.append(Mention(
            document_id=doc.id, ordinal=i, kind="primary" if primary else "brief", span=Span(lo, hi),
            fields=fields, people=people, accounts=seg_accounts if primary else [], claims=seg_claims if primary else [],
            published=doc.published, sponsored=doc.sponsored, opinion=doc.opinion,
        ))
    return mentions
