"""What ``ingest`` is given, checked before anything is read: web addresses, and how much there is.

In: the arguments a person passed to ``encounters ingest`` (paths to files and folders). Out:
``refuse_urls`` — the one place a web address is refused, with a hint to save the page first,
until ingesting URLs exists — and ``count_documents``, the number of documents the paths hold
when it can be known cheaply (a file per article, a line per JSON Lines record), for a progress
bar with a total; ``None`` when a feed or a web archive makes it unknown.
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
    """Refuse web addresses with a hint (ingesting URLs is not there yet)."""
    for arg in args:
        if looks_like_url(arg):
            raise UnsupportedInputError(
                f"{arg} looks like a web address; encounters reads files and folders, not URLs (yet)",
                hint="save the page first, e.g. `curl -L -o page.html 'URL'`, then `encounters ingest page.html`")


def count_documents(paths: Iterable[str]) -> int | None:
    """How many documents (or per-file errors) ``read_paths`` will give, or None when unknown."""
    total = 0
    for raw in paths:
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
