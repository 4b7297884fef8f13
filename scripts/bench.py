#!/usr/bin/env python3
"""`make bench`: speed and memory figures (printed, never asserted).

Ingests the bundled samples ×N (new ids) and, when ../shared is present, the gvc corpus, into
fresh SQLite databases, and prints documents/second and peak resident memory.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from encounters.core.model import Document
from encounters.ingest import read_paths
from encounters.jobs import ingest_documents
from encounters.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench(name: str, docs: list[Document], work: Path) -> None:
    store = open_store(f"sqlite:///{work / (name + '.db')}")
    t0 = time.perf_counter()
    report = ingest_documents(store, docs)
    s = time.perf_counter() - t0
    print(f"{name:>14}: {len(docs):5d} docs in {s:7.1f} s = {len(docs) / s:6.1f} docs/s; "
          f"{store.counts()['incidents']} incidents; peak RSS {peak_mb():.0f} MB; errors {len(report.errors)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--copies", type=int, default=10)
    a = ap.parse_args()
    samples = [d for d in read_paths([str(ROOT / "samples")]) if isinstance(d, Document)]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        copies = [Document(**{**d.__dict__, "id": f"{i}-{d.id}", "content_hash": ""}) for i in range(a.copies)
                  for d in samples]
        bench(f"samples x{a.copies}", copies, work)
        gvc = Path(a.shared) / "eval" / "gvc" / "documents.jsonl"
        if gvc.exists():
            bench("gvc", [d for d in read_paths([str(gvc)]) if isinstance(d, Document)], work)
        else:
            print("gvc skipped: ../shared is absent")
    return 0


if __name__ == "__main__":
    sys.exit(main())
