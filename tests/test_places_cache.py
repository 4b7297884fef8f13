"""The gazetteer's US rows are kept in a cache file between runs; a bad or unwritable cache is no error."""
from __future__ import annotations

import json

from encounters.extract import places


def test_the_us_cities_are_kept_in_a_cache_file_and_a_bad_one_is_made_again(tmp_path, monkeypatch):
    monkeypatch.setenv("ENCOUNTERS_CACHE", str(tmp_path / "cache"))
    rows = places.us_city_rows()
    (cached,) = (tmp_path / "cache").iterdir()
    assert json.loads(cached.read_text()) == rows
    assert any(r[:2] == ["Chicago", "IL"] for r in rows) and all(len(r) == 5 for r in rows)
    cached.write_text('{"not": "rows"')  # truncated, as a killed writer would leave it
    assert places.us_city_rows() == rows and json.loads(cached.read_text()) == rows


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("ENCOUNTERS_CACHE", str(blocker / "cache"))
    assert any(r[:2] == ["Chicago", "IL"] for r in places.us_city_rows())
