from datetime import date

import pytest

from encounters.extract.dates import find_dates, holiday_date

FRIDAY = date(2025, 10, 31)


@pytest.mark.parametrize("phrase,expected", [
    ("on Thursday morning", date(2025, 10, 30)),
    ("Friday night", date(2025, 10, 31)),            # the day of publication
    ("last Friday", date(2025, 10, 24)),
    ("yesterday", date(2025, 10, 30)),
    ("on Oct. 30", date(2025, 10, 30)),
    ("on December 28", date(2024, 12, 28)),          # a month-day after publication is last year's
    ("June 26, 2025", date(2025, 6, 26)),
    ("6/26/2025", date(2025, 6, 26)),
    ("Halloween", date(2025, 10, 31)),
    ("three days ago", date(2025, 10, 28)),
])
def test_exact_dates_resolve_against_publication(phrase, expected):
    found = find_dates(f"It happened {phrase}.", FRIDAY)
    assert [d.day for d in found] == [expected]


def test_holidays_and_windows():
    new_year = date(2026, 1, 2)
    assert find_dates("shot on New Year's Eve", new_year)[0].day == date(2025, 12, 31)
    assert find_dates("the day after Thanksgiving", date(2016, 11, 29))[0].day == date(2016, 11, 25)
    last_week = find_dates("was shot last week", FRIDAY)[0]
    assert (last_week.lo, last_week.hi, last_week.exact) == (date(2025, 10, 20), date(2025, 10, 26), False)
    assert holiday_date("Memorial Day", 2025) == date(2025, 5, 26)
    assert holiday_date("Labor Day", 2025) == date(2025, 9, 1)


def test_spans_point_at_the_expression():
    text = "Police said the man was shot Tuesday evening near the park."
    (d,) = find_dates(text, date(2025, 3, 6))
    assert text[d.start:d.end] == "Tuesday evening" and d.day == date(2025, 3, 4)


def test_ages_and_scores_are_not_dates():
    assert find_dates("Ruiz, 34, was shot. The Wild won 3-2.", FRIDAY) == []


def test_a_month_named_alone_is_a_window_before_publication():
    (d,) = find_dates("charged in the January shooting deaths of four women", date(2013, 4, 2))
    assert (d.lo, d.hi, d.exact, d.rule) == (date(2013, 1, 1), date(2013, 1, 31), False, "month_window")
    (d,) = find_dates("the shooting last December", date(2013, 4, 2))
    assert (d.lo, d.hi) == (date(2012, 12, 1), date(2012, 12, 31))
    assert find_dates("it may be weeks before charges", date(2013, 4, 2)) == []
