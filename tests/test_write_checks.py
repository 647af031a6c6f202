"""Every data version a test writes is checked against data/schema.toml (tests/conftest.py,
checked_writes): the check finds each kind of problem, stops a test that writes bad data, and
lets a test marked unchecked_write write it."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import write_dataset
from popdash.data import store
from store_checks import schema_problems

MUNIS = pd.DataFrame({
    "municipality_code": ["TIR"], "name_sq": ["Tiranë"], "name_sq_definite": ["Tirana"], "name_en": ["Tirana"],
    "county_code": ["AL-11"], "seat_lat": [41.3], "seat_lon": [19.8], "population": [598176],
})


def bad_tables() -> dict[str, pd.DataFrame]:
    """A code not allowed (event_type), a key on two rows (E1), a reference to nothing (DUR).
    (A required value missing never reaches a file: store.to_arrow refuses it.)"""
    events = pd.DataFrame({
        "event_id": ["E1", "E1", "E2", "E3"], "municipality_code": ["TIR", "TIR", "DUR", "TIR"],
        "event_date": [date(2025, 3, 1)] * 4, "event_type": ["workshop", "workshop", "picnic", "forum"],
        "title": ["a", "b", "c", "d"],
    })
    return {"municipalities": MUNIS, "events": events}


def test_a_valid_write_passes_and_a_bad_one_fails_the_test(data_root):
    write_dataset(data_root, {"municipalities": MUNIS})
    assert schema_problems(store.version_dir()) == []
    with pytest.raises(AssertionError, match="breaks data/schema.toml") as caught:
        write_dataset(data_root, bad_tables(), version="bad")
    message = str(caught.value)
    for expected in ("events.event_type: codes not allowed: 'picnic'", "events.municipality_code: 'DUR' not in",
                     "events: 1 key(s) ('event_id',) on more than one row, e.g. {'event_id': 'E1'}"):
        assert expected in message


@pytest.mark.unchecked_write
def test_a_marked_test_may_write_bad_data(data_root):
    version = write_dataset(data_root, bad_tables())
    assert store.current_version() == version
    assert len(schema_problems(store.version_dir())) == 3


@pytest.mark.unchecked_write
def test_types_and_personal_codes(data_root):
    attendance = pd.DataFrame({"event_id": ["E1", "E1"], "participant_code": ["P-SECRET", "P-SECRET"], "sex": ["F"] * 2,
                               "age_band": ["18-29"] * 2, "role": ["citizen"] * 2})
    events = pd.DataFrame({"event_id": ["E1"], "municipality_code": ["TIR"], "event_date": [date(2025, 3, 1)],
                           "event_type": ["workshop"], "title": ["a"]})
    write_dataset(data_root, {"municipalities": MUNIS, "events": events, "attendance": attendance})
    folder = store.version_dir()
    # Files written by hand: a year as text (the type is reported, the values not compared), and
    # a required column declared nullable and holding a null.
    table = pq.read_table(folder / "targets.parquet")
    table = table.set_column(1, pa.field("year", pa.string()), pa.array([], pa.string()))
    pq.write_table(table, folder / "targets.parquet")
    table = pq.read_table(folder / "municipalities.parquet")
    table = table.set_column(3, pa.field("name_en", pa.string()), pa.array([None], pa.string()))
    pq.write_table(table, folder / "municipalities.parquet")
    problems = schema_problems(folder)
    assert "targets.year: type string, the schema says int64" in problems
    assert "municipalities.name_en: required, but 1 null(s) and declared nullable" in problems
    duplicate = next(p for p in problems if p.startswith("attendance:"))
    assert "P-SECRET" not in duplicate and "'event_id': 'E1'" in duplicate
