"""Copies of one article: archived snapshots, syndicated wire stories, the same page under two URLs.

In: a document's stored text. Out: its word-shingle set, the MinHash LSH band keys under which it is
filed (``band_keys``; two texts that share a key are candidates), and for a candidate pair the measured
``overlap``: the share of the shorter text's shingles that stand in the longer one (containment). A
scraped page and its archived copy differ in navigation and footers, a wire story in a sentence or two;
both keep nearly all of the shorter text, which plain Jaccard similarity would undercount.

MinHash signatures come from ``datasketch`` (``MinHash.update_batch``), and the band layout (b bands of r
rows) from ``MinHashLSH`` for ``CANDIDATE_JACCARD``; the keys are kept in the database by the store, so
copies are found across runs and processes. Candidates are confirmed on the exact shingle sets, never on
the estimate alone. ``original_of`` says which of a group of copies is the original: the earliest
published, then the longest text, then the smallest id, so the choice does not depend on reading order.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

SHINGLE_WORDS = 5
NUM_PERM = 64
CANDIDATE_JACCARD = 0.3  # LSH's threshold: low, because a copy inside a longer page has a low Jaccard
COPY_OVERLAP = 0.85  # share of the shorter text's shingles found in the longer one
MIN_SHINGLES = 40  # texts shorter than this (an error page, a one-line notice) are never called copies
MAX_WORDS = 200_000  # a longer text is judged on its first MAX_WORDS words

WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class CopyCandidate:
    """A stored document that may be a copy: its id, published day and stored text."""

    id: str
    published: date | None
    text: str


@lru_cache(maxsize=128)
def shingles(text: str) -> frozenset[int]:
    """The text's runs of ``SHINGLE_WORDS`` words (lower case, punctuation ignored), hashed to 64 bits
    (the last texts asked for are kept: a stored document is compared with many new ones)."""
    words = WORD.findall(text.lower())[:MAX_WORDS]
    if len(words) < SHINGLE_WORDS:
        return frozenset()
    return frozenset(int.from_bytes(hashlib.blake2b(" ".join(words[i:i + SHINGLE_WORDS]).encode(), digest_size=8)
                                    .digest(), "big") for i in range(len(words) - SHINGLE_WORDS + 1))


@lru_cache(maxsize=1)
def band_layout() -> tuple[int, int]:
    """(bands, rows per band) that ``datasketch`` chooses for ``CANDIDATE_JACCARD`` with ``NUM_PERM``."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def band_keys(shingle_set: frozenset[int]) -> list[str]:
    """The LSH keys a text is filed under: one per band of its MinHash signature (none for short texts)."""
    if len(shingle_set) < MIN_SHINGLES:
        return []
    import numpy as np
    from datasketch import MinHash

    sig = MinHash(num_perm=NUM_PERM, hashfunc=lambda x: x)
    sig.update_batch(np.fromiter((s & 0xFFFFFFFF for s in shingle_set), dtype=np.uint64, count=len(shingle_set)))
    bands, rows = band_layout()
    values = sig.hashvalues
    return [f"{b:02d}:" + hashlib.blake2b(values[b * rows:(b + 1) * rows].tobytes(), digest_size=10).hexdigest()
            for b in range(bands)]


def overlap(a: frozenset[int], b: frozenset[int]) -> float:
    """The share of the shorter set's shingles found in the longer one (0 for texts too short to judge)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if len(small) < MIN_SHINGLES:
        return 0.0
    return len(small & large) / len(small)


def is_copy(a: frozenset[int], b: frozenset[int]) -> bool:
    return overlap(a, b) >= COPY_OVERLAP


def original_of(group: list[CopyCandidate]) -> CopyCandidate:
    """The original among copies: earliest published (undated last), then the longest, then the smallest id."""
    return min(group, key=lambda d: (d.published or date.max, -len(d.text), d.id))
