#!/usr/bin/env python3
"""`make loadbench`: requests/second and latency of the web app with 10,000 incidents (printed, never asserted).

1. Builds a database of N incidents (default 10,000): the bundled samples are extracted once,
   then their mentions are stored again and again under new document ids, with dates shifted
   and names changed, each copy its own incident (no spaCy, no resolution search: this measures
   the web app, not ingestion). A database built earlier is reused (``--db``).
2. Starts ``encounters serve`` (real uvicorn, one worker, public reading) on a free local port.
3. For each page — the list (with a random filter and page), an incident page, the list API and
   the incident API — sends requests from C concurrent clients for D seconds, and prints
   requests/second, p50, p95 and p99 latency, and the error count.
"""
from __future__ import annotations

import argparse
import asyncio
import copy
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import httpx

from encounters.core.model import Document, Mention
from encounters.extract import RuleExtractor
from encounters.ingest import read_paths
from encounters.resolve import summarise
from encounters.store import open_store

ROOT = Path(__file__).resolve().parents[1]
STATES = ["CA", "TX", "AZ", "IL", "MN", "OR", "NC", "NY", "FL", "WA", "CO", "GA"]


def variant(m: Mention, doc_id: str, k: int) -> Mention:
    out = copy.deepcopy(m)
    out.document_id = doc_id
    delta = timedelta(days=(k * 7) % 700)
    out.published = m.published + delta if m.published else None
    for p in out.people:
        if p.name is not None:
            p.name = replace(p.name, value=f"{p.name.value} {k}")
    for name in ("date", "date_range"):
        v = out.fields.get(name)
        if v is not None:
            out.fields[name] = replace(v, value=[d + delta for d in v.value] if isinstance(v.value, list) else v.value + delta)
    if "state" in out.fields:
        out.fields["state"] = replace(out.fields["state"], value=STATES[k % len(STATES)])
    return out


def build(db: str, n: int) -> None:
    store = open_store(db)
    have = store.counts()["incidents"]
    if have >= n:
        print(f"reusing {db}: {have} incidents")
        return
    docs = [d for d in read_paths([str(ROOT / "samples")]) if isinstance(d, Document)]
    extracted = [(d, ms) for d, ms in RuleExtractor().extract(docs) if isinstance(ms, list) and ms]
    t0 = time.perf_counter()
    k = have
    while store.counts()["incidents"] < n:
        d, ms = extracted[k % len(extracted)]
        doc = Document(**{**d.__dict__, "id": f"load/{k}/{d.id}", "content_hash": f"load-{k}-{d.id}"})
        copies = [variant(m, doc.id, k) for m in ms]
        store.save_document(doc, copies, extractor="replay")
        for m in copies:
            inc_id = f"inc-load{k:06d}{m.ordinal}"
            store.assign(m.key, inc_id)
            store.save_incident(summarise(inc_id, [m]))
        k += 1
        if k % 1000 == 0:
            print(f"  built {store.counts()['incidents']} incidents in {time.perf_counter() - t0:.0f} s", flush=True)
    print(f"built {store.counts()['incidents']} incidents in {time.perf_counter() - t0:.0f} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def hammer(base: str, paths, seconds: float, concurrency: int) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while time.perf_counter() < stop:
            t = time.perf_counter()
            r = await client.get(paths())
            latencies.append(time.perf_counter() - t)
            if r.status_code != 200:
                errors += 1

    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return latencies, errors


def report(name: str, lat: list[float], errors: int, seconds: float) -> None:
    lat.sort()
    q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [lat[0]] * 99
    print(f"{name:<24} {len(lat) / seconds:8.1f} req/s   p50 {q[49] * 1000:7.1f} ms   p95 {q[94] * 1000:7.1f} ms   "
          f"p99 {q[98] * 1000:7.1f} ms   {len(lat):6d} requests, {errors} errors", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="database URL or path (default: a temporary SQLite file)")
    ap.add_argument("--incidents", type=int, default=10000)
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--concurrency", type=int, default=8)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = a.db or f"sqlite:///{tmp}/load.db"
        build(db, a.incidents)
        store = open_store(db)
        rows, total = store.list_incidents(per_page=500)
        ids = [r["id"] for r in rows]
        ids += [r["id"] for r in store.list_incidents(page=total // 500, per_page=500)[0]]
        states = store.facet_values()["states"]
        port = free_port()
        exe = Path(sys.executable).with_name("encounters")
        server = subprocess.Popen([str(exe), "serve", "--db", db, "--port", str(port), "--public"],
                                  stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    httpx.get(base + "/api/session", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            rnd = random.Random(7)
            pages = {
                "list page /": lambda: f"/?page={rnd.randint(1, 20)}" + (f"&state={rnd.choice(states)}" if rnd.random() < .5 else ""),
                "incident page": lambda: f"/incidents/{rnd.choice(ids)}",
                "list API": lambda: f"/api/incidents?page={rnd.randint(1, 20)}&q={rnd.choice(['ruiz', 'portland', ''])}",
                "incident API": lambda: f"/api/incidents/{rnd.choice(ids)}",
            }
            print(f"{total} incidents in {db.split('://')[0]}; {a.concurrency} concurrent clients, {a.seconds:.0f} s per "
                  f"page, one uvicorn worker")
            for name, paths in pages.items():
                asyncio.run(hammer(base, paths, 2, a.concurrency))  # warm up
                lat, errors = asyncio.run(hammer(base, paths, a.seconds, a.concurrency))
                report(name, lat, errors, a.seconds)
        finally:
            server.terminate()
            server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
