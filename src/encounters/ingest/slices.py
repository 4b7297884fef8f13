"""Inputs cut into pieces that separate processes can read on their own.

In: the paths ``read_paths`` takes. Out: ``list_inputs`` — the files in ``read_paths``' order, each
with the id its documents take from its name (or an ``InputError`` for a path that is not there);
``index_file`` — for a JSON Lines file or a web archive, ``Slice``s of about ``per_slice`` lines
or records each, found by reading the file once as a stream (byte offsets where a line or a
record starts; a ``.warc.gz`` is cut only where a gzip member starts); and ``read_slice`` — the
documents of one slice, exactly as ``read_file`` gives them for that stretch of the file (the same
ids, ``file:line`` and ``file#record`` sources and errors). A file that cannot be cut cleanly (a
malformed archive, one gzip stream for the whole archive) is one slice, read whole as before.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from encounters.core.errors import InputError
from encounters.ingest.readers import (JSONL_SUFFIXES, MAX_ARCHIVE_BYTES, MAX_LINE_BYTES, WARC_SUFFIXES, Loaded,
                                       bounded_reader, read_file, read_jsonl_file, read_lines, read_warc_file,
                                       suffix_of)

PER_SLICE = 16  # lines or records a slice holds (small: the last tasks of a run keep every worker busy)


@dataclass(frozen=True)
class Slice:
    """``count`` lines (JSON Lines) or records (web archive) of ``path`` from byte ``start``, the
    first of them number ``first``; ``count`` None: the whole file."""

    path: str
    doc_id: str
    start: int = 0
    first: int = 1
    count: int | None = None


def list_inputs(paths: Iterable[str | os.PathLike]) -> Iterator[tuple[Path, str] | InputError]:
    """(file, id from its name) for every file ``read_paths`` would read, in its order."""
    for raw in paths:
        path = Path(raw).absolute()
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                yield file, file.relative_to(path).as_posix()
        elif path.exists():
            yield path, path.name
        else:
            yield InputError("no such file or folder", source=str(path))


def can_slice(path: Path) -> bool:
    """Whether a file holds many documents that can be read a stretch at a time."""
    suffix = suffix_of(path)
    return suffix in JSONL_SUFFIXES or suffix in WARC_SUFFIXES


def index_file(path: str, doc_id: str, per_slice: int = PER_SLICE) -> list[Slice]:
    """The slices of a JSON Lines file or web archive (one whole-file slice when it cannot be cut)."""
    whole = [Slice(path, doc_id)]
    p = Path(path)
    try:
        if p.stat().st_size > MAX_ARCHIVE_BYTES:
            return whole  # refused whole by the reader, as before
        starts = jsonl_starts(p, per_slice) if suffix_of(p) in JSONL_SUFFIXES else warc_starts(p, per_slice)
    except Exception:  # anything odd about the file: the reader reports it, reading the file whole
        return whole
    if starts is None or len(starts) <= 1:
        return whole
    out = []
    for i, (start, first) in enumerate(starts):
        count = starts[i + 1][1] - first if i + 1 < len(starts) else None
        out.append(Slice(path, doc_id, start, first, count))
    return out


def jsonl_starts(path: Path, per_slice: int) -> list[tuple[int, int]]:
    """(byte offset, line number) of every ``per_slice``-th line."""
    out = []
    with path.open("rb") as f:
        offset = 0
        for number, _ in read_lines(f, MAX_LINE_BYTES):
            if (number - 1) % per_slice == 0:
                out.append((offset, number))
            offset = f.tell()
    return out


def warc_starts(path: Path, per_slice: int) -> list[tuple[int, int]] | None:
    """(byte offset, record number) of every ``per_slice``-th record, or None when the archive cannot
    be cut there (a record does not start a gzip member of its own)."""
    from warcio.archiveiterator import ArchiveIterator

    gz = path.name.lower().endswith(".gz")
    out = []
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        records.reader = bounded_reader(stream)
        for number, _ in enumerate(records, start=1):
            if (number - 1) % per_slice == 0:
                out.append((records.get_record_offset(), number))
        with path.open("rb") as check:
            for offset, _ in out:
                check.seek(offset)
                head = check.read(5)
                if (gz and head[:2] != b"\x1f\x8b") or (not gz and head != b"WARC/"):
                    return None
    return out


def read_slice(piece: Slice, *, encoding: str = "utf-8") -> Iterator[Loaded]:
    """The documents (and errors) of one slice, as ``read_file`` gives them."""
    path = Path(piece.path)
    if piece.count is None and piece.start == 0:
        yield from read_file(path, doc_id=piece.doc_id, encoding=encoding)
        return
    reader = read_jsonl_file if suffix_of(path) in JSONL_SUFFIXES else read_warc_file
    try:
        yield from reader(path, doc_id=piece.doc_id, encoding=encoding, start=piece.start, first=piece.first,
                          count=piece.count)
    except InputError as err:
        err.source = err.source or str(path)
        yield err
    except OSError as err:
        yield InputError(f"cannot read: {err.strerror or err}", source=str(path))
    except Exception as err:  # as read_file: this stretch is reported, the batch goes on
        yield InputError(f"cannot read ({type(err).__name__}: {err})"[:300], source=str(path))
