"""Zero-width characters out of the text extraction reads, and its offsets back into the stored text.

A scraped page leaves zero-width spaces and byte-order marks between words ("pulled \\ufeffVillegas").
The stored text keeps them (a quote is the source's words, character for character: ``clean``), but
no rule or model should see them: a word glued to one is not the word, and a space put in its place
changes the parse ("WMAR  A spokesperson … said" loses its subject). So extraction reads the text
with them taken out, and every offset it yields is mapped back.

In: a document's text. Out: ``Squeezed`` — the text without them and the cuts made; ``restore``
moves a mention's spans (values, candidates passed over, people, accounts, claims) back into the
stored text and re-reads each quote from it.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, fields, is_dataclass

from encounters.core.model import INVISIBLE, Mention, Span

_INVISIBLE = re.compile(f"[{INVISIBLE}]")


@dataclass(frozen=True)
class Squeezed:
    """``text`` without its zero-width characters; ``marks[k]`` is where, in ``text``, the
    (k+1)-th one cut stood (the offset of the character that followed it)."""

    text: str
    marks: tuple[int, ...]

    def stored(self, offset: int) -> int:
        """The stored text's offset of the character at ``offset`` in the squeezed text."""
        return offset + bisect_right(self.marks, offset)

    def stored_span(self, start: int, end: int) -> tuple[int, int]:
        """A span's ends in the stored text: the cuts inside it stay inside, none added at its ends."""
        first = self.stored(start)
        return first, first if end <= start else self.stored(end - 1) + 1


def squeeze(text: str) -> Squeezed | None:
    """``text`` without its zero-width characters, or None when it has none."""
    if not any(c in text for c in INVISIBLE):
        return None
    cuts = [m.start() for m in _INVISIBLE.finditer(text)]
    return Squeezed(_INVISIBLE.sub("", text), tuple(pos - k for k, pos in enumerate(cuts)))


def restore(mentions: list[Mention], squeezed: Squeezed, stored: str) -> list[Mention]:
    """``mentions`` read from ``squeezed`` with their spans in ``stored`` and their quotes as it has them."""
    for mention in mentions:
        move_spans(mention, squeezed)
        for said in (*mention.accounts, *mention.claims):
            said.quote = said.span.slice(stored)
    return mentions


def move_spans(obj, squeezed: Squeezed):
    """``obj`` with every ``Span`` in it (and every candidate's ``[start, end]``) moved, in place
    where it can be; returns the moved object."""
    if isinstance(obj, Span):
        return Span(*squeezed.stored_span(obj.start, obj.end))
    if is_dataclass(obj):
        for f in fields(obj):
            value = getattr(obj, f.name)
            moved = move_spans(value, squeezed)
            if moved is not value:
                setattr(obj, f.name, moved)
        return obj
    if isinstance(obj, dict):
        if isinstance(obj.get("span"), list) and len(obj["span"]) == 2:  # a candidate passed over
            return {**obj, "span": list(squeezed.stored_span(*obj["span"]))}
        for key, value in obj.items():
            obj[key] = move_spans(value, squeezed)
        return obj
    if isinstance(obj, list):
        obj[:] = [move_spans(v, squeezed) for v in obj]
        return obj
    if isinstance(obj, tuple):
        return tuple(move_spans(v, squeezed) for v in obj)
    return obj
