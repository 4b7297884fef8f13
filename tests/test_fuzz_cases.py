"""Inputs the fuzzer (``make fuzz``, scripts/fuzz_readers.py) found, kept in the CI suite: each file
in tests/fixtures/fuzz must read as documents that keep the readers' contract, or as clear errors,
and store on both backends."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from encounters.jobs import ingest_paths
from encounters.store import open_store

CASES = sorted((Path(__file__).parent / "fixtures" / "fuzz").iterdir())
spec = importlib.util.spec_from_file_location("fuzz_readers", Path(__file__).parents[1] / "scripts" / "fuzz_readers.py")
fuzz_readers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fuzz_readers)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_case_the_fuzzer_found_keeps_the_readers_contract(case):
    fuzz_readers.check_file(case)


def test_the_cases_the_fuzzer_found_store_on_both_backends(db_url):
    report = ingest_paths(open_store(db_url), [str(c) for c in CASES])
    assert report.documents + len(report.errors) >= len(CASES)  # stored, or refused with a message
