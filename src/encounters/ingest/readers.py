"""Readers: turn files into ``Document`` records.

In: paths (files or folders, read recursively) of plain text, HTML, JSON Lines, RSS/Atom feeds
and WARC web archives. Out: a stream of ``Document`` — or, for a file or record that cannot be
read, an ``InputError`` in its place naming the file or record and why, so one bad file or line
never stops a batch. Memory is bounded whatever the input: files are read with a size cap before
decoding, JSON Lines a line at a time with a cap on the line (a longer one is skipped, never held),
feeds are parsed from their bytes (never taken for a path), and a web archive's header lines are
capped. Bytes must be UTF-8 (or the encoding the caller names; a UTF-16/32 byte-order mark is
honoured). A record's fields must have the documented types; ids are at most ``MAX_ID_CHARS``.
"""
from __future__ import annotations

import codecs
import io
import json
import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator
from urllib.parse import urlsplit

from encounters.core.errors import (BinaryInputError, EmptyInputError, InputError, MalformedRecordError,
                                    TooLargeError, UnsupportedInputError)
from encounters.core.model import INVISIBLE, MAX_ANALYSED_CHARS, MAX_ID_CHARS, Document
from encounters.ingest.clean import (clean_text, detect_opinion, detect_sponsored, find_page_date, find_title_line,
                                     split_header)

NO_INVISIBLE = str.maketrans("", "", INVISIBLE)
MAX_FILE_BYTES = 10 * 1024 * 1024      # one article file (text or HTML)
MAX_RECORD_CHARS = 2 * 1024 * 1024     # one article's text, whatever carried it
MAX_ARCHIVE_BYTES = 2 * 1024 ** 3      # a JSON Lines file, a feed or a WARC: streamed, but bounded
MAX_FEED_BYTES = MAX_ARCHIVE_BYTES // 20  # a feed is parsed whole: 100 MB
MAX_LINE_BYTES = MAX_RECORD_CHARS * 4  # one JSON Lines line; a longer one is skipped without being held
MAX_HEADER_LINE = 64 * 1024           # one header line of a web archive record
MAX_OUTLET_CHARS = 255
MAX_HTML_CHARS = 1_000_000  # markup handed to trafilatura, whose time grows faster than the page

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
    except Exception as err:  # a reader failing in a way no check foresaw: this file is reported, the batch goes on
        yield InputError(f"cannot read ({type(err).__name__}: {err})"[:300], source=str(path))


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


BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def is_binary(head) -> bool:
    """NUL or many control characters near the start (bytes, or text decoded from a wide encoding)."""
    codes = head if isinstance(head, bytes) else [ord(c) for c in head]
    return 0 in codes or sum(b < 9 or 13 < b < 32 for b in codes) > len(codes) * 0.05


def decode_bytes(data: bytes, *, source: str, encoding: str = "utf-8") -> str:
    """Text from bytes; binary data and bytes invalid in ``encoding`` are refused clearly. A
    byte-order mark decides the encoding; UTF-16/32 text is checked for binary content after decoding."""
    if not data.strip():
        raise EmptyInputError("file is empty", source=source)
    encoding = next((name for bom, name in BOMS if data.startswith(bom)), encoding)
    try:
        wide = codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", source=source) from None
    if not wide and is_binary(data[:8192]):
        raise BinaryInputError("file is binary, not text", source=source,
                               hint="encounters reads articles as text, HTML, JSON Lines, feeds or WARC")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(f"not valid {encoding}: byte 0x{data[err.start]:02x} at offset {err.start}", source=source,
                         hint="re-encode the file as UTF-8, or pass --encoding (e.g. --encoding cp1252)") from None
    text = text.lstrip("\ufeff")
    if wide and is_binary(text[:8192]):
        raise BinaryInputError(f"file is binary, not {encoding} text", source=source)
    if not text.strip():
        raise EmptyInputError("file is empty", source=source)
    return text


def check_text(name: str, value, *, source: str, limit: int | None = None) -> str | None:
    """A record's text field as given: text or absent, valid Unicode, within ``limit`` characters."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise MalformedRecordError(f"'{name}' must be text, not {json_type(value)}", source=source)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as err:
        raise MalformedRecordError(f"'{name}' holds a lone surrogate (\\u{ord(value[err.start]):04x}) at character "
                                   f"{err.start}: not valid Unicode", source=source,
                                   hint="fix the producer of this file: escapes \\ud800-\\udfff must come in pairs") from None
    if limit is not None and len(value) > limit:
        raise MalformedRecordError(f"'{name}' is {len(value):,} characters, over the {limit:,} limit", source=source)
    return value


def json_type(value) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__)


def strip_controls(value: str | None) -> str | None:
    """Metadata without control characters (a NUL, which PostgreSQL cannot store, among them)."""
    if value is None:
        return None
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", value)


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
    """A ``Document`` from raw text and metadata: header read, text cleaned, flags set. The id must
    be plain text of at most ``MAX_ID_CHARS``; metadata loses control characters, the outlet is
    cut at the column's 255 characters."""
    if not doc_id or len(doc_id) > MAX_ID_CHARS:
        raise MalformedRecordError(f"id is {len(doc_id):,} characters, over the {MAX_ID_CHARS} limit" if doc_id
                                   else "id is empty", source=source, hint="give the record a shorter id")
    if strip_controls(doc_id) != doc_id:
        raise MalformedRecordError(f"id {doc_id!r} holds a control character", source=source)
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
    title = clean_text(title).translate(NO_INVISIBLE) if title else None  # a title is read, never quoted
    if not header.fields:
        title = title or find_title_line(text)  # a scraped page with no header: its first line may be the headline
    notes = []
    if len(text) > MAX_ANALYSED_CHARS:
        notes.append(f"only the first {MAX_ANALYSED_CHARS:,} of {len(text):,} characters were analysed for incidents")
    url = strip_controls(url)
    outlet = (strip_controls(outlet or meta.get("outlet") or outlet_of(url)) or "")[:MAX_OUTLET_CHARS] or None
    return Document(
        id=doc_id, text=text, title=title or None,
        published=parse_published(published) or parse_published(meta.get("published"))
        or parse_published(find_page_date(text)),
        url=url, outlet=outlet, byline=strip_controls(byline or meta.get("byline")),
        sponsored=detect_sponsored(title, text), opinion=detect_opinion(title, text, url), source=source,
        notes=notes,
    )


# ---------------------------------------------------------------- readers by type

def read_text_file(path: Path, *, doc_id: str, encoding: str) -> Iterator[Loaded]:
    text = decode_bytes(read_capped(path), source=str(path), encoding=encoding)
    yield make_document(doc_id=doc_id, raw_text=text, source=str(path))


def read_html_file(path: Path, *, doc_id: str, encoding: str) -> Iterator[Loaded]:
    html = decode_bytes(read_capped(path), source=str(path), encoding=encoding)
    yield document_from_html(html, doc_id=doc_id, source=str(path))


_NOT_TEXT = re.compile(r"<!--.*?-->|<(script|style|svg|noscript|template)\b(?![^>]*ld\+json)[^>]*>.*?</\1\s*>",
                       re.I | re.S)


def bound_html(html: str) -> tuple[str, list[str]]:
    """The markup trafilatura reads, at most ``MAX_HTML_CHARS``: a larger page first loses its
    scripts, styles and comments (JSON-LD metadata kept), then is cut, with a note saying so."""
    if len(html) <= MAX_HTML_CHARS:
        return html, []
    html = _NOT_TEXT.sub("", html)
    if len(html) <= MAX_HTML_CHARS:
        return html, []
    return html[:MAX_HTML_CHARS], [f"only the first {MAX_HTML_CHARS:,} of the page's {len(html):,} characters of "
                                   "markup were read"]


def document_from_html(html: str, *, doc_id: str, source: str, url: str | None = None) -> Document:
    """Main text and metadata of an HTML page via trafilatura (scripts and markup never kept)."""
    import trafilatura

    html, notes = bound_html(html)
    result = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                         include_tables=False, favor_precision=False)
    if result is None or not (result.text or "").strip():
        raise EmptyInputError("no article text found in the HTML page", source=source)
    doc = make_document(doc_id=doc_id, raw_text=result.text, source=source, title=result.title,
                        published=result.date, url=url or result.url, outlet=result.sitename,
                        byline=result.author)
    doc.notes.extend(notes)
    return doc


def read_jsonl_file(path: Path, *, doc_id: str, encoding: str, start: int = 0, first: int = 1,
                    count: int | None = None) -> Iterator[Loaded]:
    """One article a line: ``id``, ``text``, optional ``title``, ``published``, ``url``, ``outlet``.
    Lines are read at most ``MAX_LINE_BYTES`` at a time: a longer line is refused and skipped. A
    slice of the file (``count`` lines from byte ``start``, line ``first``) reads just those lines."""
    size = path.stat().st_size
    if size > MAX_ARCHIVE_BYTES:
        raise TooLargeError(f"file is {size / 1e9:.1f} GB, over the limit", source=str(path))
    with path.open("rb") as f:
        f.seek(start)
        for number, raw in read_lines(f, MAX_LINE_BYTES):
            number += first - 1
            if count is not None and number >= first + count:
                break
            source = f"{path}:{number}"
            if raw is not None and not raw.strip():
                continue
            try:
                if raw is None:
                    raise TooLargeError(f"line is over the {MAX_LINE_BYTES / 1e6:.0f} MB limit for one article; "
                                        "skipped without reading it whole", source=source)
                record = parse_record(raw.lstrip(b"\xef\xbb\xbf") if number == 1 else raw, source=source,
                                      encoding=encoding)
                yield document_from_record(record, source=source)
            except InputError as err:
                yield err
            except Exception as err:  # a record no check foresaw must not stop the file: report it, go on
                yield MalformedRecordError(f"record cannot be read ({type(err).__name__}: {err})"[:300], source=source)


def read_lines(f: io.BufferedIOBase, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line; ``None`` for a line over ``limit`` bytes, which is read
    past in small pieces and never held whole."""
    number = 0
    while raw := f.readline(limit + 1):
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (rest := f.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        yield number, raw


def parse_record(raw: bytes, *, source: str, encoding: str) -> dict:
    if len(raw) > MAX_LINE_BYTES:
        raise TooLargeError("line is over the size limit for one article", source=source)
    try:
        record = json.loads(raw.decode(encoding))
    except UnicodeDecodeError:
        raise MalformedRecordError(f"line is not valid {encoding}", source=source) from None
    except json.JSONDecodeError as err:
        raise MalformedRecordError(f"not valid JSON ({err.msg} at column {err.colno})", source=source,
                                   hint="each line must be one JSON object") from None
    except RecursionError:
        raise MalformedRecordError("not valid JSON (nested too deeply)", source=source) from None
    if not isinstance(record, dict):
        raise MalformedRecordError("line is JSON but not an object", source=source)
    return record


def record_id(record: dict, *, source: str) -> str:
    """The record's id as text: ``id`` (or ``article_id``, ``doc_id``), text or a whole number — 0 included."""
    raw = next((record[k] for k in ("id", "article_id", "doc_id") if record.get(k) is not None), None)
    if raw is None:
        raise MalformedRecordError("record has no 'id'", source=source)
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        raise MalformedRecordError(f"'id' must be text or a whole number, not {json_type(raw)}", source=source)
    doc_id = check_text("id", str(raw), source=source, limit=MAX_ID_CHARS)
    if not doc_id.strip():
        raise MalformedRecordError("'id' is empty", source=source)
    return doc_id


def document_from_record(record: dict, *, source: str) -> Document:
    doc_id = record_id(record, source=source)
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        raise MalformedRecordError(f"'text' must be text, not {json_type(text)}", source=source)
    if not isinstance(text, str) or not text.strip():
        raise EmptyInputError("record has no 'text'", source=source)
    if len(text) > MAX_RECORD_CHARS:
        raise TooLargeError(f"text is {len(text):,} characters, over the limit", source=source)
    check_text("text", text, source=source)
    meta = {name: check_text(name, record.get(name), source=source, limit=limit) for name, limit in (
        ("title", 10_000), ("url", 10_000), ("outlet", MAX_OUTLET_CHARS), ("byline", 10_000), ("author", 10_000),
        ("published", 200), ("date", 200))}
    if record.get("html"):
        return document_from_html(text, doc_id=doc_id, source=source, url=meta["url"])
    return make_document(doc_id=doc_id, raw_text=text, source=source, title=meta["title"],
                         published=meta["published"] or meta["date"], url=meta["url"], outlet=meta["outlet"],
                         byline=meta["byline"] or meta["author"])


def read_feed_file(path: Path, *, doc_id: str, encoding: str) -> Iterator[Loaded]:
    """RSS/Atom entries, each an article; entries with HTML content go through trafilatura. The
    feed is parsed from its bytes: feedparser would take bytes that look like a path or a URL for one."""
    for entry in parse_feed(read_capped(path, MAX_FEED_BYTES), source=str(path)):
        try:
            yield document_from_entry(entry, doc_id=entry.id or f"{doc_id}#{entry.number}")
        except InputError as err:
            yield err
        except Exception as err:  # an entry no check foresaw must not stop the feed
            yield MalformedRecordError(f"entry cannot be read ({type(err).__name__}: {err})"[:300], source=entry.source)


@dataclass
class FeedEntry:
    """One RSS/Atom entry as the feed gives it: its place (``number``), ``id`` (the guid, else the
    link), page ``link``, ``title``, ``published`` stamp, ``author`` and its own HTML (content, else summary)."""

    number: int
    source: str
    id: str | None
    link: str | None
    title: str | None
    published: date | None
    author: str | None
    content: str
    updated: str | None = None


def parse_feed(data: bytes, *, source: str, headers: dict | None = None) -> list[FeedEntry]:
    """The entries of an RSS/Atom feed given as bytes (``headers``: the HTTP response's, for its charset)."""
    import feedparser

    feed = feedparser.parse(io.BytesIO(data), response_headers=headers or {})
    if feed.bozo and not feed.entries:
        raise MalformedRecordError(f"not a readable feed ({feed.get('bozo_exception', 'parse error')})", source=source)
    entries = []
    for number, entry in enumerate(feed.entries, start=1):
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        try:
            published = date(*stamp[:3]) if stamp else None
        except (TypeError, ValueError):
            published = None
        entries.append(FeedEntry(
            number=number, source=f"{source}#{number}", id=strip_controls(str(entry.get("id") or entry.get("link") or
                                                                           "")) or None,
            link=strip_controls(entry.get("link")) or None, title=strip_controls(entry.get("title")) or None,
            published=published, author=strip_controls(entry.get("author")) or None,
            content=(entry.get("content") or [{}])[0].get("value") or entry.get("summary") or "",
            updated=dict.get(entry, "updated") or dict.get(entry, "published")))  # no feedparser fallback warning
    return entries


def document_from_entry(entry: FeedEntry, *, doc_id: str) -> Document:
    """A document from an entry's own text (its HTML goes through trafilatura)."""
    body = f"<html><body><article>{entry.content}</article></body></html>"
    doc = document_from_html(body, doc_id=doc_id, source=entry.source, url=entry.link)
    doc.title = entry.title or doc.title
    doc.published = entry.published or doc.published
    doc.byline = entry.author or doc.byline
    return doc


class HeaderLineTooLong(MalformedRecordError):
    """A web archive record's header line is over ``MAX_HEADER_LINE``."""


def bounded_reader(stream):
    """warcio's decompressing reader with every ``readline`` capped at ``MAX_HEADER_LINE``: record
    and HTTP headers are read line by line, and one 4 GB line must not be held in memory."""
    from warcio.bufferedreaders import DecompressingBufferedReader

    class BoundedReader(DecompressingBufferedReader):
        def readline(self, length=None):
            cap = MAX_HEADER_LINE if length is None else min(length, MAX_HEADER_LINE)
            line = super().readline(cap)
            if len(line) >= cap and not line.endswith(b"\n") and (length is None or length > cap):
                raise HeaderLineTooLong(f"a header line is over the {MAX_HEADER_LINE // 1024} KB limit")
            return line

    return BoundedReader(stream, block_size=16384)


def read_warc_file(path: Path, *, doc_id: str, encoding: str, start: int = 0, first: int = 1,
                   count: int | None = None) -> Iterator[Loaded]:
    """HTML responses in a web archive, each an article identified by its target URI; streamed a
    record at a time (a page's body is read at most ``MAX_FILE_BYTES`` at once). A slice of the
    archive (``count`` records from byte ``start``, record ``first``) reads just those records."""
    from warcio.archiveiterator import ArchiveIterator

    if path.stat().st_size > MAX_ARCHIVE_BYTES:
        raise TooLargeError("archive is over the size limit", source=str(path))
    number = first - 1
    with path.open("rb") as stream:  # warcio detects gzip members itself
        try:
            stream.seek(start)
            records = ArchiveIterator(stream)
            records.reader = bounded_reader(stream)
            for number, record in enumerate(islice(records, count), start=first):
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
        except HeaderLineTooLong as err:
            raise HeaderLineTooLong(f"record {number + 1}: {err.message}; the rest of the archive was not read",
                                    source=str(path)) from None
        except Exception as err:  # warcio raises plain exceptions on truncated archives
            if isinstance(err, InputError):
                raise
            raise MalformedRecordError(f"archive is truncated or malformed after record {number} ({err})"[:300],
                                       source=str(path)) from None
