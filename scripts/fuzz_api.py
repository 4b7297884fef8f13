"""Fuzz the JSON API with schemathesis against a live ``encounters serve`` (``make fuzz``).

In: nothing (it ingests samples/ into a throwaway private database, adds an editor and an edit API
token, and serves it on a free localhost port). Out: schemathesis's report of every operation in
/openapi.json called with generated parameters and bodies, checked for server errors (a 500 is a
failure: every bad input must be a clean 4xx); exit status 1 when it found one. Add what it finds
to tests/test_web_hostile.py.

python scripts/fuzz_api.py [--examples 25] [--seconds 240]
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ST = ROOT / ".venv-fuzz" / "bin" / "st"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=25, help="examples per operation")
    parser.add_argument("--seconds", type=int, default=240, help="stop schemathesis after this long")
    args = parser.parse_args()
    from encounters.jobs import ingest_paths
    from encounters.review.users import create_token, create_user
    from encounters.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/fuzz.db"
        store = open_store(db)
        ingest_paths(store, [str(ROOT / "samples")])
        create_user(store, "fuzzer", "fuzzing password 123", "editor")
        _, token = create_token(store, "fuzzer", "edit", "make fuzz")
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "encounters.cli", "serve", "--db", db, "--port", str(port)],
                                  env={**os.environ, "ENCOUNTERS_SECRET_KEY": "fuzz"})
        try:
            deadline = time.time() + 60
            while time.time() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), 0.5).close()
                    break
                except OSError:
                    time.sleep(0.3)
            cmd = [str(ST), "run", f"http://127.0.0.1:{port}/openapi.json", "--checks", "not_a_server_error",
                   "-H", f"Authorization: Bearer {token}", "--max-examples", str(args.examples),
                   "--request-timeout", "30"]
            try:
                return subprocess.run(cmd, timeout=args.seconds).returncode
            except subprocess.TimeoutExpired:
                print(f"schemathesis stopped after {args.seconds} s (the bound of make fuzz)")
                return 0
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    sys.exit(main())
