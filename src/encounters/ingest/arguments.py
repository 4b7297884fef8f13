"""What ``ingest`` and ``watch`` are given, checked before anything is read: addresses, how much, how often.

In: the arguments a person passed to ``encounters ingest`` (paths to files and folders, web
addresses) or ``watch``. Out: ``refuse_urls`` — the one place an address that cannot be fetched
(``file://``, ``ftp://``, …) is refused, with a hint, before anything is read — ``count_documents``,
the number of documents the paths hold when it can be known cheaply (a file per article, a line per
JSON Lines record), for a progress bar with a total (``None`` when a feed, a web archive or a web
address makes it unknown), and ``parse_duration`` ("30s", "15m", "1h30m" → seconds).
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterable

from encounters.core.errors import UnsupportedInputError
from encounters.ingest.readers import FEED_SUFFIXES, JSONL_SUFFIXES, WARC_SUFFIXES, suffix_of

URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.[^/\s]+\.[a-z]{2,})", re.I)
COUNT_LIMIT_BYTES = 512 * 1024 * 1024  # JSON Lines beyond this are not counted first (the total is then unknown)


def looks_like_url(arg: str) -> bool:
    """An argument that is a web address, not a path ("https://…", "www.example.com/story")."""
    return bool(URL.match(str(arg))) and not os.path.exists(str(arg))


def refuse_urls(args: Iterable[str]) -> None:
    """Refuse addresses that are not ``http``/``https`` (or ``www.…``) with a hint; those are fetched."""
    for arg in args:
        if looks_like_url(arg) and not re.match(r"(?:https?://|www\.)", str(arg), re.I):
            scheme = str(arg).split(":", 1)[0]
            raise UnsupportedInputError(
                f"{arg} is a {scheme}:// address; encounters fetches only http:// and https:// addresses",
                hint="for a file on this machine give its path (e.g. `encounters ingest ./page.html`); "
                     "for a page elsewhere, its http(s):// address")


DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(h|m|s)", re.I)


def parse_duration(text: str) -> float:
    """Seconds in a duration such as ``30s``, ``15m``, ``1h`` or ``1h30m`` (a bare number is seconds)."""
    raw = str(text).strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", raw):
        return float(raw)
    if not raw or DURATION.sub("", raw).strip():
        raise UnsupportedInputError(f"{text!r} is not a duration", hint="write it like 30s, 15m, 1h or 1h30m")
    return sum(float(n) * {"h": 3600, "m": 60, "s": 1}[unit] for n, unit in DURATION.findall(raw))


def count_documents(paths: Iterable[str]) -> int | None:
    """How many documents (or per-file errors) ``read_paths`` will give, or None when unknown."""
    total = 0
    for raw in paths:
        if looks_like_url(raw):
            return None  # a page or a feed: known once fetched
        path = Path(raw)
        files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")) if path.is_dir() \
            else [path]
        for f in files:
            suffix = suffix_of(f)
            if suffix in FEED_SUFFIXES or suffix in WARC_SUFFIXES:
                return None
            if suffix in JSONL_SUFFIXES and f.exists():
                if f.stat().st_size > COUNT_LIMIT_BYTES:
                    return None
                with f.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            else:
                total += 1
    return total
