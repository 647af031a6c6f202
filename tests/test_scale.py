"""The scaled synthetic network (popdash.dev.scale) at small scales: every table valid against
data/schema.toml (columns, types, required values, unique keys, references, allowed codes,
limits), sizes in proportion to the scale, and the `sample --scale` command."""
import re

import pandas as pd
import pytest

from popdash.cli import main
from popdash.dev import COMMANDS
from popdash.data import reference as ref, store
from popdash.data.schema import load_schema
from popdash.dev.scale import OTHER_MUNICIPALITIES, ROWS_PER_UNIT, dimensions, generate_scaled

SEED = 7


@pytest.fixture(scope="module", params=[2, 5])
def scaled(request):
    return request.param, generate_scaled(request.param, SEED)


def as_written(name, frame):
    """The table as it would be stored (types cast to the schema), back as pandas."""
    return store.to_arrow(name, frame).to_pandas()


def test_every_table_has_the_schema_columns(scaled):
    _, tables = scaled
    schema = load_schema()
    assert set(tables) == set(schema)
    for name, table in schema.items():
        assert list(tables[name].columns) == table.column_names, name
        as_written(name, tables[name])  # casts to the declared types without error


def test_required_values_keys_codes_and_limits(scaled):
    _, tables = scaled
    for name, table in load_schema().items():
        frame = as_written(name, tables[name])
        assert not frame.duplicated(list(table.key)).any(), f"{name}: duplicate key"
        for column in table.columns:
            values = frame[column.name]
            if column.required:
                assert values.notna().all(), f"{name}.{column.name}: missing required values"
            present = values.dropna()
            if column.allowed:
                assert set(present) <= set(column.allowed), f"{name}.{column.name}: code not allowed"
            if column.min is not None:
                assert (present >= column.min).all(), f"{name}.{column.name} below {column.min}"
            if column.max is not None:
                assert (present <= column.max).all(), f"{name}.{column.name} above {column.max}"


def test_references_are_valid(scaled):
    _, tables = scaled
    for name, table in load_schema().items():
        for column in table.columns:
            if column.references:
                target, key = column.references.split(".")
                missing = set(tables[name][column.name].dropna()) - set(tables[target][key])
                assert not missing, f"{name}.{column.name}: {sorted(missing)[:5]} not in {target}"


def test_sizes_follow_the_scale(scaled):
    scale, tables = scaled
    years, munis = dimensions(scale)
    assert len(tables["municipalities"]) == munis
    assert abs(len(tables["attendance"]) / (ROWS_PER_UNIT * scale) - 1) < 0.3
    event_years = pd.to_datetime(tables["events"].event_date).dt.year
    assert event_years.nunique() == years and event_years.max() == 2025
    # Each year, every member municipality has council meetings and at least one workshop.
    members = tables["memberships"]
    meetings = tables["meetings"].assign(year=pd.to_datetime(tables["meetings"].meeting_date).dt.year)
    for year in range(2025 - years + 1, 2026):
        active = set(members[(members.start_year <= year) & (members.end_year >= year)].municipality_code)
        assert set(meetings[meetings.year == year].municipality_code) == active


def test_a_person_keeps_sex_and_role_across_events(scaled):
    _, tables = scaled
    people = tables["attendance"].groupby("participant_code", observed=True)[["sex", "role"]].nunique()
    assert (people <= 1).all().all()


def test_generation_is_deterministic():
    first, second = generate_scaled(2, SEED), generate_scaled(2, SEED)
    for name in first:
        pd.testing.assert_frame_equal(first[name], second[name], check_dtype=False)


def test_the_61_municipalities():
    assert dimensions(1) == (3, 12) and dimensions(1000) == (10, 61)
    codes = [m[0] for m in ref.MUNICIPALITIES] + [m[0] for m in OTHER_MUNICIPALITIES]
    assert len(codes) == len(set(codes)) == 61
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in codes)
    lat, lon = load_schema()["municipalities"].column("seat_lat"), load_schema()["municipalities"].column("seat_lon")
    for code, name, definite, county, y, x in OTHER_MUNICIPALITIES:
        assert lat.min <= y <= lat.max and lon.min <= x <= lon.max, code
        assert re.fullmatch(r"AL-(0[1-9]|1[0-2])", county), code
    names = [m[1] for m in OTHER_MUNICIPALITIES]
    assert {"Gjirokastër", "Kuçovë", "Këlcyrë", "Fushë-Arrëz", "Malësi e Madhe"} <= set(names)


def test_sample_command_writes_a_scaled_version(tmp_path, capsys):
    assert main(["sample", "--scale", "2", "--seed", str(SEED), "--data-dir", str(tmp_path)], modules=COMMANDS) == 0
    assert store.current_version(tmp_path) == "sample-x2"
    manifest = store.read_manifest(root=tmp_path)
    assert manifest["scale"] == 2 and manifest["sample"] is True
    attendance = store.read_table("attendance", root=tmp_path)
    assert len(attendance) == len(generate_scaled(2, SEED)["attendance"])
    assert "attendance" in capsys.readouterr().out
