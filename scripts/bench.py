#!/usr/bin/env python3
"""`make bench`: speed and memory figures (printed, never asserted).

1. Extraction + storage + resolution throughput: the bundled samples ×N (new ids), and the gvc corpus
   when ../shared is present.
2. Resolution alone at 1×, 2× and 4× the gvc corpus: gvc is extracted once, then its mentions are
   replayed under new document ids, with every date shifted by 400 days and every name changed per
   copy (each copy is a new set of incidents), each scale in a
   fresh process (so peak memory is per scale) with a fresh SQLite database.
"""
from __future__ import annotations

import argparse
import copy
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from encounters.core.model import Document, Mention
from encounters.extract import RuleExtractor
from encounters.ingest import read_paths
from encounters.jobs import ingest_documents
from encounters.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench(name: str, docs: list[Document], work: Path) -> None:
    store = open_store(f"sqlite:///{work / (name.replace(' ', '_') + '.db')}")
    t0 = time.perf_counter()
    report = ingest_documents(store, docs)
    s = time.perf_counter() - t0
    print(f"{name:>14}: {len(docs):5d} docs in {s:7.1f} s = {len(docs) / s:6.1f} docs/s; "
          f"{store.counts()['incidents']} incidents; peak RSS {peak_mb():.0f} MB; errors {len(report.errors)}")


class ReplayExtractor:
    """Returns mentions extracted earlier, re-keyed to each copy's document (no spaCy)."""

    name = "replay"

    def __init__(self, extracted: dict[str, list[Mention]], shift_of: dict[str, tuple[str, int]]) -> None:
        self.extracted, self.shift_of = extracted, shift_of

    def extract(self, documents):
        for doc in documents:
            original, k = self.shift_of[doc.id]
            yield doc, [shifted(m, doc.id, timedelta(days=400 * k)) for m in self.extracted[original]]


def shifted(m: Mention, doc_id: str, delta: timedelta) -> Mention:
    out = copy.deepcopy(m)
    out.document_id = doc_id
    out.published = m.published + delta if m.published else None
    if delta.days:  # a copy is another incident: other people
        tag = chr(ord("a") + delta.days // 400)
        for p in out.people:
            if p.name is not None:
                p.name = replace(p.name, value=" ".join(w + tag for w in p.name.value.split()))
    for name in ("date", "date_range"):
        v = out.fields.get(name)
        if v is not None:
            out.fields[name] = replace(v, value=[d + delta for d in v.value] if isinstance(v.value, list) else v.value + delta)
    return out


def resolution_scale(cache: Path, copies: int) -> None:
    """One scale, run in its own process."""
    docs, extracted = pickle.loads(cache.read_bytes())
    batch, shift_of = [], {}
    for k in range(copies):
        for d in docs:
            new_id = f"{k}-{d.id}" if k else d.id
            shift_of[new_id] = (d.id, k)
            batch.append(Document(**{**d.__dict__, "id": new_id,
                                     "published": d.published + timedelta(days=400 * k) if d.published else None,
                                     "text": d.text + ("\n" * k), "content_hash": ""}))
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{tmp}/r.db")
        t0 = time.perf_counter()
        ingest_documents(store, batch, extractor=ReplayExtractor(extracted, shift_of))
        s = time.perf_counter() - t0
        c = store.counts()
    print(f"  resolution {copies}x: {len(batch):5d} docs, {c['mentions']:5d} mentions -> {c['incidents']:5d} incidents "
          f"in {s:6.1f} s ({c['mentions'] / s:6.1f} mentions/s); peak RSS {peak_mb():.0f} MB", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--scale", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.scale:
        resolution_scale(a.cache, a.scale)
        return 0
    samples = [d for d in read_paths([str(ROOT / "samples")]) if isinstance(d, Document)]
    gvc = Path(a.shared) / "eval" / "gvc" / "documents.jsonl"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        copies = [Document(**{**d.__dict__, "id": f"{i}-{d.id}", "content_hash": ""}) for i in range(a.copies)
                  for d in samples]
        bench(f"samples x{a.copies}", copies, work)
        if not gvc.exists():
            print("gvc skipped: ../shared is absent")
            return 0
        docs = [d for d in read_paths([str(gvc)]) if isinstance(d, Document)]
        bench("gvc", docs, work)
        extracted = {d.id: ms for d, ms in RuleExtractor().extract(docs) if isinstance(ms, list)}
        cache = work / "gvc.pickle"
        cache.write_bytes(pickle.dumps((docs, extracted)))
        for scale in (1, 2, 4):
            subprocess.run([sys.executable, __file__, "--scale", str(scale), "--cache", str(cache)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
