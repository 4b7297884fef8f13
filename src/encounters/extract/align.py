"""Aligning quoted evidence back to the source text: exact, then normalised, then fuzzy.

In: a document's text and a quote that someone (a language model, usually) says stands in it.
Out: the ``Span`` of the quote in the text and how it was found (``exact``, ``normalised`` —
differences only in whitespace, quote marks, dashes or case — or ``fuzzy``, a window of the text at
least ``FUZZY_MIN`` similar to the quote), or None when the quote is not in the text. Nothing is
ever grounded in a span that does not hold the quoted words or a near copy of them.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from encounters.core.model import Span

FUZZY_MIN = 0.85
FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                      "\u00a0": " "})


def normalise(text: str) -> tuple[str, list[int]]:
    """Lower-cased text with folded punctuation and single spaces, and for each of its characters
    the offset of the character it came from."""
    out, where = [], []
    space = False
    for i, ch in enumerate(text.translate(FOLD)):
        if ch.isspace():
            if not space and out:
                out.append(" ")
                where.append(i)
            space = True
            continue
        space = False
        out.append(ch.lower())
        where.append(i)
    return "".join(out), where


def align(text: str, quote: str, *, near: int = 0, fuzzy_ok: bool = True) -> tuple[Span, str] | None:
    """Where ``quote`` stands in ``text`` (the occurrence nearest ``near`` when there are several).
    ``fuzzy_ok=False`` for the evidence of a value: "three men were wounded" must not land on
    "Two men were wounded"."""
    quote = (quote or "").strip().strip('"“”').strip()
    if len(quote) < 2:
        return None
    starts = [m.start() for m in re.finditer(re.escape(quote), text)]
    if starts:
        s = min(starts, key=lambda x: abs(x - near))
        return Span(s, s + len(quote)), "exact"
    norm_text, where = normalise(text)
    norm_quote, _ = normalise(quote)
    found = [m.start() for m in re.finditer(re.escape(norm_quote), norm_text)]
    if found:
        s = min(found, key=lambda x: abs(where[x] - near))
        return Span(where[s], where[s + len(norm_quote) - 1] + 1), "normalised"
    return fuzzy(text, norm_text, where, norm_quote) if fuzzy_ok else None


def fuzzy(text: str, norm_text: str, where: list[int], norm_quote: str) -> tuple[Span, str] | None:
    """The window of the text most like the quote, if it is at least ``FUZZY_MIN`` similar."""
    if len(norm_quote) < 12:
        return None  # short values must match exactly: "two" is not "ten"
    matcher = SequenceMatcher(None, norm_text, norm_quote, autojunk=False)
    best: tuple[float, int, int] | None = None
    for block in matcher.get_matching_blocks():
        if block.size < 6:
            continue
        # the window the quote would fill if this block is where it lines up
        lo = max(0, block.a - block.b)
        for width in (len(norm_quote), len(norm_quote) - 3, len(norm_quote) + 3):
            hi = min(len(norm_text), lo + width)
            ratio = SequenceMatcher(None, norm_text[lo:hi], norm_quote, autojunk=False).ratio()
            if best is None or ratio > best[0]:
                best = (ratio, lo, hi)
    if best is None or best[0] < FUZZY_MIN:
        return None
    _, lo, hi = best
    start, end = where[lo], where[hi - 1] + 1
    # do not cut a word in two at either end
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return Span(start, end), "fuzzy"
