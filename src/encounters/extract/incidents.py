"""Incident mentions in one analysed document: find candidates, assign sentences, decide fields.

In: an ``Analysis``. Out: ``Mention`` records — the incidents the article reports (``primary``) and the
ones it mentions in passing (``brief``) — each with date, place, agencies, counts, shots, vehicle,
force type, people, accounts and claims, every value carrying its spans or the rule that inferred it.
An article with no use-of-force event (a sports "shootout", a film shoot, a policy piece, a page of
statistics) yields nothing.

The flow: ``zones`` marks page furniture and statistics; event sentences (force by or at officers, or a
shooting) are found with their dates, places and participants' names; ``segment`` assigns every body
sentence to the incident it tells, or to none; each field is then decided from that incident's own
sentences only (``decide``, ``locate``, ``counts``, ``people``, ``accounts``).
"""
from __future__ import annotations

import re
from datetime import date

from encounters.core.model import Account, Claim, Mention, Span, Value
from encounters.extract.accounts import (find_accounts, side_with_defending_executives, side_with_people,
                                         side_with_self_reports)
from encounters.extract.speakers import drop_general_commentary, side_per_speaker, side_with_local_force
from encounters.extract.counts import counts_in_headline, find_counts
from encounters.extract.decide import (is_reporting_date, pick_agencies, pick_date, pick_force, pick_vehicle,
                                       usable_dates, written_year_day)
from encounters.extract.involvement import find_involvement
from encounters.extract.lexicon import (AGENCIES, EVENT_REFERENCE, FIREARM, FUNCTION_WORDS, HABITUAL, LAW_ENFORCEMENT, NOT_SURNAMES, LESS_LETHAL, MILITARY, NOT_VIOLENCE, PHYSICAL_FORCE,
                                        ROUNDUP_ITEM, SHOOTING, SPORTS, VEHICLE_FORCE, VIOLENCE)
from encounters.extract.locate import pick_place, places_in, read_place_context
from encounters.extract.nlp import Analysis, Sentence
from encounters.extract.people import find_people
from encounters.extract.places import PlaceMention, find_places, lookup_city, state_code
from encounters.extract.rules import declare
from encounters.extract.segment import EventSentence, Segment, is_label, segment_document
from encounters.extract.zones import Zones, find_zones

R_HEADLINE_COUNT = declare("headline_count", "killed", "a count the headline states, when the text gives none",
                           "3 found shot dead in Ocala home", "inference", __name__)
NAME_REACH_WORDS = 6  # words either side of the force wording that still name who it was used on
OFFICERS = re.compile(r"\b(?:(?i:police|officers?|agents?|deputies|deputy|troopers?|marshals?|border patrol)|ICE|CBP)\b")
SPEAKER_TITLE = re.compile(r"\b(?:Secretary|Sec\.|Gov\.|Governor|Sen\.|Senator|Rep\.|Representative|President|Mayor|Chief"
                           r"|Sheriff|Commissioner|Director|Judge|Attorney\s+General|spokes(?:man|woman|person)|Assistant\s+Secretary"
                           r"|Councilm[ae]n|Council\s?member|Superintendent|Pastor|Rev\.|Professor|Dr\.|attorney|lawyer)\s+$", re.I)


def force_in(text: str, *, officers_in_story: bool) -> str | None:
    """The force a sentence reports (a ``FORCE_TYPES`` value), or None. Force short of firearms counts
    only in a story about officers; vehicle and physical force only in a sentence that names them."""
    if MILITARY.search(text) and not LAW_ENFORCEMENT.search(text):
        return None
    m = SHOOTING.search(text)
    if m:
        if NOT_VIOLENCE.search(text) and not re.search(r"\b(?:police|officers?|agents?|killed|wounded|victim|gunman|suspect)\b", text, re.I):
            return None
        if officers_in_story and LESS_LETHAL.search(text) and not FIREARM.search(text):
            return "less-lethal"  # "shot with a pepper ball", "fired rubber bullets": not a firearm
        return "shooting"
    if not officers_in_story or NOT_VIOLENCE.search(text):
        return None
    if LESS_LETHAL.search(text):
        return "less-lethal"
    if LAW_ENFORCEMENT.search(text):
        if VEHICLE_FORCE.search(text):
            return "vehicle"
        if PHYSICAL_FORCE.search(text):
            return "physical"
    return None


def participant_surnames(analysis: Analysis) -> set[str]:
    """Surnames of the full names the analysis found (what ``name_keys`` may tie sentences by): the
    pre-filter reads, further on in the page, the paragraphs that name them."""
    return {surname(e.text) for e in analysis.entities if e.label == "PERSON" and len(e.text.split()) >= 2}


def official_names(analysis: Analysis) -> set[str]:
    """Surnames of people the document names with an office (a secretary, a mayor, a spokesperson, a
    lawyer): they tie no event sentences together. People who only speak may have taken part."""
    text = analysis.document.text
    return {surname(e.text) for e in analysis.entities
            if e.label == "PERSON" and SPEAKER_TITLE.search(text[max(0, e.start - 40):e.start])}


def surname(name: str) -> str:
    """The last word of a name, without a possessive: "Ruiz's" → "Ruiz", "Davis" stays "Davis"."""
    return re.sub(r"[’']s$", "", name.split()[-1]).strip(".,;:’'")


def name_keys(analysis: Analysis, zones: Zones) -> set[str]:
    """Surnames that can tie an article's sentences to one person: the last word of a full name the
    tagger found outside page furniture, not a place, an agency or a common word it mistook for one."""
    out = set()
    for e in analysis.entities:
        words = e.text.split()
        if e.label != "PERSON" or len(words) < 2 or zones.is_masked(e.start, e.end):
            continue
        last = surname(e.text)
        if (len(last) < 3 or not last[0].isupper() or last.lower() in FUNCTION_WORDS or last in NOT_SURNAMES
                or lookup_city(last) or state_code(last) or any(p.search(last) for _, p in AGENCIES)):
            continue
        out.add(last)
    return out


def last_names(analysis: Analysis, sent: Sentence, keys: set[str], masked=None) -> set[str]:
    """The surnames (of ``keys``) the sentence names, outside its furniture (``masked(start, end)``)."""
    return {surname(e.text) for e in analysis.entities_in(sent.start, sent.end, "PERSON")
            if masked is None or not masked(e.start, e.end)} & keys


QUESTION_HEADING = re.compile(r"^(?:\W*\d+\s+)?[^.!?]{0,80}\?$")
DEATH_BEFORE = re.compile(r"\b(?:died|dies|succumbed|passed\s+away|pronounced\s+dead|taken\s+off\s+life\s+support)\b[^.;!?]{0,60}$", re.I)


def is_death_day(text: str, d) -> bool:
    """The day someone died of their wounds ("died from his injuries Sunday"): not the day of the shooting,
    so it starts no incident of its own."""
    return bool(DEATH_BEFORE.search(text[max(0, d.start - 80):d.start]))


def find_events(analysis: Analysis, zones: Zones, places_cache: dict[int, list[PlaceMention]],
                written: date | None = None) -> list[EventSentence]:
    """The body sentences that report force, with their dates, places and participants' surnames
    (``written``: the day a page with no publication date is read against, see ``dates_in``)."""
    doc = analysis.document
    text = doc.text
    officers = bool(OFFICERS.search(text))
    keys = name_keys(analysis, zones) - official_names(analysis)
    events = []
    for sent in analysis.sentences:
        if not zones.is_body(sent):
            continue
        plain = zones.unmasked_text(sent)
        if QUESTION_HEADING.match(plain.strip()):
            continue  # an explainer's heading: "What are rubber bullets?"
        force = force_in(EVENT_REFERENCE.sub(lambda m: " " * len(m.group()), plain), officers_in_story=officers)
        if force is None:
            continue  # no force, or only the incident told already as a time mark ("Before Wednesday's shooting, …")
        places = [p for p in places_in(analysis, sent, places_cache) if not zones.is_masked(p.start, p.end)]
        dates = [d for d in usable_dates(text, sent, doc.published, written) if not zones.is_masked(d.start, d.end)]
        if HABITUAL.search(plain) and not any(d.exact for d in dates) and not any(p.kind == "city" for p in places):
            continue  # a pattern of conduct ("agents have repeatedly fired at the press"), no one event
        events.append(EventSentence(sent, force, dates, places, last_names(analysis, sent, keys, zones.is_masked),
                                    [d for d in dates if d.exact and (is_reporting_date(text, d) or is_death_day(text, d))],
                                    label=is_label(sent.text), listed=bool(ROUNDUP_ITEM.search(sent.text))))
    return events


def is_place_heading(text: str) -> bool:
    """A line that is only a town and its state ("McAllen, Texas"): a roundup's heading for an item."""
    text = text.strip()
    if len(text.split()) > 5 or not text[:1].isupper():
        return False
    places = find_places(text)
    pair = [p for p in places if p.rule == "city_state_pair"]
    return len(pair) == 2 and pair[0].start == 0 and pair[1].end >= len(text.rstrip(".")) - 1


def find_labels(analysis: Analysis, zones: Zones) -> dict[int, date | None]:
    """A roundup's item labels ("Place: Franklin Park, Illinois"), each with the day its "Date:" gives
    (on the label's sentence or the two after it)."""
    doc = analysis.document
    out: dict[int, date | None] = {}
    sentences = [s for s in analysis.sentences if zones.is_body(s)]
    headings = {s.index for s in sentences if is_place_heading(s.text)}
    if len(headings) < 2:
        headings = set()  # one "Dallas, Texas" line is a dateline, not a list's heading
    for i, sent in enumerate(sentences):
        if not is_label(sent.text) and sent.index not in headings:
            continue
        day = None
        for near in sentences[i:i + 3]:
            if near is not sent and is_label(near.text):
                break
            m = re.search(r"\b(?:Date|When)\s*:\s*", near.text)
            if m:
                found = [d for d in usable_dates(doc.text, near, doc.published) if d.exact and d.start >= near.start + m.end()]
                day = found[0].day if found else None
                break
        out[sent.index] = day
    return out


def title_names(title: str | None, ev: EventSentence) -> bool:
    """Whether the headline names someone the event sentence puts at the force (named within a few
    words of it: "When Huerta pushed back, the officer pushed him to the ground"), not a bystander to the
    sentence ("tipped by Felt on stories about the 1972 shooting of …")."""
    if not title:
        return False
    text = ev.sentence.text
    force = next((m for p in (SHOOTING, LESS_LETHAL, VEHICLE_FORCE, PHYSICAL_FORCE) for m in [p.search(text)] if m), None)
    if force is None:
        return False
    near = " ".join(text[:force.start()].split()[-NAME_REACH_WORDS:] + text[force.end():].split()[:NAME_REACH_WORDS])
    return any(re.search(rf"\b{re.escape(n)}\b", title) and re.search(rf"\b{re.escape(n)}\b", near) for n in ev.names)


def extract_mentions(analysis: Analysis) -> list[Mention]:
    """The incident mentions of one analysed document (empty when it reports none)."""
    doc = analysis.document
    text = doc.text
    if len(SPORTS.findall(text)) >= 2 and not VIOLENCE.search(text):
        return []  # a game story: "shooting", "shots", "shootout" are sport
    zones = find_zones(analysis)
    places_cache: dict[int, list[PlaceMention]] = {}
    written = None if doc.published else written_year_day(text)
    events = find_events(analysis, zones, places_cache, written)
    title_force = force_in(doc.title or "", officers_in_story=bool(OFFICERS.search(text)))
    # one event sentence in a long piece that is about something else is not a report (unless the
    # piece is about the person it names: "Who is David Huerta, the labor leader arrested …")
    if not events or (len(events) == 1 and not title_force and analysis.sentence_count() > 25
                      and analysis.ordinal(events[0].sentence) > 5 and not title_names(doc.title, events[0])):
        return []
    accounts, claims = find_accounts(analysis, zones)
    claim_spans = [(c.span.start, c.span.end) for c in claims]
    events = [e for e in events if not any(a <= e.sentence.start < b or a < e.sentence.end <= b for a, b in claim_spans)] or events
    breaks = {sent.index for sent in analysis.sentences if QUESTION_HEADING.match(sent.text.strip())}
    segments, roundup = segment_document(analysis, zones, events, find_labels(analysis, zones), breaks)
    context = read_place_context(analysis, places_cache)
    mentions: list[Mention] = []
    for i, seg in enumerate(segments):
        main = i == 0 and not roundup
        others = set().union(*(o.anchored_names for o in segments if o is not seg)) - seg.anchored_names
        mentions.append(build_mention(analysis, zones, seg, i, main=main, roundup=roundup, context=context,
                                      places_cache=places_cache, accounts=accounts, claims=claims,
                                      claim_spans=claim_spans, others=others, written=written))
    return mentions


def build_mention(analysis: Analysis, zones: Zones, seg: Segment, ordinal: int, *, main: bool, roundup: bool, context,
                  places_cache, accounts: list[Account], claims: list[Claim], claim_spans,
                  others: set[str] = frozenset(), written=None) -> Mention:
    """One incident's mention, every field decided from the incident's own sentences. ``others``: the
    surnames that other incidents of the document are told with, and this one is not: a person recalled
    in this incident's sentences ("weeks after the killing of Renée Good") is that incident's."""
    doc = analysis.document
    # an opinion piece argues about incidents; it does not report them
    primary = (main or (seg.full and bool(seg.names or roundup))) and not doc.opinion and not seg.listed
    region = seg.sentences or [e.sentence for e in seg.events]
    lo = min(s.start for s in region)
    hi = max(s.end for s in region)
    fields: dict[str, Value] = {}
    fields.update(pick_date(seg, analysis, doc.published, main, written))
    fields.update(pick_place([p for e in seg.events for p in e.places], region, analysis, main, context, places_cache,
                             masked=zones.is_masked))
    agencies = pick_agencies(seg, zones.is_masked)
    if agencies:
        fields["agencies"] = agencies
    fields["force_type"] = pick_force(seg)
    force = fields["force_type"].value
    involvement = find_involvement([e.sentence for e in seg.events] + list(region), force=force)
    if involvement is not None:
        fields["law_enforcement"] = involvement
    # the incident's sentences need not be contiguous: what lies between them is another's, or none's
    gaps = [(a.end, b.start) for a, b in zip(region, region[1:]) if b.start > a.end + 1]
    people = find_people(analysis, region, excluded=list(claim_spans) + gaps + zones.masked)
    people = [p for p in people if not (p.display_name and p.display_name.split()[-1] in others)]
    fields.update(find_counts(region, people, shooting=True, excluded=claim_spans, title=doc.title if main else None))
    if main and doc.title:
        for name, n in counts_in_headline(doc.title).items():
            if fields.get(name) is None or (fields[name].inferred and n > fields[name].value):
                fields[name] = Value(n, (), R_HEADLINE_COUNT)
    fields["vehicle_involved"] = pick_vehicle(seg)
    told = region + seg.background
    own = lambda sp: any(s.start <= sp.start < s.end for s in told)  # noqa: E731
    seg_accounts = [a for a in accounts if own(a.span)]
    seg_claims = [c for c in claims if own(c.span)]
    side_with_people(seg_accounts, people)
    side_with_self_reports(seg_accounts, region)
    side_with_local_force(seg_accounts, fields["agencies"].value if "agencies" in fields else [], fields["city"].value
                          if "city" in fields else None)
    side_with_defending_executives(seg_accounts)
    side_per_speaker(seg_accounts)
    seg_accounts = drop_general_commentary(seg_accounts, people, fields["city"].value if "city" in fields else None)
    return Mention(
        document_id=doc.id, ordinal=ordinal, kind="primary" if primary else "brief", span=Span(lo, hi),
        fields=fields, people=people, accounts=seg_accounts if primary else [], claims=seg_claims if primary else [],
        published=doc.published, sponsored=doc.sponsored, opinion=doc.opinion,
    )
