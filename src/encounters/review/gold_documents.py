"""A gold file's documents placed among the stored ones.

In: a ``GoldSet`` whose documents are named as the user wrote them (an id, a file name or path, a
URL) and the stored documents' ids and URLs (a database's, or the documents an export cites). Out:
the gold with every document named by its stored id; with a database, a reference that names no
stored document, or several, is a ``GoldProblem`` and its rows are left out.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable

from encounters.review.gold import GoldProblem, GoldSet


def strip_extension(ref: str) -> str:
    return re.sub(r"\.(txt|html?|json|md)$", "", ref, flags=re.I)


def normal_url(url: str) -> str:
    u = re.sub(r"^https?://(www\.)?", "", url.strip(), flags=re.I).split("#")[0]
    return u.rstrip("/").lower()


class DocumentIndex:
    """Finds the stored document a gold reference names: its id; the id without an extension; a path
    ending in the reference or ending the reference ("T2-S-001/article.txt" ~ "articles/T2-S-001/article.txt");
    a bare file name when one stored document has it; or its URL. More than one candidate is ambiguous."""

    def __init__(self, ids: Iterable[str], urls: dict[str, str] | None = None) -> None:
        self.ids = sorted(set(ids))
        self.exact = set(self.ids)
        self.bare: dict[str, list[str]] = {}
        for i in self.ids:
            self.bare.setdefault(strip_extension(i.rstrip("/")), []).append(i)
        self.urls: dict[str, list[str]] = {}
        for i, u in (urls or {}).items():
            if u:
                self.urls.setdefault(normal_url(u), []).append(i)

    def find(self, ref: str) -> tuple[str | None, str | None]:
        """(document id, None) or (None, why not)."""
        ref = ref.strip()
        if ref in self.exact:
            return ref, None
        if re.match(r"^https?://", ref, re.I):
            hits = self.urls.get(normal_url(ref), [])
        else:
            key = strip_extension(ref.replace("\\", "/").rstrip("/"))
            hits = self.bare.get(key, [])
            if not hits:
                hits = [i for b, ids in self.bare.items() for i in ids
                        if b.endswith("/" + key) or key.endswith("/" + b)]
        if len(hits) == 1:
            return hits[0], None
        if hits:
            return None, f"{ref!r} names {len(hits)} stored documents ({', '.join(hits[:3])}…); give its folder too"
        return None, f"{ref!r} is not in the database (ingest it first, or give its id as `encounters documents` lists it)"


def place_documents(gold: GoldSet, index: DocumentIndex, *, strict: bool) -> GoldSet:
    """The gold with every document named by its stored id. ``strict`` (a database, which knows every
    document): a reference that names no stored document, or several, is a problem and its rows are left
    out. Not strict (an export, which lists only documents with incidents): it is kept as written."""
    problems = list(gold.problems)
    found: dict[str, str | None] = {}
    for ref in dict.fromkeys([r.document for r in gold.rows] + gold.documents):
        doc, why = index.find(ref)
        if doc is None and not strict:
            doc = ref
        found[ref] = doc
        if doc is None:
            rows = sorted({r.row for r in gold.rows if r.document == ref and r.row})
            where = rows[0] if len(rows) == 1 else ("file" if not rows else f"rows {', '.join(map(str, rows))}")
            problems.append(GoldProblem(where, "document" if gold.format == "csv" else "sources", why))

    def mapped(docs: list[str]) -> list[str]:
        return list(dict.fromkeys(found[d] for d in docs if found.get(d)))

    incidents = []
    for inc in gold.incidents:
        sources, also = mapped(inc.sources), mapped(inc.also)
        if not sources and not also:
            continue  # every document of it is unknown: reported above
        incidents.append(replace(inc, sources=sources, also=[d for d in also if d not in sources]))
    rows = [replace(r, document=found[r.document]) for r in gold.rows if found.get(r.document)]
    return replace(gold, incidents=incidents, documents=mapped(gold.documents), rows=rows, problems=problems)
