"""Hostile and unlucky input: each bad file or record is reported by name with its reason, the rest
lands, nothing stored is lost, and memory and time stay bounded (SQLite and PostgreSQL)."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys

from encounters.core.model import MAX_ANALYSED_CHARS, Document
from encounters.ingest import read_paths
from encounters.ingest.readers import MAX_HTML_CHARS, MAX_LINE_BYTES
from encounters.jobs import ingest_paths
from encounters.store import open_store

from conftest import SAMPLES

GOOD = "An ICE officer shot and wounded a man Tuesday in Tucson, Ariz., officials said."
FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Secret entry</title><link>http://example.org/secret</link><guid>secret-1</guid>
<description>&lt;p&gt;{}&lt;/p&gt;</description></item></channel></rss>""".format(GOOD)


def read(*paths, encoding="utf-8"):
    items = list(read_paths([str(p) for p in paths], encoding=encoding))
    return [i for i in items if isinstance(i, Document)], [str(i) for i in items if not isinstance(i, Document)]


def test_a_feed_file_is_never_taken_for_a_path(tmp_path):
    other = tmp_path / "private" / "real.rss"
    other.parent.mkdir()
    other.write_text(FEED)
    (tmp_path / "points-elsewhere.rss").write_text(str(other))
    (tmp_path / "zero.rss").write_text("/dev/zero")
    docs, errors = read(tmp_path / "points-elsewhere.rss", tmp_path / "zero.rss")
    assert docs == [] and len(errors) == 2 and all("not a readable feed" in e for e in errors)
    docs, errors = read(other)  # the real feed still reads
    assert [d.id for d in docs] == ["secret-1"] and not errors


BAD_RECORDS = [  # (record, what the error says)
    ({"id": "t", "text": GOOD, "title": 7}, "'title' must be text, not a number"),
    ({"id": "u", "text": GOOD, "url": 123}, "'url' must be text, not a number"),
    ({"id": "b", "text": GOOD, "byline": {}}, "'byline' must be text, not an object"),
    ({"id": "o", "text": GOOD, "outlet": []}, "'outlet' must be text, not a list"),
    ({"id": "s", "text": GOOD + " \ud800"}, "'text' holds a lone surrogate (\\ud800)"),
    ({"id": "x" * 600, "text": GOOD}, "'id' is 600 characters, over the 500 limit"),
    ({"id": "l", "text": GOOD, "outlet": "o" * 300}, "'outlet' is 300 characters, over the 255 limit"),
    ({"id": True, "text": GOOD}, "'id' must be text or a whole number"),
    ({"id": "n", "text": 5}, "'text' must be text, not a number"),
]


def test_badly_typed_json_lines_records_are_reported_one_by_one_and_the_rest_lands(db_url, tmp_path):
    store = open_store(db_url)
    assert ingest_paths(store, [str(SAMPLES / "portland-pepper-balls.txt")]).new == 1
    lines = [json.dumps({"id": "first", "text": GOOD})]
    lines += [json.dumps(record) for record, _ in BAD_RECORDS]
    lines += [json.dumps({"id": 0, "text": GOOD.replace("Tucson", "Yuma")}),             # 0 is an id
              json.dumps({"id": "nul", "text": GOOD.replace("Tucson", "Mesa") + " \u0000", "title": "a\u0000b"}),
              json.dumps({"id": "dup", "text": GOOD.replace("Tucson", "Phoenix")}),
              json.dumps({"id": "dup", "text": GOOD.replace("Tucson", "Nogales")}),     # a second 'dup': refused
              json.dumps({"id": "last", "text": GOOD.replace("Tucson", "Casa Grande")})]
    feed = tmp_path / "batch.jsonl"
    feed.write_text("\n".join(lines) + "\n")
    report = ingest_paths(store, [str(feed)])
    for n, (_, message) in enumerate(BAD_RECORDS, start=2):
        assert any(e.startswith(f"{feed}:{n}: ") and message in e for e in report.errors), (n, message, report.errors)
    dup_line = len(lines) - 1
    assert any(e.startswith(f"{feed}:{dup_line}: id 'dup' was already read") for e in report.errors)
    assert len(report.errors) == len(BAD_RECORDS) + 1
    stored = {d["id"] for d in store.documents()}
    assert {"first", "0", "nul", "dup", "last", "portland-pepper-balls.txt"} <= stored
    assert store.document("dup").text.count("Phoenix") == 1  # the first 'dup' stands
    assert "\x00" not in store.document("nul").text and store.document("nul").title == "ab"
    assert store.incident_rows() and all(r["sources"] for r in store.incident_rows())
    assert ingest_paths(store, [str(feed)]).unchanged == 5  # a re-run goes through the same way


def peak_rss_mb(code: str) -> tuple[float, str]:
    """Run ``code`` in a fresh interpreter; its peak resident memory in MB and its output."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.strip().splitlines()
    return float(lines[-1]), "\n".join(lines[:-1])


READ_AND_MEASURE = """
from encounters.ingest import read_paths
for item in read_paths([{path!r}]):
    print(type(item).__name__, str(item)[:300])
# the high-water mark of this process's own memory (ru_maxrss would count the forking parent's)
print(next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024)
"""


def test_a_one_line_200_mb_jsonl_is_refused_without_being_read_whole(tmp_path):
    big = tmp_path / "one-line.jsonl"
    with big.open("w") as f:
        f.write('{"id": "huge", "text": "')
        chunk = "a" * (1 << 20)
        for _ in range(200):
            f.write(chunk)
        f.write('"}\n' + json.dumps({"id": "after", "text": GOOD}) + "\n")
    baseline, _ = peak_rss_mb(READ_AND_MEASURE.format(path=str(SAMPLES / "wire-briefs.jsonl")))
    peak, out = peak_rss_mb(READ_AND_MEASURE.format(path=str(big)))
    assert f"one-line.jsonl:1: line is over the {MAX_LINE_BYTES / 1e6:.0f} MB limit" in out
    assert "Document" in out.splitlines()[-1]  # the next line still reads
    assert peak - baseline < 40, (peak, baseline)  # never the 200 MB line


def test_a_4_gb_header_line_in_a_small_warc_gz_is_bounded_and_reported(tmp_path):
    # 1 GB of one header line, compressed to about 1 MB: the reader must stop at the header cap
    path = tmp_path / "bomb.warc.gz"
    n = 1024 ** 3
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Big: "
    warc = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/bomb\r\n"
            b"WARC-Record-ID: <urn:uuid:1>\r\nContent-Type: application/http; msgtype=response\r\n"
            + f"Content-Length: {len(head) + n + 4}\r\n\r\n".encode())
    with gzip.open(path, "wb", compresslevel=1) as f:
        f.write(warc + head)
        chunk = b"a" * (64 << 20)
        for _ in range(n // len(chunk) // 16):  # 64 MB of the line, then the archive ends
            f.write(chunk)
    peak, out = peak_rss_mb(READ_AND_MEASURE.format(path=str(path)))
    assert "record 1: a header line is over the 64 KB limit" in out and "empty" not in out
    assert peak < 150, peak


def test_utf16_with_a_bom_reads_with_encoding_utf16(tmp_path):
    page = tmp_path / "utf16.txt"
    page.write_bytes((SAMPLES / "san-ysidro-border-patrol.txt").read_text().encode("utf-16"))
    docs, errors = read(page, encoding="utf-16")
    assert not errors and docs[0].text.startswith("SAN DIEGO — A U.S. Border Patrol agent")
    docs, errors = read(page)  # the byte-order mark says it, whatever --encoding says
    assert not errors and docs[0].title.startswith("Border Patrol agent shoots at vehicle")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe" + b"\x01\x00\x02\x00\x00\x00" * 100)  # control characters in UTF-16
    assert "binary" in read(binary, encoding="utf-16")[1][0]


def test_per_document_work_is_bounded_with_a_note(tmp_path, monkeypatch):
    import encounters.ingest.readers as readers
    from encounters.extract.pipeline import RuleExtractor

    cap = 20_000  # the mechanism, at a size that keeps the test quick (MAX_ANALYSED_CHARS is 100,000)
    monkeypatch.setattr(readers, "MAX_ANALYSED_CHARS", cap)
    monkeypatch.setattr(RuleExtractor, "max_chars", cap)
    assert MAX_ANALYSED_CHARS == 100_000 and MAX_HTML_CHARS == 1_000_000  # as the README states
    body = (SAMPLES / "portland-pepper-balls.txt").read_text().split("\n\n", 1)[1]
    long = tmp_path / "long.txt"
    long.write_text("Title: a very long page\nPublished: 2025-11-20\n\n" + (body + "\n\n") * (cap * 3 // len(body)))
    flat = tmp_path / "flat.html"
    sentence = "<span>The council met on Friday and talked about the budget for the parks.</span> "
    flat.write_text("<html><head><title>flat</title></head><body><div>"
                    + sentence * (MAX_HTML_CHARS * 3 // 2 // len(sentence)) + "</div></body></html>")
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    report = ingest_paths(store, [str(long), str(flat)])
    assert report.new == 2, report.errors
    notes = "\n".join(report.notes)
    assert f"long.txt: only the first {cap:,} of" in notes
    assert f"flat.html: only the first {MAX_HTML_CHARS:,} of the page's" in notes
    assert any("analysed" in n for n in store.document("long.txt").notes)
    mentions = [m for i in store.iter_incidents() for m in i.mentions if m.document_id == "long.txt"]
    assert mentions and all(m.span.end <= cap for m in mentions)
