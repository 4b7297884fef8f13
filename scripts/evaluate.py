#!/usr/bin/env python3
"""`make eval`: the pipeline on ../shared/eval, scored by ../shared/eval/score.py.

In: the shared evaluation folder. Out: printed figures — the scorer's report and summary line for
gvc (ingested into a fresh SQLite database and exported), and a throughput/failure run over every
ICE article. Skips with a message (exit 0) when the folder is absent.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from encounters.jobs import ingest_paths
from encounters.publish.export import write_json
from encounters.store import open_store


def score(shared: Path, export: Path, gold: str, documents: str) -> str:
    p = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), "--export", str(export), "--gold", gold,
                        "--documents", documents], capture_output=True, text=True, check=True)
    return p.stdout


def run_gvc(shared: Path, work: Path) -> None:
    store = open_store(f"sqlite:///{work / 'gvc.db'}")
    t0 = time.perf_counter()
    report = ingest_paths(store, [str(shared / "eval" / "gvc" / "documents.jsonl")])
    seconds = time.perf_counter() - t0
    export = work / "gvc.json"
    with export.open("w") as f:
        write_json(store.iter_incidents(), f)
    out = score(shared, export, str(shared / "eval" / "gvc" / "incidents.jsonl"),
                str(shared / "eval" / "gvc" / "documents.jsonl"))
    rep = json.loads(out.rsplit("summary:", 1)[0])
    print("== gvc (434 articles, 206 gold incidents)")
    print(f"   {report.new} documents in {seconds:.1f} s ({report.new / seconds:.1f} docs/s), {len(report.errors)} errors")
    print("   field accuracy:", json.dumps(rep["field_accuracy"]))
    print("   " + out.strip().splitlines()[-1])


def run_ice(shared: Path, work: Path) -> None:
    folder = shared / "eval" / "ice" / "articles"
    store = open_store(f"sqlite:///{work / 'ice.db'}")
    t0 = time.perf_counter()
    report = ingest_paths(store, [str(folder)])
    seconds = time.perf_counter() - t0
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    counts = store.counts()
    print(f"== ice ({files} files)")
    print(f"   {report.new} documents in {seconds:.1f} s ({report.new / seconds:.1f} docs/s); "
          f"{counts['incidents']} incidents, {counts['mentions']} mentions, {counts['accounts']} accounts/claims")
    print(f"   failed: {len(report.errors)}")
    for e in report.errors:
        print("   -", e)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", default="../shared", help="the shared folder (default ../shared)")
    ap.add_argument("--only", choices=["gvc", "ice"], help="run one set")
    a = ap.parse_args()
    shared = Path(a.shared)
    if not (shared / "eval" / "score.py").exists():
        print(f"eval skipped: {shared / 'eval'} is absent")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        if a.only in (None, "gvc"):
            run_gvc(shared, Path(tmp))
        if a.only in (None, "ice"):
            run_ice(shared, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
