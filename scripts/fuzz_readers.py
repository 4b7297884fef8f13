"""Coverage-guided fuzzing of the readers with atheris (``make fuzz``).

In: bytes from atheris; the first byte picks the reader (plain text, HTML, JSON Lines, RSS, WARC,
gzipped WARC), the rest is the file. Out: nothing, unless a reader breaks its contract — every item
``read_file`` yields must be a ``Document`` (non-empty text that is valid Unicode, an id of at most
``MAX_ID_CHARS`` with no control character) or an ``InputError``; any other exception is a crash,
which atheris saves as ``crash-*``. Copy such a file into ``tests/fixtures/fuzz/`` (named for its
suffix) and ``tests/test_fuzz_cases.py`` replays it in the CI suite.

python scripts/fuzz_readers.py -max_total_time=60 tests/fixtures/fuzz
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

SUFFIXES = (".txt", ".html", ".jsonl", ".rss", ".warc", ".warc.gz")


def check_file(path: Path) -> None:
    """Read one file and check every item against the readers' contract (raises AssertionError)."""
    from encounters.core.errors import InputError
    from encounters.core.model import Document

    MAX_ID_CHARS = 500  # as encounters.core.model says (spelt here so older code can be fuzzed too)
    from encounters.ingest import read_file

    for item in read_file(path):
        if isinstance(item, InputError):
            assert str(item), "an error with no message"
            continue
        assert isinstance(item, Document), f"{type(item).__name__} yielded"
        assert item.text.strip() and item.text.encode("utf-8"), "empty or invalid text"
        assert 0 < len(item.id) <= MAX_ID_CHARS and "\x00" not in item.id, "bad id"
        assert "\x00" not in item.text and (item.outlet is None or len(item.outlet) <= 255)


def one_input(data: bytes) -> None:
    if not data:
        return
    suffix = SUFFIXES[data[0] % len(SUFFIXES)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data[1:])
        check_file(path)


def seed_corpus(folder: Path) -> None:
    """The samples and the cases found before as seeds, each prefixed with the byte that picks its reader."""
    folder.mkdir(parents=True, exist_ok=True)
    root = Path(__file__).resolve().parents[1]
    for f in [*(root / "samples").iterdir(), *(root / "tests" / "fixtures" / "fuzz").iterdir()]:
        suffix = next((s for s in reversed(SUFFIXES) if f.name.endswith(s)), ".txt")
        (folder / f"seed-{f.name}").write_bytes(bytes([SUFFIXES.index(suffix)]) + f.read_bytes()[:20000])


def main() -> None:
    import atheris

    corpus = next((Path(a) for a in sys.argv[1:] if not a.startswith("-")), None)
    if corpus is not None:
        seed_corpus(corpus)
    os.environ.setdefault("ENCOUNTERS_FUZZ", "1")
    with atheris.instrument_imports():
        import encounters.ingest.readers  # noqa: F401  (instrumented for coverage)
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
