"""Run an ingest that kills itself (SIGKILL, as kill -9 would) at the Nth call of one step.

python crash_driver.py DB_URL POINT N PATH...   POINT: read | extract | store | resolve | summarise
Used by test_crash.py: a real process dies for real in the middle of a stage."""
from __future__ import annotations

import os
import signal
import sys


def die_on(owner, name: str, n: int) -> None:
    original = getattr(owner, name)
    calls = [0]

    def wrapper(*args, **kwargs):
        calls[0] += 1
        if calls[0] == n:
            os.kill(os.getpid(), signal.SIGKILL)
        return original(*args, **kwargs)

    setattr(owner, name, wrapper)


def main() -> None:
    url, point, n, *paths = sys.argv[1:]
    import encounters.extract.pipeline as pipeline
    import encounters.ingest.readers as readers
    from encounters.jobs import ingest_paths
    from encounters.store import Store, open_store

    owner, name = {"read": (readers, "make_document"), "extract": (pipeline, "extract_mentions"),
                   "store": (Store, "_insert_mention"), "resolve": (Store, "assign"),
                   "summarise": (Store, "save_incident")}[point]
    die_on(owner, name, int(n))
    ingest_paths(open_store(url), paths, batch_size=2)
    print("finished without dying")


if __name__ == "__main__":
    main()
