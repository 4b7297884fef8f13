"""Cleaning and flagging of article text.

In: raw article text as a reader decoded it (plain text, or the main text trafilatura found in
HTML). Out: the text to store — HTML entities decoded, boilerplate lines and navigation runs
removed, whitespace tidied — plus the header metadata of plain-text files and the sponsored /
opinion flags. Everything here is deterministic and keeps sentences verbatim: a quote that
stands in the original still stands in the stored text.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from encounters.core.model import INVISIBLE

# Lines that are page furniture, not reporting. Matched against a whole stripped line.
_BOILERPLATE_LINE = re.compile(
    r"""^(?:
        please\ follow\ (?:and|&)\ like\ us:?|follow\ us(?:\ on\ \w+)?|like\ us\ on\ facebook
      | share\ (?:this|this\ article|this\ story|on\ \w+|via\ \w+)?:?|tweet|email|print|pin\ it
      | click\ to\ (?:share|email|print)\b.*|(?:share|post)\ (?:to|on)\ (?:facebook|twitter|x|reddit|linkedin).*
      | advertisement|sponsored\ links?|skip\ to\ (?:main\ )?content|subscribe(?:\ now)?|sign\ in|log\ in
      | sign\ up\ for\ (?:our|the)\ .{0,60}newsletters?\.?|(?:read|see)\ more:?|related(?:\ (?:stories|articles|coverage))?:?
      | copyright\ ©?.{0,80}|©.{0,80}|all\ rights\ reserved\.?|comments?|\d+\ comments?|leave\ a\ (?:comment|reply)
      | (?:facebook|twitter|x|linkedin|reddit|whatsapp|instagram|youtube|telegram)(?:\s*[|·•]\s*\w+)*
      | back\ to\ top|menu|search|home|close|loading\.*|trending(?:\ now)?
    )$""",
    re.I | re.X,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});", re.I)
_HEADER_LINE = re.compile(
    r"^(title|headline|published|date|updated|author|authors|byline|by|url|link|source|outlet|site|publisher)"
    r"\s*[:=]?\s+(.+)$", re.I)
_SPONSORED = re.compile(
    r"\b(?:sponsored(?:\ content|\ post|\ article|\ by)?|paid\ (?:content|post|for\ by)|advertorial|partner\ content"
    r"|presented\ by|brand\ ?studio|promoted\ content|this\ (?:content|article|story)\ (?:was|is)\ (?:paid\ for|produced|brought\ to\ you)"
    r"\ (?:by|in\ partnership\ with))\b", re.I | re.X)
_SPONSORED_WORDS = ("sponsor", "paid", "advertorial", "partner", "presented", "brand", "promoted", "produced",
                    "brought")  # every match of _SPONSORED holds one
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")  # İ ı ſ K: the letters re.I matches with an ASCII one
_OPINION = re.compile(
    r"^(?:opinion|op-ed|commentary|editorial|column|analysis\ and\ opinion|letters?\ to\ the\ editor|guest\ (?:column|essay|opinion))\b"
    r"|\bthe\ views\ expressed\ (?:here|in\ this\ (?:article|column|piece))\ (?:are|do\ not)\b", re.I | re.X)
_VIEWS_DISCLAIMER = re.compile(r"\bthe views expressed\b.{0,80}\b(?:author|writer)", re.I)
_VIEWS_PHRASE = re.compile(r"the views expressed", re.I)  # every disclaimer holds it
_OPINION_URL = re.compile(r"/(?:opinion|opinions|op-ed|oped|commentary|editorials?|columns?|letters)/", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'&.-]*")
_CAPITAL_WORD = re.compile(r"(?<![A-Za-z'&.-])[A-Z][A-Za-z'&.-]*")  # the words of _WORD that start with a capital
_BLANKS = re.compile(r"[ \t]+")
_GLUED = re.compile(rf"(?<=\w)[{INVISIBLE}]+(?=\w)")  # inside a word: dropped, the word is one word
_EDGES = re.compile(rf"^[\s{INVISIBLE}]+|[\s{INVISIBLE}]+$")  # at a line's ends: dropped with the blanks
_CAPITALS = bytes(range(ord("A"), ord("Z") + 1))  # the letters a word of _CAPITAL_WORD starts with
_SENTENCE_CHUNK = re.compile(r"[^.!?]+(?:[.!?]+[\"'”’)]*\s*|$)")
_FUNCTION_WORDS = frozenset(
    "a an the of in on at to for from by with and or but was were is are be been has had have he she they it "
    "that this who which said says after before when while as into over than".split())


@dataclass
class Header:
    """Metadata read from the leading ``Key: value`` block of a plain-text article."""

    fields: dict[str, str] = field(default_factory=dict)
    length: int = 0  # characters of the raw text the header block took


def decode_entities(text: str) -> str:
    """Decode HTML character references (``&amp;``, ``&#x27;``) that scraped text keeps."""
    return html.unescape(text) if _ENTITY.search(text) else text


def split_header(text: str) -> Header:
    """Read a leading block of ``Title:`` / ``Published:`` / ``date YYYY-MM-DD`` lines.

    The block ends at the first blank line or the first line that is not a header line; it is
    only taken as a header when its first line is one.
    """
    header = Header()
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if not stripped:
            if header.fields:
                pos += len(line)
            break
        m = _HEADER_LINE.match(stripped)
        if not m or len(stripped) > 500:
            break
        key = m.group(1).lower()
        key = {"headline": "title", "updated": "updated", "authors": "byline", "author": "byline", "by": "byline",
               "link": "url", "site": "outlet", "source": "outlet", "publisher": "outlet"}.get(key, key)
        if key == "date":
            key = "published"
        header.fields.setdefault(key, m.group(2).strip())
        pos += len(line)
    if not header.fields:
        return Header()
    header.length = pos
    return header


_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?"
          r"|Nov(?:ember)?|Dec(?:ember)?)\.?")
# A page's publication stamp near its top: "Published Jun 10, 2025", "By Jane Roe Nov. 2, 2025, 5:30 a.m.",
# "Jan. 16, 2026, 4:24 PM EST / Updated …"; a date in the story ("on Sept. 26, 2025.") is none.
_PAGE_STAMP = re.compile(
    rf"(?:\b(?:Published|Posted|Updated)(?:\s+on)?:?\s+(?:[^.\n]{{0,30}}?,?\s+)?(?P<a>{_MONTH}\s+\d{{1,2}},\s+20\d\d)"
    rf"|\bBy\s+(?:[A-Z][\w.'’-]*\s+){{1,4}}(?:and\s+(?:[A-Z][\w.'’-]*\s+){{1,4}})?(?P<b>{_MONTH}\s+\d{{1,2}},\s+20\d\d)"
    rf"|(?<![Oo]n\ )(?<!at\ )(?<!of\ )(?<!since\ )(?<!by\ )(?P<c>{_MONTH}\s+\d{{1,2}},\s+20\d\d),?\s+\d{{1,2}}:\d{{2}}\s*(?:[AaPp]\.?[Mm]\b))")
PAGE_STAMP_REACH = 3000  # characters from the top of a page where its stamp stands
_TITLE_LINE = re.compile(r"^[^\n]{15,250}$")


def find_page_date(text: str) -> str | None:
    """The publication stamp near the top of a scraped page that came without a header, as written."""
    m = _PAGE_STAMP.search(text[:PAGE_STAMP_REACH])
    return (m.group("a") or m.group("b") or m.group("c")) if m else None


def find_title_line(text: str) -> str | None:
    """A headline on the first line of a page that came without a header: a line of its own, a few
    words, not ending like a sentence ("Who is David Huerta, the labor leader arrested in LA? | CNN")."""
    first, _, rest = text.partition("\n")
    first = first.strip()
    if not rest.strip() or not _TITLE_LINE.match(first) or len(first.split()) < 4 or first[-1] in ".\"”:,;":
        return None
    return first


def is_navigation_run(chunk: str) -> bool:
    """A run of menu labels: many words, mostly capitalised, almost no function words."""
    # 12 words or more, over 70% of them capitalised: at least 9 capitalised words, so at least 9 capital
    # letters (counted on the UTF-8 bytes, where only an ASCII letter is a byte in A-Z). Prose stops here.
    raw = chunk.encode("utf-8", "surrogatepass")
    if len(raw) - len(raw.translate(None, _CAPITALS)) < 9:
        return False
    capitals = len(_CAPITAL_WORD.findall(chunk))
    if capitals < 9:
        return False
    words = _WORD.findall(chunk)
    if len(words) < 12 or capitals <= 0.7 * len(words):
        return False
    function = sum(1 for w in words if w.lower() in _FUNCTION_WORDS)
    return function / len(words) < 0.12


def strip_navigation(line: str) -> str:
    """Drop navigation runs from a long one-line page, keeping the sentences verbatim."""
    if len(line) < 400:
        return line
    kept = [chunk for chunk in _SENTENCE_CHUNK.findall(line) if chunk.strip() and not is_navigation_run(chunk)]
    return "".join(kept).strip()


def clean_text(text: str) -> str:
    """The text to store: entities decoded, boilerplate lines and navigation runs removed."""
    text = decode_entities(text).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = text.replace("\x0c", "\n")
    if any(c in text for c in INVISIBLE):
        text = _GLUED.sub("", text)
    text = _CONTROL.sub("", text)  # NUL and other control characters are no part of a sentence
    out: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and (stripped[0] in INVISIBLE or stripped[-1] in INVISIBLE):
            stripped = _EDGES.sub("", stripped)
        if stripped and (_BOILERPLATE_LINE.match(stripped) or is_navigation_run(stripped)):
            continue
        if "  " in stripped or "\t" in stripped:  # else every run of blanks is one space already
            stripped = _BLANKS.sub(" ", stripped)
        stripped = strip_navigation(stripped)
        if stripped or (out and out[-1]):
            out.append(stripped)
    return "\n".join(out).strip()


def detect_sponsored(title: str | None, text: str) -> bool:
    """Sponsored / paid / partner content, from labels in the title or the first and last lines."""
    head = "\n".join(text.split("\n", 3)[:3])
    tail = "\n".join(text.rsplit("\n", 3)[-3:])
    return any(may_be_labelled(part) and _SPONSORED.search(part) for part in (title, head, tail) if part)


def may_be_labelled(part: str) -> bool:
    """False where ``_SPONSORED`` cannot match: none of the words one of its matches holds is in the text
    (lower-cased, which is how ``re.I`` reads an ASCII letter, unless a letter it also reads as one stands)."""
    if not part.isascii() and any(c in part for c in _FOLDS_TO_ASCII):
        return True
    low = part.lower()
    return any(word in low for word in _SPONSORED_WORDS)


def detect_opinion(title: str | None, text: str, url: str | None) -> bool:
    """Opinion pieces: a label on the title or first line, an opinion path, a views disclaimer."""
    first = text.lstrip().split("\n", 1)[0]
    if _OPINION.search((title or "").strip()) or _OPINION.search(first):
        return True
    if url and _OPINION_URL.search(url):
        return True
    end = text[-1500:]
    return bool(_VIEWS_PHRASE.search(end) and _VIEWS_DISCLAIMER.search(end))  # the phrase first: rare, and cheap
