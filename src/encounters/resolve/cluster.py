"""Cross-source resolution: which incident does a mention report?

In: incident ``Mention`` records (new ones) and, for each, the candidate incidents that share
its date window or state (found by the caller — the store — so memory stays flat as the corpus
grows). Out: for each mention an ``Assignment``: the incident id it joins, whether that incident
is new, and the reasons (matching fields) it was joined. Ids are stable: an incident's id is
derived from the mention that created it and never renumbered.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable, Iterator

from encounters.core.geo import great_circle_km
from encounters.core.model import Incident, Mention

MERGE_THRESHOLD = 3
STREET_DAYS = 7  # the same street within a week: a misread day; beyond, another event at the same place
ROUNDUP_SIZE = 8  # a report naming more people than this is a roundup of incidents
ROUNDUP_SHARE = 0.3  # a shared person identifies an incident only as this share of the people either report names
STRONG = 3  # above the threshold: a match that outweighs one disagreeing report among those agreeing
NEARBY_KM = 60
SAME_DAY, NEXT_DAY = "date", "dates a day apart"  # how a comparison's reasons say the days agree


def distance_km(a: Mention, b: Mention) -> float | None:
    """Great-circle distance between two mentions' coordinates, when both have them."""
    pa = (a.get("latitude"), a.get("longitude"))
    pb = (b.get("latitude"), b.get("longitude"))
    if None in pa or None in pb:
        return None
    return great_circle_km(*pa, *pb)


@dataclass
class Assignment:
    mention_key: str
    incident_id: str
    new: bool
    score: int = 0
    reasons: list[str] = field(default_factory=list)


def incident_id_for(mention: Mention) -> str:
    """A stable id from the mention that first reported the incident."""
    digest = hashlib.sha1(mention.key.encode("utf-8")).hexdigest()
    return "inc-" + digest[:10]


def day_window(m: Mention) -> tuple[date | None, date | None, bool]:
    """(lo, hi, exact) of the mention's date; inferred dates count as a window only."""
    d = m.fields.get("date")
    if d is not None and not d.inferred:
        return d.value, d.value, True
    r = m.get("date_range")
    if r:
        return r[0], r[1], False
    return None, None, False


def name_words(name: str, min_len: int = 2) -> list[str]:
    """Lower-case words of a person's name, dropping initials (and short words below ``min_len``)."""
    return [w.lower() for w in re.findall(r"[A-Za-z'-]+", name) if len(w) >= min_len]


def one_edit_apart(a: str, b: str) -> bool:
    """Whether two words differ by at most one letter added, dropped or changed."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    return a[i + (len(a) == len(b)):] == b[i + 1:]


def same_name(a: str, b: str) -> bool:
    """Names that are the same or spelt one letter apart in each word of five letters or more
    ("Casulo"/"Casullo", "Jamayha"/"Jamyha"): outlets misspell the people they report on."""
    wa, wb = a.split(), b.split()
    return len(wa) == len(wb) and all(x == y or (min(len(x), len(y)) >= 5 and one_edit_apart(x, y)) for x, y in zip(wa, wb))


def shared_names(xs: set[str], ys: set[str]) -> set[str]:
    """The names of ``xs`` that ``ys`` also has, allowing for misspellings (see ``same_name``)."""
    return {x for x in xs if x in ys or any(same_name(x, y) for y in ys)}


def surnames(m: Mention, *, hurt_only: bool = False, involved_only: bool = False, unknown_only: bool = False) -> set[str]:
    """Surnames of the people a mention names (only those killed or injured, with ``hurt_only``; only
    those the incident happened to or was done by, with ``involved_only``; only those whose outcome it
    does not tell, with ``unknown_only``)."""
    out = set()
    for p in m.people:
        if p.display_name and (not hurt_only or p.status.value in ("killed", "injured")) and \
                (not involved_only or is_involved(p)) and (not unknown_only or p.status.value == "unknown"):
            words = name_words(p.display_name, 3)
            if words:
                out.add(words[-1])
    return out


def is_involved(p) -> bool:
    """Whether a person is one the incident happened to or was done by (not a speaker or an official)."""
    return p.age is not None or p.status.value in ("killed", "injured") or p.role.value in ("victim", "suspect", "subject")


def participant_names(m: Mention) -> set[str]:
    """Full names (two or more words) of the people an incident happened to or was done by —
    not speakers or officials, whose names recur across unrelated incidents."""
    out = set()
    for p in m.people:
        name = p.display_name
        if name and is_involved(p):
            words = name_words(name)
            if len(words) >= 2:
                out.add(" ".join(words))
    return out


STREET_PARTS = re.compile(r"^\d+\s+(?:block\s+of\s+)?|^(?:north|south|east|west|[nsew]\.)\s+|\s+(?:street|st|avenue|ave|road|rd"
                          r"|drive|dr|boulevard|blvd|lane|ln|way|court|ct|parkway|pkwy|place|pl|circle|terrace|highway|hwy"
                          r"|trail|pike|square|loop)\.?$")


def street_of(m: Mention) -> str:
    """The street of a mention's address without number, block, direction or suffix
    ("5500 block of West Old National Road" → "old national"), for comparing addresses."""
    s = re.sub(r"\s+", " ", (m.get("address") or "").lower()).strip()
    for _ in range(3):
        s = STREET_PARTS.sub("", s).strip()
    return re.sub(r"[^a-z0-9 ]", "", s)


def days_apart(a: Mention, b: Mention) -> int | None:
    """Days between two mentions' (first) days, when both have one."""
    alo, blo = day_window(a)[0], day_window(b)[0]
    return abs((alo - blo).days) if alo and blo else None


def town(m: Mention) -> str:
    """The mention's city as compared ("" when it names none)."""
    return (m.get("city") or "").lower()


def same_town_within(a: Mention, b: Mention, days: int) -> bool:
    """Both name the same town and state, and days no more than ``days`` apart (or no day to compare)."""
    ca, cb = town(a), town(b)
    return bool(ca) and ca == cb and not other_state(a, b) and (days_apart(a, b) or 0) <= days


def guessed_state(m: Mention) -> bool:
    """Whether the mention's state is the gazetteer's guess (no words of the text name it)."""
    v = m.fields.get("state")
    return v is not None and v.inferred


def other_state(a: Mention, b: Mention) -> bool:
    sa, sb = a.get("state"), b.get("state")
    return bool(sa and sb and sa != sb)


def other_city(a: Mention, b: Mention) -> bool:
    """Two different cities more than ``NEARBY_KM`` apart (or with no coordinates to tell)."""
    ca, cb = town(a), town(b)
    km = distance_km(a, b)
    return bool(ca and cb and ca != cb and (km is None or km > NEARBY_KM))


def same_county(a: Mention, b: Mention) -> bool:
    coa = (a.get("county") or "").lower()
    return bool(coa) and coa == (b.get("county") or "").lower()


def compare(a: Mention, b: Mention) -> tuple[int, list[str]]:
    """A score for "same incident" and the matching fields; a negative score means incompatible.

    The same participant named in full in both outweighs a date disagreement: follow-up stories (an
    arrest, a plea, a funeral) often yield a later date or another town — but not another state more
    than three days apart, where a shared name is more likely a namesake or a story recalling them, and
    not a name in a roundup that names many people. The same street within ``STREET_DAYS`` in the same
    town outweighs a misread day too, and so does a participant both name in full in the same town within
    that week, even one of several each names. A person both reports name on the same day or the next, even one
    among several (the gunman of a mass shooting), means they do not tell different shootings, whatever
    else each lists as wounded."""
    pa, pb = participant_names(a), participant_names(b)
    common = shared_names(pa, pb) if max(len(pa), len(pb)) <= ROUNDUP_SIZE else set()  # a roundup names many
    # one name of several: not what identifies an incident, but no sign of another one either
    same_people = common if len(common) >= ROUNDUP_SHARE * max(len(pa), len(pb)) else set()
    if common and not same_people and same_town_within(a, b, STREET_DAYS):
        # a participant both reports name in full, in the same town within a week: one report's day is
        # misread (the day the victim died, the day the report ran), however many others each names
        score, reasons = compare_details(a, b)
        if score >= MERGE_THRESHOLD:
            return score, reasons
        return max(score, 0) + 3, ["named in both: " + ", ".join(sorted(common))] + \
            [r for r in reasons if not r.startswith("names ")]
    street = street_of(a)
    if street and street == street_of(b) and not same_people:
        # the same street named by both: a follow-up told with a later date, or a report with a misread day
        score, reasons = compare_details(a, b)
        if (days_apart(a, b) or 0) > STREET_DAYS or other_state(a, b) or other_city(a, b):
            return score, reasons
        return max(score, 0) + 3, [f"same street: {a.get('address')} / {b.get('address')}"] + reasons
    if same_people:
        score, reasons = compare_details(a, b)
        gap = days_apart(a, b)
        if other_state(a, b) and (gap is None or gap > 3):
            # a person named days apart in a report from another state: a namesake, or a story that recalls
            # them; within a few days it is more likely one report's state is misread
            return -1, [f"the same name, but in another state ({a.get('state')} vs {b.get('state')})"]
        return max(score, 0) + 4, ["same participants: " + ", ".join(sorted(same_people))] + \
            [r for r in reasons if not r.startswith("names ")]
    hurt_a, hurt_b = surnames(a, hurt_only=True), surnames(b, hurt_only=True)
    named_both = bool(common) and (days_apart(a, b) or 0) <= 1
    if hurt_a and hurt_b and not named_both and not shared_names(hurt_a, hurt_b) and not (
            shared_names(hurt_a, surnames(b, unknown_only=True)) and shared_names(hurt_b, surnames(a, unknown_only=True))):
        # different people shot — unless each report names the other's wounded without saying what
        # became of them: the same event told with another reading of who was hit
        return -1, [f"different people shot ({', '.join(sorted(hurt_a))} vs {', '.join(sorted(hurt_b))})"]
    return compare_details(a, b)


def compare_details(a: Mention, b: Mention) -> tuple[int, list[str]]:
    """Score from date, place, surnames and counts, with hard vetoes on dates and states."""
    score, reasons = 0, []
    alo, ahi, aexact = day_window(a)
    blo, bhi, bexact = day_window(b)
    if alo and blo:
        if aexact and bexact:
            gap = abs((alo - blo).days)
            if gap > 1:
                return -1, [f"dates differ ({alo} vs {blo})"]
            score += 2 if gap == 0 else 1
            reasons.append(f"{SAME_DAY} {alo}" if gap == 0 else f"{NEXT_DAY} ({alo}, {blo})")
        elif ahi < blo or bhi < alo:
            if (blo - ahi).days > 3 or (alo - bhi).days > 3:
                return -1, ["date windows do not meet"]
        else:
            reasons.append("date windows overlap")
    sa, sb = a.get("state"), b.get("state")
    ca, cb = town(a), town(b)
    namesake = False
    if sa and sb:
        if sa != sb:
            if not (ca and ca == cb and guessed_state(a) != guessed_state(b)):
                return -1, [f"states differ ({sa} vs {sb})"]
            # one report names the state, the other's is the gazetteer's guess for a town of the same name
            # ("Cameron" read as Missouri's): the town's namesake, not another place
            namesake = True
            reasons.append(f"{a.get('city')}: one state the text names, one guessed")
        else:
            score += 1
            reasons.append(f"state {sa}")
    elif (sa or sb) and ca and ca == cb:
        # one report names the town alone, its state left open (a headline's "Carbondale": two states
        # have one); the other places that town in a state: nothing disagrees
        score += 1
        reasons.append(f"state {sa or sb} (the other names the town alone)")
    if ca and cb:
        km = None if namesake else distance_km(a, b)
        if ca == cb:
            score += 2
            reasons.append(f"city {a.get('city')}")
        elif km is not None and km <= NEARBY_KM:
            # one outlet names the metro area, another the suburb: "Los Angeles" and "Ontario, Calif."
            score += 1
            reasons.append(f"{a.get('city')} and {b.get('city')} {km:.0f} km apart")
        elif same_county(a, b):
            pass  # the same county named by both: one report's city is misread (a dateline, a hospital's town)
        elif km is not None:
            score -= 3  # far apart: two shootings on one day in one state are common in a big state
        else:
            score -= 1
    na, nb = surnames(a), surnames(b)
    shared = shared_names(na, nb)
    if shared:
        score += 3
        reasons.append("names " + ", ".join(sorted(shared)))
    elif surnames(a, involved_only=True) and surnames(b, involved_only=True):
        score -= 1  # both name the people involved, and no name is shared (officials' names do not count)
    ka, kb = stated(a, "killed"), stated(b, "killed")  # a toll guessed from a headline is no evidence of sameness
    if ka and kb and ka == kb:
        score += 1
        reasons.append(f"killed {ka}")
    if same_county(a, b):
        # the county counts as a town would where neither names a town: it is the finest place both give
        score += 1 if ca or cb else 2
        reasons.append(f"county {a.get('county')}")
    if not (alo and blo) and not shared and not (ca and ca == cb):
        # with no date to compare, a region and a death toll are not enough: many shootings share them
        score = min(score, MERGE_THRESHOLD - 1)
    return score, reasons


def stated(m: Mention, name: str):
    """``m``'s value of ``name`` when the text states it (grounded in a span), else None."""
    v = m.fields.get(name)
    return v.value if v is not None and not v.inferred else None


def linkage(scores: list[tuple[int, list[str]]], need: int) -> tuple[int, list[str]] | None:
    """The best (score, reasons) of a set of pairwise comparisons, or None when they do not link:
    the best is below ``need``, or as many reports disagree as agree — one report that disagrees
    (a misread date or state) does not keep out what most of the others agree with, and with as many
    disagreeing as agreeing only a strong match links."""
    if not scores:
        return None
    vetoes = sum(1 for s, _ in scores if s < 0)
    support = sum(1 for s, _ in scores if s >= need)
    best = max(scores, key=lambda x: x[0])
    if best[0] < need or vetoes > support or (vetoes and vetoes == support and best[0] < need + STRONG):
        return None  # as many against as for: only a strong match (a shared street or person, and more) joins
    return best


def votes(mention: Mention, others: list[Mention]) -> list[tuple[int, list[str]]]:
    """The mention compared with each other document's report; a document and its copies (archived,
    syndicated) vote once, with their best score."""
    best: dict[str, tuple[int, list[str]]] = {}
    for other in others:
        if other.document_id == mention.document_id:
            continue
        score = compare(mention, other)
        if other.origin not in best or score[0] > best[other.origin][0]:
            best[other.origin] = score
    return list(best.values())


def pair_votes(ours: list[Mention], theirs: list[Mention]) -> list[tuple[int, list[str]]]:
    """Each report of one incident compared with each of another's; a pair of documents and their copies
    (archived, syndicated) vote once, with their lowest score: a copy read with a date that disagrees
    disagrees for all of them (joining whole incidents is the cautious step)."""
    worst: dict[tuple[str, str], tuple[int, list[str]]] = {}
    for a in ours:
        for b in theirs:
            score = compare(a, b)
            key = (a.origin, b.origin)
            if key not in worst or score[0] < worst[key][0]:
                worst[key] = score
    return list(worst.values())


def whole_link(scores: list[tuple[int, list[str]]]) -> tuple[int, list[str]] | None:
    """Whether one incident joins another as a whole, from its reports' ``pair_votes``: by ``linkage``
    (no more pairs against than for, and a tie only for a strong match); where any pair disagrees (a
    misread date, a hospital's town), only when the best pair also agrees on the day — a place or a name
    shared by reports of different days is what a roundup and a story recalling it have in common."""
    link = linkage(scores, MERGE_THRESHOLD)
    if link is None or all(sc >= 0 for sc, _ in scores):
        return link
    return link if agrees_on_day(link[1]) else None


def agrees_on_day(reasons: list[str]) -> bool:
    """Whether ``compare_details`` found the two reports' days the same or a day apart (not "date windows
    overlap")."""
    return any(re.match(rf"(?:{SAME_DAY} \d|{NEXT_DAY} \()", r) for r in reasons)


def weak_link(mentions: list[Mention], reasons: list[str]) -> bool:
    """Undated passing mentions linked by nothing but a region and a toll: no name, no street shared."""
    return all(m.kind == "brief" and day_window(m)[0] is None for m in mentions) and not any(
        r.startswith(("names ", "same participants", "same street")) for r in reasons)


def best_match(mention: Mention, candidates: Iterable[Incident]) -> tuple[Incident | None, int, list[str]]:
    """The candidate incident the mention fits best, if any fits well enough."""
    best, best_score, best_reasons = None, 0, []
    for inc in candidates:
        scores = votes(mention, inc.mentions)
        # a brief mention joins on less: it carries few details by nature
        link = linkage(scores, MERGE_THRESHOLD - (1 if mention.kind == "brief" else 0))
        if link is None:
            continue
        s, reasons = link
        if weak_link([mention], reasons):
            continue  # an undated passing mention with no name or street shared: a city and a toll fit many
        if s > best_score or (s == best_score and best is not None and inc.id < best.id):
            best, best_score, best_reasons = inc, s, reasons
    return best, best_score, best_reasons


def order_key(m: Mention) -> tuple:
    """Process primaries before briefs, then by date and key, so a run does not depend on input order."""
    lo, _, _ = day_window(m)
    return (m.kind != "primary", lo or date.max, m.key)


def resolve_mentions(mentions: Iterable[Mention],
                     candidates: Callable[[Mention], Iterable[Incident]]) -> Iterable[Assignment]:
    """Assign each mention to an incident: an existing one from ``candidates`` or a new one.

    ``candidates(mention)`` returns the incidents to compare against (including ones created
    earlier in this same call, which the caller keeps up to date from the yielded assignments).
    """
    for _, assignment in resolve_in_order(sorted(mentions, key=order_key), candidates):
        yield assignment


def resolve_in_order(mentions: Iterable[Mention], candidates: Callable[[Mention], Iterable[Incident]]
                     ) -> Iterator[tuple[Mention, Assignment]]:
    """``resolve_mentions`` over mentions already in ``order_key`` order (read a window at a time by
    the caller, never sorted whole here): (mention, its assignment), one at a time."""
    for m in mentions:
        match, score, reasons = best_match(m, candidates(m))
        if match is not None:
            yield m, Assignment(m.key, match.id, False, score, reasons)
        else:
            yield m, Assignment(m.key, incident_id_for(m), True, 0, ["first report"])


def regroup(created: list[Incident], candidates: Callable[[Incident], Iterable[Incident]]
            ) -> Iterator[tuple[str, str, int, list[str]]]:
    """A second pass over the incidents a run created: one that fits another incident as a whole
    joins it. Assigning reports one at a time depends on which came first (B fits A and C, but A
    was alone when B came, and C went elsewhere); this repairs it. Yields (from id, into id, score,
    reasons). Incidents that share a document stay apart: the article told them as two."""
    by_id = {inc.id: inc for inc in created}
    yield from regroup_ids(list(by_id), lambda i: by_id[i].mentions, candidates)


def regroup_ids(created: Iterable[str], mentions_of: Callable[[str], list[Mention]],
                candidates: Callable[[Incident], Iterable[Incident]]) -> Iterator[tuple[str, str, int, list[str]]]:
    """``regroup`` over incident ids, each incident's mentions asked of ``mentions_of`` at its turn
    (so a run's incidents need not all be held at once); the caller applies each move it yields
    before the next is computed."""
    absorbed: set[str] = set()
    for inc_id in sorted(created):
        inc = Incident(id=inc_id, mentions=mentions_of(inc_id))
        docs = {m.document_id for m in inc.mentions}
        best, best_score, best_reasons = None, 0, []
        for other in candidates(inc):
            if other.id == inc.id or other.id in absorbed or docs & {m.document_id for m in other.mentions}:
                continue
            link = whole_link(pair_votes(inc.mentions, other.mentions))
            if link and (weak_link(inc.mentions, link[1]) or weak_link(other.mentions, link[1])):
                link = None
            if link and (link[0] > best_score or (link[0] == best_score and best is not None and other.id < best.id)):
                best, (best_score, best_reasons) = other, link
        if best is not None:
            absorbed.add(inc.id)
            best.mentions.extend(inc.mentions)
            yield inc.id, best.id, best_score, best_reasons
