"""Date expressions in article text, resolved against the publication date.

In: a text (or a slice of one) and the publication date. Out: ``DateMention`` records — the
span of the expression, and the day it names or the window (``lo``, ``hi``) it allows. Absolute
dates ("Oct. 30", "June 26, 2025", "6/26/2025"), weekdays ("Friday night", "last Thursday"),
relative words ("yesterday", "last week", "earlier this month", "two days ago") and holidays
("New Year's Eve", "the day after Thanksgiving") are handled; dateparser reads the absolute
forms, and holidays come from a table because dateparser does not know them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from encounters.extract.rules import declare_all

declare_all(__name__, [
    ("absolute_date", "date", "a day named with its year", "on March 1, 2025", "candidate"),
    ("month_day_resolved_to_publication_year", "date", "a day named without a year: the publication's year (or the one before)", "on March 1", "candidate"),
    ("month_day_resolved_to_written_year", "date", "a day named without a year, in a page with no publication date: the "
     "year of the latest day the page writes out in full (or the one before)", "On January 7 (page: … January 24, 2026 …)", "candidate"),
    ("month_window", "date_range", "a month named alone is a window", "in January", "candidate"),
    ("numeric_date", "date", "a numeric date", "3/1/2025", "candidate"),
    ("iso_date", "date", "an ISO date", "2025-03-01", "candidate"),
    ("holiday_table", "date", "a holiday resolved against the publication date", "on Christmas Eve", "candidate"),
    ("holiday_weekend", "date_range", "a holiday weekend", "over the Labor Day weekend", "candidate"),
    ("weekday_before_publication", "date", "a weekday: the last such day on or before publication", "Saturday night", "candidate"),
    ("weekday_after_early_stamp", "date", "a weekday six days before publication in a report that also names the "
     "publication's day or the one before: the day after the stamp (the stamp is a day early)",
     "police met reporters Wednesday … killed Tuesday night (stamped Tuesday)", "candidate"),
    ("relative_today", "date", "today / this morning: the publication day", "early this morning", "candidate"),
    ("relative_yesterday", "date", "yesterday: the day before publication", "yesterday afternoon", "candidate"),
    ("relative_overnight", "date_range", "overnight: the night before publication", "overnight", "candidate"),
    ("days_ago", "date", "N days ago from publication", "two days ago", "candidate"),
    ("weeks_ago", "date_range", "N weeks ago from publication", "two weeks ago", "candidate"),
    ("last_week", "date_range", "last week: the week before publication's", "last week", "candidate"),
    ("last_weekend", "date_range", "last weekend", "last weekend", "candidate"),
    ("last_month", "date_range", "last month", "last month", "candidate"),
    ("last_year", "date_range", "last year", "last year", "candidate"),
    ("this_week", "date_range", "this week, up to publication", "earlier this week", "candidate"),
    ("this_month", "date_range", "this month, up to publication", "earlier this month", "candidate"),
    ("this_year", "date_range", "this year, up to publication", "this year", "candidate"),
    ("weekend", "date_range", "the weekend before publication", "over the weekend", "candidate"),
])

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "several": 3, "a few": 3, "few": 3}

_MONTH = r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
_DAYPART = r"(?:\s+(?:morning|afternoon|evening|night|overnight))?"
_HOLIDAY = (r"New Year'?s(?:\s+(?:Eve|Day))?|Christmas(?:\s+(?:Eve|Day))?|Thanksgiving(?:\s+Day)?|Halloween"
            r"|Independence Day|(?:the\s+)?Fourth of July|July Fourth|July 4th|Memorial Day|Labor Day|Valentine'?s Day"
            r"|Martin Luther King(?:\s+Jr\.?)?\s+Day|MLK Day|Presidents'? Day|Veterans Day|Juneteenth|Cinco de Mayo"
            r"|Mother'?s Day|Father'?s Day|Easter(?:\s+Sunday)?|St\.? Patrick'?s Day").replace(" ", r"\s+")
DATE_PATTERN = re.compile(
    rf"""(?P<md>{_MONTH}\s+(?P<md_day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<md_year>(?:19|20)\d\d))?)\b
      | \b(?P<dm>(?P<dm_day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<dm_year>(?:19|20)\d\d))?)\b
      | \b(?P<num>(?P<n_m>1[0-2]|0?[1-9])/(?P<n_d>3[01]|[12]\d|0?[1-9])/(?P<n_y>(?:19|20)?\d\d))\b
      | \b(?P<iso>(?P<i_y>(?:19|20)\d\d)-(?P<i_m>\d\d)-(?P<i_d>\d\d))\b
      | \b(?P<hol>(?:the\s+(?P<hol_rel>day|night|morning|weekend)\s+(?P<hol_dir>after|before)\s+)?(?P<hol_name>{_HOLIDAY}))\b
      | \b(?P<wd>(?:(?P<wd_mod>last|this|past|early|late|on)\s+)?(?P<wd_name>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)){_DAYPART}\b
      | \b(?P<mo>(?:in|last|the|since|during|early|late|mid-?)\s+(?P<mo_name>January|February|March|April|June|July|August
          |September|October|November|December|(?<=in\s)May|(?<=last\s)May)(?:\s+(?P<mo_year>(?:19|20)\d\d))?)\b(?!\s+\d)
      | \b(?P<rel>yesterday|today|tonight|this\s+(?:morning|afternoon|evening)|last\s+night|overnight|earlier\s+today
          |(?P<ago_n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a\ few)\s+(?P<ago_u>days?|weeks?|months?)\s+ago
          |last\s+(?P<last_u>week|weekend|month|year)|earlier\s+this\s+(?P<this_u>week|month|year)
          |this\s+(?P<cur_u>week|weekend|month|past\s+weekend)|over\s+the\s+weekend|the\s+past\s+weekend)\b
    """,
    re.X | re.I,
)


@dataclass(frozen=True)
class DateMention:
    """A date expression: ``day`` when one day is named, else the window ``lo``…``hi``."""

    start: int
    end: int
    text: str
    lo: date
    hi: date
    rule: str

    @property
    def day(self) -> date | None:
        return self.lo if self.lo == self.hi else None

    @property
    def exact(self) -> bool:
        return self.lo == self.hi


def month_number(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")[:4] if token.lower().startswith("sept") else token.lower().rstrip(".")[:3]]


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th (1-based; -1 for last) ``weekday`` of a month."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    return date(year, month, (h + l - 7 * m + 114) % 31 + 1)


def holiday_date(name: str, year: int) -> date | None:
    """The date of a US holiday in ``year``; None for names not in the table."""
    n = re.sub(r"[^a-z ]", "", name.lower()).replace("the ", "").strip()
    n = re.sub(r"\s+", " ", n)
    fixed = {
        "new years eve": (12, 31), "new years day": (1, 1), "new years": (1, 1), "christmas eve": (12, 24),
        "christmas day": (12, 25), "christmas": (12, 25), "halloween": (10, 31), "independence day": (7, 4),
        "fourth of july": (7, 4), "july fourth": (7, 4), "july th": (7, 4), "valentines day": (2, 14),
        "veterans day": (11, 11), "juneteenth": (6, 19), "cinco de mayo": (5, 5), "st patricks day": (3, 17),
        "saint patricks day": (3, 17),
    }
    if n in fixed:
        return date(year, *fixed[n])
    if n.startswith("thanksgiving"):
        return nth_weekday(year, 11, 3, 4)
    if n == "memorial day":
        return nth_weekday(year, 5, 0, -1)
    if n == "labor day":
        return nth_weekday(year, 9, 0, 1)
    if n.startswith("martin luther king") or n == "mlk day":
        return nth_weekday(year, 1, 0, 3)
    if n.startswith("presidents"):
        return nth_weekday(year, 2, 0, 3)
    if n == "mothers day":
        return nth_weekday(year, 5, 6, 2)
    if n == "fathers day":
        return nth_weekday(year, 6, 6, 3)
    if n.startswith("easter"):
        return easter(year)
    return None


def most_recent(day_of_year: tuple[int, int], published: date, *, slack: int = 1) -> date | None:
    """The (month, day) on or before ``published`` (+``slack`` days): this year, else last year."""
    month, day = day_of_year
    for year in (published.year, published.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= published + timedelta(days=slack):
            return candidate
    return None


@lru_cache(maxsize=4096)
def parse_absolute(expr: str) -> date | None:
    """An absolute date with a year, through dateparser."""
    import dateparser

    parsed = dateparser.parse(expr, languages=["en"], settings={"RETURN_AS_TIMEZONE_AWARE": False,
                                                                "PREFER_DAY_OF_MONTH": "first"})
    return parsed.date() if parsed else None


def month_window(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return first, last


def resolve_match(m: re.Match, published: date) -> tuple[date, date, str] | None:
    """The day or window a ``DATE_PATTERN`` match names, relative to ``published``."""
    g = m.groupdict()
    if g["md"] or g["dm"]:
        text = g["md"] or g["dm"]
        year = g["md_year"] or g["dm_year"]
        month_token = re.search(_MONTH, text, re.I).group(0)
        day = int(g["md_day"] or g["dm_day"])
        month = month_number(month_token)
        if year:
            try:
                d = date(int(year), month, day)
            except ValueError:
                d = parse_absolute(text)
            return (d, d, "absolute_date") if d else None
        d = most_recent((month, day), published)
        return (d, d, "month_day_resolved_to_publication_year") if d else None
    if g["mo"]:
        # "the January shooting", "in March 2024": the month, this year's or the last one before publication
        month = month_number(re.sub(r"\s+", "", g["mo_name"]))
        year = int(g["mo_year"]) if g["mo_year"] else (published.year if month <= published.month else published.year - 1)
        lo, hi = month_window(year, month)
        return (lo, hi, "month_window") if lo <= published else None
    if g["num"]:
        y = int(g["n_y"])
        y = y + 2000 if y < 100 else y
        try:
            d = date(y, int(g["n_m"]), int(g["n_d"]))
        except ValueError:
            return None
        return d, d, "numeric_date"
    if g["iso"]:
        try:
            d = date(int(g["i_y"]), int(g["i_m"]), int(g["i_d"]))
        except ValueError:
            return None
        return d, d, "iso_date"
    if g["hol"]:
        name = g["hol_name"]
        d = None
        for year in (published.year, published.year - 1):
            candidate = holiday_date(name, year)
            if candidate and candidate <= published + timedelta(days=1):
                d = candidate
                break
        if d is None:
            return None
        if g["hol_rel"]:
            step = 1 if g["hol_dir"].lower() == "after" else -1
            if g["hol_rel"].lower() == "weekend":
                return d + timedelta(days=1 if step > 0 else -3), d + timedelta(days=3 if step > 0 else -1), "holiday_weekend"
            d = d + timedelta(days=step)
        return d, d, "holiday_table"
    if g["wd"]:
        weekday = WEEKDAYS[g["wd_name"].lower()]
        back = (published.weekday() - weekday) % 7
        mod = (g["wd_mod"] or "").lower()
        if mod == "last" and back == 0:
            back = 7
        d = published - timedelta(days=back)
        return d, d, "weekday_before_publication"
    rel = re.sub(r"\s+", " ", g["rel"].lower())
    if rel in ("today", "tonight", "this morning", "this afternoon", "this evening", "earlier today"):
        return published, published, "relative_today"
    if rel in ("yesterday", "last night"):
        d = published - timedelta(days=1)
        return d, d, "relative_yesterday"
    if rel == "overnight":
        return published - timedelta(days=1), published, "relative_overnight"
    if g["ago_n"]:
        n = int(g["ago_n"]) if g["ago_n"].isdigit() else NUMBER_WORDS.get(g["ago_n"].lower(), 1)
        unit = g["ago_u"].lower().rstrip("s")
        if unit == "day":
            d = published - timedelta(days=n)
            return d, d, "days_ago"
        days = 7 * n if unit == "week" else 30 * n
        return published - timedelta(days=days + 3), published - timedelta(days=max(0, days - 3)), f"{unit}s_ago"
    unit = (g["last_u"] or g["this_u"] or g["cur_u"] or "").lower()
    if g["last_u"]:
        if unit == "week":
            monday = published - timedelta(days=published.weekday() + 7)
            return monday, monday + timedelta(days=6), "last_week"
        if unit == "weekend":
            saturday = published - timedelta(days=(published.weekday() - 5) % 7 or 7)
            return saturday - timedelta(days=1), saturday + timedelta(days=1), "last_weekend"
        if unit == "month":
            prev = published.replace(day=1) - timedelta(days=1)
            return (*month_window(prev.year, prev.month), "last_month")
        return date(published.year - 1, 1, 1), date(published.year - 1, 12, 31), "last_year"
    if g["this_u"] or g["cur_u"]:
        if unit == "week":
            return published - timedelta(days=published.weekday()), published, "this_week"
        if unit == "month":
            return published.replace(day=1), published, "this_month"
        if unit == "year":
            return published.replace(month=1, day=1), published, "this_year"
    if "weekend" in rel:
        saturday = published - timedelta(days=(published.weekday() - 5) % 7)
        return saturday - timedelta(days=1), min(published, saturday + timedelta(days=1)), "weekend"
    return None


def find_dates(text: str, published: date | None, *, offset: int = 0) -> list[DateMention]:
    """Every date expression in ``text`` that resolves; ``offset`` shifts spans into a larger text.

    Without a publication date only expressions that carry their own year resolve.
    """
    out: list[DateMention] = []
    for m in DATE_PATTERN.finditer(text):
        base = published
        if base is None:
            if not (m.group("md_year") or m.group("dm_year") or m.group("num") or m.group("iso")):
                continue
            base = date.max - timedelta(days=400)
        resolved = resolve_match(m, base)
        if resolved is None:
            continue
        lo, hi, rule = resolved
        out.append(DateMention(offset + m.start(), offset + m.end(), m.group(0), lo, hi, rule))
    return out


def six_days_back(d: DateMention, published: date) -> bool:
    """A weekday read as the one six days before publication (the day after the stamp's weekday)."""
    return d.rule == "weekday_before_publication" and d.day is not None and (published - d.day).days == 6


@lru_cache(maxsize=16)
def stamp_a_day_early(text: str, published: date) -> bool:
    """Whether a report names a weekday that falls six days before its publication stamp and also the
    stamp's own day or the one before ("police met reporters Wednesday … the shooting Tuesday night",
    stamped Tuesday): written the day after its stamp, so that weekday is the day after the stamp, not
    last week's. On gva, of 157 such reports, 121 date the shooting on the stamp's day or the one before,
    9 six days before it."""
    found = find_dates(text, published)
    return any(six_days_back(d, published) for d in found) and any(d.day and 0 <= (published - d.day).days <= 1 and d.rule in (
        "weekday_before_publication", "relative_today", "relative_yesterday") for d in found)


def read_after_early_stamp(d: DateMention, text: str, published: date | None) -> DateMention:
    """``d`` as the day after the stamp where ``stamp_a_day_early`` says the report was written then."""
    if published is None or not six_days_back(d, published) or not stamp_a_day_early(text, published):
        return d
    day = published + timedelta(days=1)
    return replace(d, lo=day, hi=day, rule="weekday_after_early_stamp")
