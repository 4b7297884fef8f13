"""Deciding an incident's date, agencies, force type and vehicle from its own sentences.

In: one ``Segment`` (an incident's event sentences and the sentences assigned to it), the document's
text and publication date. Out: ``Value`` records, each grounded in the span it came from, or inferred
by a named rule, with the candidates it passed over kept in ``Decision`` for ``show --why``. Places are
decided in ``locate``, counts in ``counts``, people in ``people``; this module holds the other fields.

Policies:
- date: an exact day in an event sentence that dates the event (not a statement's, a hearing's or an
  update's), the earliest such within a month before the incident's own day; else a nearby sentence's;
  else the window a month or season names; else, for a report's main incident only, the week before
  publication (inferred);
- agencies: the agencies named in the sentences that tell the force; "officers"/"agents" with no agency
  named give no code (an ICE story's "officers" are ICE's), "police" gives POLICE; when no event
  sentence names one, the first named in the incident's other sentences;
- force type: shooting, then less-lethal, vehicle, physical, by the strongest force any event sentence
  reports;
- vehicle: a vehicle in an event sentence, else a vehicle used as force in the incident's sentences.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from encounters.core.model import FORCE_TYPES, Span, Value, passed
from encounters.extract.dates import DateMention, find_dates, read_after_early_stamp
from encounters.extract.involvement import AT_OFFICER, BY_OFFICER, may_name_law
from encounters.extract.lexicon import (AGENCIES, BYLINE_BEFORE, FIREARM, GENERIC_OFFICERS, POST_STAMP, PUBLISHED_LABEL, VEHICLE,
                                        VEHICLE_FORCE, AT_THE_WHEEL)
from encounters.extract.nlp import Analysis, Sentence
from encounters.extract.rules import declare
from encounters.extract.segment import Segment

R_WEEK_BEFORE = declare("week_before_publication", "date_range",
                        "a report's main incident with no date named happened in the week before publication",
                        "(no date in the text; published 2025-03-07)", "inference", __name__)
R_PUBLICATION = declare("publication_date", "date", "the publication day stands in when no date is named",
                        "(no date in the text; published 2025-03-07)", "inference", __name__)
R_EARLIEST = declare("earliest_event_date", "date",
                     "of several days that date the event, the earliest within a month of the incident's own",
                     "shot Friday … died Sunday", "decision", __name__)
R_BEFORE_REPORTING = declare("before_reporting_day", "date_range",
                             "only a hearing's day is exact: the month the event is named with is its window",
                             "charged in the January shooting … a hearing Tuesday", "decision", __name__)
R_AGENCY = declare("agency_names", "agencies", "agencies named in the sentences that tell the force",
                   "an ICE officer fired", module=__name__)
R_AGENCY_NEAR = declare("agency_named_nearby", "agencies",
                        "no event sentence names an agency: the first the incident's other sentences name",
                        "… agents fired. Border Patrol said the agent was hurt.", module=__name__)
R_FORCE = declare("force_words", "force_type", "the strongest force an event sentence reports",
                  "agents fired pepper balls", module=__name__)
R_VEHICLE = declare("vehicle_words", "vehicle_involved", "a vehicle in the telling of the force",
                    "fired into the car", module=__name__)
R_NO_VEHICLE = declare("no_vehicle_mentioned", "vehicle_involved", "no vehicle in the incident's sentences",
                       "(no car, truck or driver named)", "inference", __name__)

EARLIER_EVENT_DAYS = 31  # how long before its own day an incident's report may date the shooting
REPORTING_WORDS = re.compile(
    r"\b(?:said|says|announced|told|stated|confirmed|released|court|hearing|arraign\w*|pleaded|plea|sentenc\w*|trial"
    r"|vigil|funeral|memorial|investigat\w*|remain\w*|condition|counselors?|identified|charged|booked|arrested|custody"
    r"|conference|updated?|posted|tweeted|statement|judge|appear\w*|filed|planned|scheduled|will|details"
    r"|return\w*|interview\w*|autops\w+|conducted)\b", re.I)
EVENT_AFTER = re.compile(r"(?:['’]s)?\s+(?:(?:fatal|deadly|double|triple|mass)\s+)?(?:shootings?|killings?|slayings?|murders?"
                         r"|deaths?|attack|gunfire)\b", re.I)
SENTENCE_SOURCE = re.compile(r"^[^,]{0,30},\s+(?:(?:[\w'’.-]+\s+){0,4}(?:said|says|reported)|according\s+to\s+[^,]{1,40})\s*$")


def written_year_day(text: str) -> date | None:
    """For a page with no publication date: the latest day it writes out in full ("January 24, 2026"),
    which a day named without a year ("On January 7") is read against. None when it writes none."""
    days = [d.day for d in find_dates(text, None) if d.exact and d.rule == "absolute_date" and d.day]
    return max(days, default=None)


def dates_in(sent: Sentence, published: date | None, written: date | None) -> list[DateMention]:
    """The sentence's dates; on a page with no publication date, a day named without a year takes the
    year of the latest day the page writes in full (``written``) — nothing relative to a publication
    ("Friday", "yesterday") is resolved against it."""
    found = find_dates(sent.text, published, offset=sent.start)
    if published is not None or written is None:
        return found
    extra = [replace(d, rule="month_day_resolved_to_written_year") for d in find_dates(sent.text, written, offset=sent.start)
             if d.rule == "month_day_resolved_to_publication_year"]
    return sorted(found + extra, key=lambda d: d.start)


def usable_dates(text: str, sent: Sentence, published: date | None, written: date | None = None) -> list[DateMention]:
    """Dates in a sentence that can be the incident's: not in the future, not a page's or a post's stamp."""
    out = []
    for d in dates_in(sent, published, written):
        d = read_after_early_stamp(d, text, published)
        if PUBLISHED_LABEL.search(text[max(0, d.start - 45):d.start]) or POST_STAMP.search(text[max(0, d.start - 120):d.start]):
            continue
        if d.day and d.day == published and (BYLINE_BEFORE.search(text[max(0, d.start - 80):d.start])
                                              or re.match(r",?\s+\d{1,2}:\d{2}\s*[AaPp]\.?[Mm]\b", text[d.end:d.end + 14])):
            continue  # the page's own stamp: "By Jane Roe Nov. 2, 2025, 5:30 a.m."
        if published and d.lo > published + timedelta(days=1):
            continue
        out.append(d)
    return out


def is_reporting_date(text: str, d: DateMention) -> bool:
    """A date that dates the reporting (a statement, a hearing, a vigil), not the event; a date that
    names the event ("the January shooting", "Sunday's killing") never does."""
    if EVENT_AFTER.match(text, d.end):
        return False
    before = re.split(r"[.!?]\s|\n", text[max(0, d.start - 40):d.start])[-1]  # this sentence only
    # only up to the next comma: in "Thursday afternoon, police said" the saying is the sentence's source,
    # and "On July 7, a shooter identified as …" dates the shooting, not the identifying
    after = re.split(r"[.!?,;](?:\s|$)|\n", text[d.end:d.end + 25])[0]
    if SENTENCE_SOURCE.match(re.split(r"[.!?](?:\s|$)|\n", text[d.end:d.end + 80])[0]):
        after = ""  # "… Thursday afternoon, police said.": the saying is the whole sentence's source
    return bool(REPORTING_WORDS.search(before) or REPORTING_WORDS.search(after))


def pick_date(seg: Segment, analysis: Analysis, published: date | None, main: bool,
              written: date | None = None) -> dict[str, Value]:
    """The day (or window) of the incident: a date in an event sentence first, then nearby. ``written``:
    see ``dates_in``."""
    text = analysis.document.text
    candidates = [d for e in seg.events for d in e.dates]
    if not candidates:
        for sent in seg.sentences[:12]:
            candidates.extend(d for d in usable_dates(text, sent, published, written)
                              if not published or (published - d.hi).days <= 60)
    exact = [d for d in candidates if d.exact]
    if exact and all(is_reporting_date(text, d) for d in exact):
        # only the dates of statements and hearings in the event sentences: a nearby sentence may date the event
        # (a report released months later tells "On the morning of July 14": up to a year back)
        nearby = [d for sent in seg.sentences[:12] for d in usable_dates(text, sent, published, written)
                  if d.exact and not is_reporting_date(text, d) and (not published or (published - d.hi).days <= 366)]
        if nearby:
            exact = nearby
        else:
            # "charged in the January shooting deaths … a hearing Tuesday": the month is the incident's
            earlier = [d for d in candidates if not d.exact and not is_reporting_date(text, d)
                       and d.hi < min(e.day for e in exact)]
            if earlier:
                d = earlier[0]
                return {"date_range": Value([d.lo, d.hi], (Span(d.start, d.end),), d.rule + "+" + R_BEFORE_REPORTING)}
    if exact:
        # the shooting came first: hearings, statements, vigils and updates are dated after it — within
        # weeks; a day months before the incident's own is another incident's ("who shot herself May 11
        # …, and a 4-year-old who shot himself Nov. 2")
        own = seg.day
        d = min((d for d in exact if not own or (own - d.day).days <= EARLIER_EVENT_DAYS),
                key=lambda d: (is_reporting_date(text, d), d.day, d.start))
        rule = d.rule if len(exact) == 1 else d.rule + "+" + R_EARLIEST
        return {"date": Value(d.day, (Span(d.start, d.end),), rule, date_passed_over(text, d, exact + candidates, own))}
    if candidates:
        d = candidates[0]
        return {"date_range": Value([d.lo, d.hi], (Span(d.start, d.end),), d.rule)}
    if published and main:
        return {"date_range": Value([published - timedelta(days=7), published], (), R_WEEK_BEFORE),
                "date": Value(published, (), R_PUBLICATION)}
    return {}


def date_passed_over(text: str, chosen: DateMention, candidates: list[DateMention], own: date | None) -> tuple[dict, ...]:
    """The other days the decision saw, each with why it lost."""
    out, seen = [], {chosen.day}
    for d in candidates:
        key = d.day or (d.lo, d.hi)
        if key in seen:
            continue
        seen.add(key)
        if not d.exact:
            why = "a window; a day is named"
        elif is_reporting_date(text, d):
            why = "a statement's, hearing's or update's day"
        elif own and (own - d.day).days > EARLIER_EVENT_DAYS:
            why = "more than a month before the incident's own day: another incident's"
        else:
            why = "a later day: what followed the event (a death, an arrest)"
        out.append(passed(d.day or [d.lo, d.hi], Span(d.start, d.end), d.rule, why))
    return tuple(out)


def agency_codes(sentences: list[Sentence], masked) -> tuple[list[str], list[Span]]:
    """Agency codes named in the sentences, first-named first, with the span that named each; generic
    officer words ("officers", "agents") count only when no agency is named at all."""
    codes: list[str] = []
    spans: list[Span] = []
    generic: list[Span] = []
    for sent in sentences:
        taken: list[tuple[int, int]] = []
        for code, pattern in AGENCIES:
            for m in pattern.finditer(sent.text):
                a, b = sent.start + m.start(), sent.start + m.end()
                if masked(a, b) or any(not (m.end() <= x or m.start() >= y) for x, y in taken):
                    continue
                taken.append((m.start(), m.end()))
                if code == "POLICE" and GENERIC_OFFICERS.fullmatch(m.group()):
                    generic.append(Span(a, b))
                    continue
                if code not in codes:
                    codes.append(code)
                    spans.append(Span(a, b))
    if not codes and generic:
        return ["POLICE"], generic[:1]
    return codes, spans


def pick_agencies(seg: Segment, masked) -> Value | None:
    """The agencies of the sentences that say who used the force ("an ICE officer shot"), else of every
    event sentence, else the first the incident's other sentences name; the rest are passed over."""
    acting = [e.sentence for e in seg.events if may_name_law(e.sentence.text)
              and (BY_OFFICER.search(e.sentence.text) or AT_OFFICER.search(e.sentence.text))]
    codes, spans = agency_codes(acting, masked)
    told = {s.index for s in acting}
    if not codes:
        codes, spans = agency_codes([e.sentence for e in seg.events], masked)
        told = {e.sentence.index for e in seg.events}
    if codes:
        others, where = agency_codes([s for s in seg.sentences if s.index not in told], masked)
        lost = tuple(passed(code, span, R_AGENCY_NEAR, "named only in sentences that do not say who used the force")
                     for code, span in zip(others, where) if code not in codes)
        return Value(codes, tuple(spans), R_AGENCY, lost)
    codes, spans = agency_codes(seg.sentences, masked)
    return Value(codes[:1], tuple(spans[:1]), R_AGENCY_NEAR) if codes else None


def pick_force(seg: Segment) -> Value:
    """The strongest force any event sentence reports (``FORCE_TYPES`` order) — but "shot" with no firearm
    named anywhere in an incident whose other sentences tell of pepper balls or tear gas is less-lethal
    ("she was in shock from getting shot in the face")."""
    events = seg.events
    if any(e.force == "less-lethal" for e in events) and not any(FIREARM.search(e.sentence.text) for e in events):
        events = [e for e in events if e.force != "shooting"]
    ev = min(events, key=lambda e: (FORCE_TYPES.index(e.force), e.sentence.start))
    lost, seen = [], {ev.force}
    for e in seg.events:
        if e.force not in seen:
            seen.add(e.force)
            why = ("'shot' with no firearm named, where less-lethal weapons are" if e.force == "shooting"
                   else "a lesser force than one the incident's sentences tell")
            lost.append(passed(e.force, Span(e.sentence.start, e.sentence.end), R_FORCE, why))
    return Value(ev.force, (Span(ev.sentence.start, ev.sentence.end),), R_FORCE, tuple(lost))


def pick_vehicle(seg: Segment) -> Value:
    """A vehicle in a sentence that tells the force, or, anywhere in the incident's sentences, a vehicle used
    as force ("rammed the agents' SUV") or someone at the wheel ("was driving a Lexus SUV when …", "drove
    from the scene"); an agency van parked nearby is not involved."""
    found = next(((s, m) for s in (e.sentence for e in seg.events) for m in [VEHICLE.search(s.text)] if m), None)
    if found is None:
        found = next(((s, m) for s in seg.sentences for m in [VEHICLE_FORCE.search(s.text) or AT_THE_WHEEL.search(s.text)]
                      if m), None)
    if found is None:
        return Value(False, (), R_NO_VEHICLE)
    s, m = found
    return Value(True, (Span(s.start + m.start(), s.start + m.end()),), R_VEHICLE)
