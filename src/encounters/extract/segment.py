"""Which incident each sentence of a document tells — or none.

In: an ``Analysis``, its ``Zones`` (furniture and statistics) and its event sentences (sentences that
report force, with their dates, places and participant names). Out: ``Segment`` records, one per
incident the document tells, each holding its event sentences and every sentence assigned to it. A
sentence is assigned to at most one incident; furniture, statistics and a roundup's introduction are
assigned to none, so no incident's count, place, people or accounts can come from them.

Policy:
- event sentences are grouped into incidents: a participant's name joins the incident that names them;
  otherwise another day (for less-lethal force at a protest, any other day) or town (a town only with
  a day, or with a cue such as "in a separate shooting"), a report that says outright it is another
  incident, or the label of a roundup's item ("Place: … Date: …", "Aug. 23: …") starts one;
- the other sentences follow the story as it is told: each belongs to the incident whose account is
  running (the last *anchored* event sentence: one that gives its own day, town or label), so a recalled
  name ("weeks after Good's death") does not carry the following sentences off; a sentence that names
  only another incident's participants goes to that incident; after a one-sentence aside about
  another incident the story returns to the one it was telling; on a long page, sentences more than
  ``REACH`` characters from any that tells an incident (a live blog's other items) belong to none;
- a document telling three or more incidents on different days in blocks of their own is a roundup: it
  has no main incident, and its introduction (totals, commentary before the first item) belongs to none;
- a statistic told within an incident's account is kept as its ``background``: the speaker's claims
  come from it, never a count.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from encounters.core.geo import great_circle_km
from encounters.extract.dates import DateMention
from encounters.extract.lexicon import BRIEF_CUE, OTHER_INCIDENT, ROUNDUP_ITEM, ROUNDUP_LABEL
from encounters.extract.nlp import Analysis, Sentence
from encounters.extract.places import ELSEWHERE, PlaceMention
from encounters.extract.rules import declare
from encounters.extract.zones import Zones

R_MAIN = declare("segment_main", "incident", "the first incident a report tells is its main one",
                 "An agent shot a driver Friday in Ontario, Calif. …", "decision", __name__)
R_OTHER_DAY = declare("segment_other_day", "incident", "an event on another day starts another incident",
                      "… and on Oct. 3 agents fired at a man in Phoenix", "decision", __name__)
R_OTHER_CUE = declare("segment_other_cue", "incident", "the report says outright that this is another incident",
                      "In an unrelated incident, …", "decision", __name__)
R_ITEM = declare("segment_roundup_item", "incident", "a roundup's item label starts an incident of its own",
                 "Place: Phoenix Date: Oct. 29 Who was shot: …", "decision", __name__)
R_SHARED_NAME = declare("segment_shared_name", "incident", "a sentence naming an incident's participant tells that incident",
                        "Ruiz was taken to a hospital", "decision", __name__)
R_ROUNDUP_INTRO = declare("segment_roundup_intro", "incident",
                          "a roundup's introduction (totals, commentary) belongs to no incident",
                          "Agents have fired on drivers in seven cases.", "decision", __name__)

NEARBY_KM = 60  # a suburb and its metro city; an outlet's town and a shooting in its county
SAME_AREA_KM = 10  # two towns this close are one area to a report (a township and a place in it, 8 km apart)
ROUNDUP_MIN = 3  # incidents on different days, each told in a block of its own
ROUNDUP_SHARE = 0.6  # a roundup's largest incident holds less than this share of its sentences
SAME_DAYS = 2  # days apart that one incident's sentences may give (a shooting late Friday, reported as Saturday)
REACH = 3000  # characters after the last sentence that told an incident (or before the first) that still tell it


@dataclass
class EventSentence:
    sentence: Sentence
    force: str  # a FORCE_TYPES value
    dates: list[DateMention]
    places: list[PlaceMention]
    names: set[str]  # surnames of the people it names, speakers and officials left out
    reporting: list[DateMention] = field(default_factory=list)  # of ``dates``: a statement's or hearing's day
    label: bool = False  # a roundup item's label: "Place: … Date: …", "Aug. 23: …"
    listed: bool = False  # an item of a dated list ("Aug. 23: Joseph …, 24, is shot"): told in passing

    @property
    def day(self) -> date | None:
        """The day the sentence gives its event: not a statement's, a hearing's or an autopsy's."""
        return next((d.day for d in self.dates if d.exact and d not in self.reporting), None)

    @property
    def cities(self) -> list[PlaceMention]:
        """The cities the sentence places its event in: not where someone lives or was treated, and not a
        dateline's (a station's city: "BILLINGS, Mont. — … in Roundup")."""
        return [p for p in self.places if p.kind == "city" and p.rule not in ELSEWHERE and p.rule != "dateline"]

    @property
    def anchored(self) -> bool:
        """It gives its own day, town or label: it can start (or resume) the telling of an incident."""
        return bool(self.day or self.cities or self.label)


@dataclass
class Segment:
    events: list[EventSentence] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    background: list[Sentence] = field(default_factory=list)  # its statistics: a speaker's claims, never its facts
    listed: bool = False  # an item of a dated roundup list: told in passing
    rule: str = R_MAIN
    label_day: date | None = None  # a roundup item's "Date: …"

    @property
    def day(self) -> date | None:
        return self.label_day or next((e.day for e in self.events if e.day), None)

    @property
    def cities(self) -> list[PlaceMention]:
        return [p for e in self.events for p in e.cities]

    @property
    def names(self) -> set[str]:
        return set().union(*(e.names for e in self.events)) if self.events else set()

    @property
    def anchored_names(self) -> set[str]:
        """The surnames its anchored event sentences name (those with a day, town or label of their own): a
        name recalled in passing ("following the killing of Renée Good") does not make a person its."""
        return set().union(*(e.names for e in self.events if e.anchored)) if self.events else set()

    @property
    def full(self) -> bool:
        """Told in a block of its own (a label, or more than one event sentence), not in passing."""
        return not self.listed and (len(self.events) >= 2 or self.rule == R_ITEM or any(e.label for e in self.events))


def same_area(xs: list[PlaceMention], ys: list[PlaceMention]) -> bool:
    """Whether two sets of cities share one, or hold two within ``SAME_AREA_KM`` ("Pemberton" and
    "Browns Mills": a township and a place in it)."""
    if {p.name.lower() for p in xs} & {p.name.lower() for p in ys}:
        return True
    return any(a.city and b.city and great_circle_km(a.city.latitude, a.city.longitude, b.city.latitude,
                                                     b.city.longitude) <= SAME_AREA_KM for a in xs for b in ys)


def is_label(text: str) -> bool:
    return bool(ROUNDUP_LABEL.search(text))


def match_event(ev: EventSentence, segments: list[Segment], current: Segment | None) -> Segment | None:
    """The incident an event sentence tells, among those already found, or None for a new one.

    A participant's name joins the incident that names them. Otherwise: a day of its own joins the
    incident of that day (or dates the running one when it has none yet), and a day that differs by more
    than ``SAME_DAYS`` from every incident's starts another; a town alone joins the incident in that area,
    and starts another only with a cue ("in a separate shooting", "earlier this month"); a sentence with
    neither continues the running incident."""
    told = [seg for seg in segments if not seg.listed]
    if ev.listed:
        return next((seg for seg in segments if seg.listed and ev.names & seg.names), None)
    if current is not None and current.listed and not ev.anchored:
        return current  # the list's item goes on: "… were arrested in connection with the shooting"
    # a name joins the incident that names it — unless the sentence gives another day and the incident has
    # the name only from sentences that recall it in passing
    named = [seg for seg in told if ev.names & (seg.anchored_names if ev.day and seg.day and
                                                  abs((seg.day - ev.day).days) > SAME_DAYS else seg.names)]
    if named:
        return current if current in named else named[0]
    if not told:
        return None
    running = current if current is not None and not current.listed else told[0]
    day, cities = ev.day, ev.cities
    other = bool(OTHER_INCIDENT.search(ev.sentence.text))
    cue = other or bool(BRIEF_CUE.search(ev.sentence.text))

    def fits(seg: Segment) -> bool:
        return not cities or not seg.cities or same_area(cities, seg.cities)

    if other:  # "in an unrelated incident": another than the one told so far, perhaps one already told
        return next((seg for seg in told if seg not in (running, told[0]) and (day or cities) and fits(seg)
                     and (not day or (seg.day and abs((seg.day - day).days) <= 1))), None)
    if day:
        dated = [seg for seg in told if seg.day and abs((seg.day - day).days) <= days_allowed(ev, seg) and fits(seg)]
        if dated:
            return running if running in dated else dated[0]
        if running.day or (cities and running.cities and not fits(running) and not weakly_placed(running, cities)):
            return None
        return running  # the running incident's first day
    if cities:
        placed = [seg for seg in told if seg.cities and same_area(cities, seg.cities)]
        if placed:
            return running if running in placed else placed[0]
        return None if cue and running.cities else running
    return running


def days_allowed(ev: EventSentence, seg: Segment) -> int:
    """How many days apart an event may be from an incident's day and still tell it: ``SAME_DAYS`` (a
    shooting late Friday, reported as Saturday), but none between days of less-lethal force — a protest
    met with tear gas on Friday and another on Saturday are two incidents."""
    return 0 if ev.force == "less-lethal" and all(e.force == "less-lethal" for e in seg.events) else SAME_DAYS


def sent_names(sent: Sentence, segments: list[Segment]) -> set[str]:
    """The participants' surnames (of any incident found so far) that a sentence names."""
    return {n for seg in segments for n in seg.names if re.search(rf"\b{re.escape(n)}\b", sent.text)}


def weakly_placed(seg: Segment, cities: list[PlaceMention]) -> bool:
    """An undated incident with no participant named, placed only near ``cities`` (within ``NEARBY_KM``):
    a caption or a lede whose town may be the outlet's or the county seat's — the dated sentence places it."""
    return not seg.day and not seg.names and any(
        a.city and b.city and great_circle_km(a.city.latitude, a.city.longitude, b.city.latitude, b.city.longitude) <= NEARBY_KM
        for a in seg.cities for b in cities)


def segment_by_labels(analysis: Analysis, zones: Zones, events: list[EventSentence],
                      labels: dict[int, date | None], breaks: set[int] = frozenset()) -> list[Segment]:
    """A roundup of labelled items ("Place: … Date: …"): each item runs from its label to the next;
    ``labels`` maps each label sentence to the day its item's "Date:" gives. Two labels of one day and
    place are one item told twice."""
    segments: list[Segment] = []
    by_index = {e.sentence.index: e for e in events}
    current: Segment | None = None
    for sent in analysis.sentences:
        role = zones.role(sent)
        if role == "furniture":
            continue
        if sent.index in labels:
            day = labels[sent.index]
            current = next((seg for seg in segments if day and seg.label_day == day), None)
            if current is None:
                current = Segment(rule=R_ITEM, label_day=day)
                segments.append(current)
        elif sent.index in breaks:
            current = None  # a section heading ends the item: what follows is the article's, no item's
        if current is None:
            continue  # the introduction (totals, commentary) or a later section: no incident's
        ev = by_index.get(sent.index)
        if ev is not None:
            current.events.append(ev)
        (current.sentences if role == "body" else current.background).append(sent)
    for seg in segments:  # an item with no "Date:" takes the day its own sentences give
        if seg.label_day is None:
            seg.label_day = next((e.day for e in seg.events if e.day), None)
    return [seg for seg in segments if seg.events]


def segment_document(analysis: Analysis, zones: Zones, events: list[EventSentence],
                     labels: dict[int, date | None] | None = None,
                     breaks: set[int] = frozenset()) -> tuple[list[Segment], bool]:
    """The incidents a document tells, each with the sentences assigned to it (see the module's
    policy), and whether the document is a roundup. ``labels``: its roundup item labels, if any;
    ``breaks``: section headings ("How many arrests has ICE made?"), which end a labelled item."""
    if labels and len(labels) >= 2:
        first = min(labels)
        intro = [s for s in analysis.sentences if s.index < first]
        # a report of its own before the roundup ("A gunman attacked … Here is what we know of the attacks"):
        # dated, and told in more than one sentence with a day or town of its own; totals, commentary and
        # one line on the latest item ("In the latest shooting on Jan. 24, …") make none
        lede, _ = segment_sentences(intro, zones, [e for e in events if e.sentence.index < first])
        lede = [seg for seg in lede if seg.day and not seg.listed and sum(1 for e in seg.events if e.anchored) >= 2]
        return lede[:1] + segment_by_labels(analysis, zones, events, labels, breaks), True
    return segment_sentences(analysis.sentences, zones, events)


def segment_sentences(sentences: list[Sentence], zones: Zones, events: list[EventSentence]) -> tuple[list[Segment], bool]:
    """The anchor pass over a run of sentences (a whole document, or a roundup's introduction)."""
    by_index = {e.sentence.index: e for e in events}
    segments: list[Segment] = []
    current: Segment | None = None
    resume: Segment | None = None  # the block the story returns to after an aside
    first_start = events[0].sentence.start if events else 0
    last_link = first_start  # where the running incident was last told (an event or a participant's name)
    pending: list[Sentence] = []  # body sentences before the first event: the main incident's lede
    in_list = False  # within an item of a dated list that reports no force
    for sent in sentences:
        role = zones.role(sent)
        if role == "furniture":
            continue
        ev = by_index.get(sent.index)
        if ev is not None:
            seg = match_event(ev, segments, current)
            if seg is None:
                seg = Segment(listed=ev.listed, rule=R_ITEM if ev.listed else (R_MAIN if not segments else (
                    R_OTHER_CUE if OTHER_INCIDENT.search(sent.text) else R_OTHER_DAY)))
                segments.append(seg)
            seg.events.append(ev)
            if ev.anchored or seg is current or current is None:
                current = seg
                if not seg.listed:
                    resume = seg
            seg.sentences.append(sent)
            last_link = sent.end
            in_list = False
            continue
        if current is None:
            pending.append(sent)
            continue
        if ROUNDUP_ITEM.match(sent.text) or (in_list and not sent_names(sent, segments)):
            in_list = True  # an item of a dated list that reports no force ("Sept. 26: … the body of …"), and its lines
            continue
        named = sent_names(sent, segments)
        target = current
        if named:
            hits = [seg for seg in segments if named & seg.names]
            if hits and not (named & target.names):
                target = hits[0]
            if hits:
                last_link = sent.end
        elif not target.listed and len(target.events) == 1 and resume is not None and target is not resume:
            target = resume  # after a one-sentence aside, the story goes on with the incident it was telling
        if not named and sent.start - last_link > REACH:
            continue  # far from every sentence that tells an incident: the page is about something else here
        (target.sentences if role == "body" else target.background).append(sent)
    roundup = is_roundup(segments)
    if segments and not roundup:
        for sent in pending:
            if first_start - sent.end <= REACH:
                (segments[0].sentences if zones.is_body(sent) else segments[0].background).append(sent)
    for seg in segments:
        seg.sentences.sort(key=lambda s: s.start)
        seg.background.sort(key=lambda s: s.start)
    told = [seg for seg in segments if not seg.listed]
    return told + [seg for seg in segments if seg.listed], roundup


def is_roundup(segments: list[Segment]) -> bool:
    """Three or more incidents on different days, each told in a block of its own, none of them the
    story's subject (told in most of its sentences): a report of one shooting that lists earlier ones
    is not a roundup."""
    days = {seg.day for seg in segments if seg.full and seg.day}
    told = [len(seg.sentences) for seg in segments]
    return len(days) >= ROUNDUP_MIN and max(told) < ROUNDUP_SHARE * sum(told)
