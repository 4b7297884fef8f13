"""Readers: turn files into ``Document`` records.

In: paths (files or folders, read recursively) of plain text, HTML, JSON Lines, RSS/Atom feeds
and WARC web archives. Out: a stream of ``Document`` — or, for a file or record that cannot be
read, an ``InputError`` in its place, so one bad file never stops a batch. Files are read with a
size cap before decoding; bytes must be UTF-8 (or the encoding the caller names).
"""
from __future__ import annotations

import json
import os
import re
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator
from urllib.parse import urlsplit

from encounters.core.errors import (BinaryInputError, EmptyInputError, InputError, MalformedRecordError,
                                    TooLargeError, UnsupportedInputError)
from encounters.core.model import Document
from encounters.ingest.clean import (clean_text, detect_opinion, detect_sponsored, find_page_date, find_title_line,
                                     split_header)

MAX_FILE_BYTES = 10 * 1024 * 1024      # one article file (text or HTML)
MAX_RECORD_CHARS = 2 * 1024 * 1024     # one article's text, whatever carried it
MAX_ARCHIVE_BYTES = 2 * 1024 ** 3      # a JSON Lines file, a feed or a WARC: streamed, but bounded

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
WARC_SUFFIXES = {".warc", ".warc.gz"}

Loaded = Document | InputError


def suffix_of(path: Path) -> str:
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def read_paths(paths: Iterable[str | os.PathLike], *, encoding: str = "utf-8") -> Iterator[Loaded]:
    """Every document under ``paths``; folders are walked recursively in sorted order."""
    for raw in paths:
        path = Path(raw).absolute()  # sources are absolute: the same file is recognised from any directory
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                yield from read_file(file, doc_id=file.relative_to(path).as_posix(), encoding=encoding)
        elif path.exists():
            yield from read_file(path, doc_id=path.name, encoding=encoding)
        else:
            yield InputError("no such file or folder", source=str(path))


def read_file(path: Path, *, doc_id: str | None = None, encoding: str = "utf-8") -> Iterator[Loaded]:
    """The documents in one file, by its suffix; errors come back as values."""
    suffix = suffix_of(path)
    doc_id = doc_id or path.name
    readers: dict[str, Callable[..., Iterator[Loaded]]] = {}
    readers.update(dict.fromkeys(TEXT_SUFFIXES, read_text_file))
    readers.update(dict.fromkeys(HTML_SUFFIXES, read_html_file))
    readers.update(dict.fromkeys(JSONL_SUFFIXES, read_jsonl_file))
    readers.update(dict.fromkeys(FEED_SUFFIXES, read_feed_file))
    readers.update(dict.fromkeys(WARC_SUFFIXES, read_warc_file))
    reader = readers.get(suffix)
    if reader is None:
        yield UnsupportedInputError(
            f"unsupported file type {suffix or '(no suffix)'!r}", source=str(path),
            hint="encounters reads .txt, .html, .jsonl, .rss/.atom/.xml feeds and .warc(.gz) archives")
        return
    try:
        yield from reader(path, doc_id=doc_id, encoding=encoding)
    except InputError as err:
        err.source = err.source or str(path)
        yield err
    except OSError as err:
        yield InputError(f"cannot read: {err.strerror or err}", source=str(path))


# ---------------------------------------------------------------- bytes → text

def read_capped(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, refusing (without reading it all) a file over ``limit``."""
    size = path.stat().st_size
    if size > limit:
        raise TooLargeError(f"file is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit for one article",
                            source=str(path), hint="split it, or ingest it as JSON Lines with one article a line")
    with path.open("rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise TooLargeError("file grew past the size limit while reading", source=str(path))
    return data


def decode_bytes(data: bytes, *, source: str, encoding: str = "utf-8") -> str:
    """Text from bytes; binary data and bytes invalid in ``encoding`` are refused clearly."""
    if not data.strip():
        raise EmptyInputError("file is empty", source=source)
    head = data[:8192]
    if b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) * 0.05:
        raise BinaryInputError("file is binary, not text", source=source,
                               hint="encounters reads articles as text, HTML, JSON Lines, feeds or WARC")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(f"not valid {encoding}: byte 0x{data[err.start]:02x} at offset {err.start}", source=source,
                         hint="re-encode the file as UTF-8, or pass --encoding (e.g. --encoding cp1252)") from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", source=source) from None
    return text.lstrip("\ufeff")


# ---------------------------------------------------------------- metadata helpers

def parse_published(value) -> date | None:
    """A publication date from ISO strings, ``2025-06-29 00:00:00``, or free text."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = str(value).strip()
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    import dateparser  # slow import, only for free-text dates

    parsed = dateparser.parse(s, settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date() if parsed else None


def outlet_of(url: str | None) -> str | None:
    """An outlet name from a URL's host (``www.latimes.com`` → ``latimes.com``), archive hosts unwrapped."""
    if not url:
        return None
    m = re.search(r"web\.archive\.org/web/\d+[a-z_]*/(.+)$", url)
    if m:
        url = m.group(1) if "://" in m.group(1) else "http://" + m.group(1)
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    host = re.sub(r"^(?:www\d?|m|amp|mobile)\.", "", host.lower())
    return host or None


def make_document(*, doc_id: str, raw_text: str, source: str, title=None, published=None, url=None,
                  outlet=None, byline=None) -> Document:
    """A ``Document`` from raw text and metadata: header read, text cleaned, flags set."""
    header = split_header(raw_text)
    body = raw_text[header.length:] if header.fields else raw_text
    meta = header.fields
    title = title or meta.get("title")
    url = url or meta.get("url")
    text = clean_text(body)
    if not text:
        raise EmptyInputError("no article text after removing the header and boilerplate", source=source)
    if len(text) > MAX_RECORD_CHARS:
        raise TooLargeError(f"article text is {len(text):,} characters, over the {MAX_RECORD_CHARS:,} limit",
                            source=source)
    title = clean_text(title) if title else None
    if not header.fields:
        title = title or find_title_line(text)  # a scraped page with no header: its first line may be the headline
    return Document(
        id=doc_id, text=text, title=title or None,
        published=parse_published(published) or parse_published(meta.get("published"))
        or parse_published(find_page_date(text)),
        url=url, outlet=outlet or meta.get("outlet") or outlet_of(url), byline=byline or meta.get("byline"),
        sponsored=detect_sponsored(title, text), opinion=detect_opinion(title, text, url), source=source,
    )


# ---------------------------------------------------------------- readers by type

def read_text_file(path: Path, *, doc_id: str, encoding: str) -> Iterator[Loaded]:
    text = decode_bytes(read_capped(path), source=str(path), encoding=encoding)
    yield make_document(doc_id=doc_id, raw_text=text, source=str(path))


def read_html_file(path: Path, *, doc_id: str, encoding: str) -> Iterator[Loaded]:
    html = decode_bytes(read_capped(path), source=str(path), encoding=encoding)
    yield document_from_html(html, doc_id=doc_id, source=str(path))


def document_from_html(html: str, *, doc_id: str, source: str, url: str | None = None) -> Document:
    """Main text and metadata of an HTML page via trafilatura (scripts and markup never kept)."""
    import trafilatura

    result = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                         include_tables=False, favor_precision=False)
    if result is None or not (result.text or "").strip():
        raise EmptyInputError("no article text found in the HTML page", source=source)
    return make_document(doc_id=doc_id, raw_text=result.text, source=source, title=result.title,
                         published=result.date, url=url or result.url, outlet=result.sitename,
                         byline=result.author)


def read_jsonl_file(path: Path, *, doc_id: str, encoding: str) -> Iterator[Loaded]:
    """One article a line: ``id``, ``text``, optional ``title``, ``published``, ``url``, ``outlet``."""
    size = path.stat().st_size
    if size > MAX_ARCHIVE_BYTES:
        raise TooLargeError(f"file is {size / 1e9:.1f} GB, over the limit", source=str(path))
    with path.open("rb") as f:
        for number, raw in enumerate(f, start=1):
            source = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                yield document_from_record(parse_record(raw, source=source, encoding=encoding), source=source)
            except InputError as err:
                yield err


def parse_record(raw: bytes, *, source: str, encoding: str) -> dict:
    if len(raw) > MAX_RECORD_CHARS * 4:
        raise TooLargeError("line is over the size limit for one article", source=source)
    try:
        record = json.loads(raw.decode(encoding))
    except UnicodeDecodeError:
        raise MalformedRecordError(f"line is not valid {encoding}", source=source) from None
    except json.JSONDecodeError as err:
        raise MalformedRecordError(f"not valid JSON ({err.msg} at column {err.colno})", source=source,
                                   hint="each line must be one JSON object") from None
    if not isinstance(record, dict):
        raise MalformedRecordError("line is JSON but not an object", source=source)
    return record


def document_from_record(record: dict, *, source: str) -> Document:
    doc_id = record.get("id") or record.get("article_id") or record.get("doc_id")
    text = record.get("text")
    if doc_id is None:
        raise MalformedRecordError("record has no 'id'", source=source)
    if not isinstance(text, str) or not text.strip():
        raise EmptyInputError("record has no 'text'", source=source)
    if len(text) > MAX_RECORD_CHARS:
        raise TooLargeError(f"text is {len(text):,} characters, over the limit", source=source)
    if record.get("html"):
        return document_from_html(text, doc_id=str(doc_id), source=source, url=record.get("url"))
    return make_document(doc_id=str(doc_id), raw_text=text, source=source, title=record.get("title"),
                         published=record.get("published") or record.get("date"), url=record.get("url"),
                         outlet=record.get("outlet"), byline=record.get("byline") or record.get("author"))


def read_feed_file(path: Path, *, doc_id: str, encoding: str) -> Iterator[Loaded]:
    """RSS/Atom entries, each an article; entries with HTML content go through trafilatura."""
    import feedparser

    data = read_capped(path, MAX_ARCHIVE_BYTES // 20)
    feed = feedparser.parse(data)
    if feed.bozo and not feed.entries:
        raise MalformedRecordError(f"not a readable feed ({feed.get('bozo_exception', 'parse error')})",
                                   source=str(path))
    for number, entry in enumerate(feed.entries, start=1):
        source = f"{path}#{number}"
        content = (entry.get("content") or [{}])[0].get("value") or entry.get("summary") or ""
        try:
            entry_id = entry.get("id") or entry.get("link") or f"{doc_id}#{number}"
            body = f"<html><body><article>{content}</article></body></html>"
            doc = document_from_html(body, doc_id=str(entry_id), source=source, url=entry.get("link"))
            doc.title = entry.get("title") or doc.title
            stamp = entry.get("published_parsed") or entry.get("updated_parsed")
            doc.published = date(*stamp[:3]) if stamp else doc.published
            doc.byline = entry.get("author") or doc.byline
            yield doc
        except InputError as err:
            yield err


def read_warc_file(path: Path, *, doc_id: str, encoding: str) -> Iterator[Loaded]:
    """HTML responses in a web archive, each an article identified by its target URI."""
    from warcio.archiveiterator import ArchiveIterator

    if path.stat().st_size > MAX_ARCHIVE_BYTES:
        raise TooLargeError("archive is over the size limit", source=str(path))
    with path.open("rb") as stream:  # warcio detects gzip members itself
        try:
            for number, record in enumerate(ArchiveIterator(stream), start=1):
                if record.rec_type != "response":
                    continue
                ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
                if "html" not in ctype.lower():
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                source = f"{path}#{number}"
                try:
                    body = record.content_stream().read(MAX_FILE_BYTES + 1)
                    if len(body) > MAX_FILE_BYTES:
                        raise TooLargeError("archived page is over the size limit", source=source)
                    charset = re.search(r"charset=([\w-]+)", ctype)
                    html = decode_bytes(body, source=source, encoding=charset.group(1) if charset else encoding)
                    stamp = record.rec_headers.get_header("WARC-Date")
                    doc = document_from_html(html, doc_id=url or f"{doc_id}#{number}", source=source, url=url)
                    doc.published = doc.published or parse_published(stamp)
                    yield doc
                except InputError as err:
                    yield err
        except Exception as err:  # warcio raises plain exceptions on truncated archives
            if isinstance(err, InputError):
                raise
            raise MalformedRecordError(f"archive is truncated or malformed ({err})", source=str(path)) from None
