"""Derived tables written with each data version: checked by hand on a small network, and
against the same queries computed without them (a version written before they existed)."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from conftest import write_dataset
from popdash.data import db, derived, store
from popdash.dev import bench
from popdash.exports import spreadsheets


@pytest.fixture
def three_people(data_root):
    """2025, Tiranë and Durrës. P1 attends W1 (TIR, 1 March, as 18-29) and W2 (DUR, 5 March,
    as 30-44); P2 attends W1 only; P3 attends W2 and D1 (DUR, 1 June), recorded M then F."""
    munis = pd.DataFrame({
        "municipality_code": ["TIR", "DUR"], "name_sq": ["Tiranë", "Durrës"], "name_sq_definite": ["Tirana", "Durrësi"],
        "name_en": ["Tirana", "Durrës"], "county_code": ["AL-11", "AL-02"], "seat_lat": [41.3, 41.3],
        "seat_lon": [19.8, 19.4], "population": [598176, 155002],
    })
    events = pd.DataFrame({
        "event_id": ["W1", "W2", "D1"], "municipality_code": ["TIR", "DUR", "DUR"],
        "event_date": [date(2025, 3, 1), date(2025, 3, 5), date(2025, 6, 1)],
        "event_type": ["workshop", "workshop", "dialogue"], "title": ["a", "b", "c"],
    })
    attendance = pd.DataFrame({
        "event_id": ["W1", "W2", "W1", "W2", "D1"],
        "participant_code": ["P1", "P1", "P2", "P3", "P3"],
        "sex": ["F", "F", "M", "M", "F"], "age_band": ["18-29", "30-44", "45-64", "65+", "65+"],
        "role": ["citizen", "cso", "citizen", "citizen", "media"],
    })
    write_dataset(data_root, {"municipalities": munis, "events": events, "attendance": attendance})
    return data_root


def table(name: str) -> pd.DataFrame:
    return pd.read_parquet(store.version_dir() / f"{name}.parquet")


def test_every_version_holds_its_derived_tables_without_participant_codes(three_people):
    for name in derived.DERIVED_TABLES:
        assert "participant_code" not in table(name).columns, name
    assert len(table("visits")) == 5
    assert table("visits").person_id.nunique() == 3
    # The number standing for a person is as personal as the code: no export lets it out.
    with pytest.raises(ValueError):
        spreadsheets.to_csv_bytes(table("people"))


def test_people_by_hand(three_people):
    people = table("people").sort_values(["municipality_code", "latest_event_seq"])
    # P1 in both municipalities, P2 in Tiranë, P3 in Durrës (two visits, latest at D1 as F, media).
    assert sorted(people.municipality_count.tolist()) == [1, 1, 2, 2]
    p3 = people[(people.municipality_code == "DUR") & (people.visits == 2)].iloc[0]
    assert (p3.sex, p3.age_band, p3.role, bool(p3.ever_female)) == ("F", "65+", "media", True)
    groups = table("people_groups")
    # Only people seen in one municipality are pre-counted: P2 in TIR, P3 in DUR.
    assert sorted(zip(groups.municipality_code, groups.sex, groups.people)) == [("DUR", "F", 1), ("TIR", "M", 1)]


def test_figures_by_hand(three_people):
    both = ["TIR", "DUR"]
    shares = db.run("participation_shares_by_year", municipalities=both).iloc[0]
    # P1 (latest W2: F, 30-44), P2 (M, 45-64), P3 (latest D1: F, 65+): 3 people, 2 women, 0 young.
    assert (shares.unique_participants, shares.women, shares.young) == (3, 2, 0)
    tirana = db.run("participation_shares_by_year", municipalities=["TIR"]).iloc[0]
    # In Tiranë alone P1's latest event is W1, where P1 was 18-29.
    assert (tirana.unique_participants, tirana.women, tirana.young) == (2, 1, 1)
    roles = db.run("participants_by_group", year=2025, municipalities=both, dimension="role")
    assert dict(zip(roles.group_code, roles.participants)) == {"citizen": 1, "cso": 1, "media": 1}
    summary = db.run("attendance_summary_by_municipality", year=2025, municipalities=both)
    assert summary.set_index(summary.municipality_code.fillna("ALL")).unique_participants.to_dict() == {
        "DUR": 2, "TIR": 2, "ALL": 3}
    assert int(db.run("key_figures_by_year", municipalities=both).unique_participants.iloc[0]) == 3
    by_type = db.run("events_by_municipality_type", year=2025, municipalities=["DUR"]).set_index("event_type")
    assert by_type.loc["workshop", ["events", "visits", "unique_participants"]].tolist() == [1, 2, 2]
    by_event = db.run("attendance_by_event")
    w1 = by_event[by_event.event_id == "W1"]
    assert w1[["dimension", "group", "participants"]].values.tolist()[:3] == [
        ["total", "all", 2], ["sex", "F", 1], ["sex", "M", 1]]


def every_query(version_params: dict) -> dict[str, pd.DataFrame]:
    results = {}
    for name in db.query_names():
        bound = bench.bind(name, version_params)
        if bound is not None:
            results[name] = db.run(name, **bound)
    return results


def test_a_version_written_before_the_derived_tables_gives_the_same_results(sample_root):
    params = bench.typical_parameters()
    with_tables = every_query(params)
    for name in derived.DERIVED_TABLES:
        (store.version_dir() / f"{name}.parquet").unlink()
    db.clear_cache()
    without = every_query(params)
    assert with_tables.keys() == without.keys() and len(with_tables) > 30
    for name, frame in with_tables.items():
        pd.testing.assert_frame_equal(frame, without[name], obj=name)


def test_an_import_links_what_it_did_not_change_and_matches_a_full_write(sample_root):
    """Importing events and attendance writes those two tables and the derived tables that read
    them; every other file is the base version's own (a hard link), and every named query gives
    what a version written in full from the same tables gives."""
    from ingest_files import ATTENDANCE_KEYS, EVENT_KEYS, headers, xlsx
    from popdash.ingest import importer
    from popdash.ingest.record_types import record_type

    base = store.current_version()
    workbook = xlsx({
        record_type("events").sheet_name: [headers("events", EVENT_KEYS),
                                           ["SHK-E-2025-901", "Shkodër", "14 maj 2025", "forum", "Forum i ri"]],
        record_type("attendance").sheet_name: [headers("attendance", ATTENDANCE_KEYS),
                                               ["SHK-E-2025-901", "P-NEW-1", "F", "18-29", "citizen"]]})
    plan = importer.prepare([("month.xlsx", workbook)], root=sample_root)
    assert plan.ok, [(p.key, p.row, p.column) for p in plan.errors]
    assert {t for t, c in plan.changes.items() if c.touched} == {"events", "attendance"}
    version = importer.commit(plan, "test", root=sample_root)
    old, new = store.version_dir(base), store.version_dir(version)

    def shared(name):
        return (old / f"{name}.parquet").stat().st_ino == (new / f"{name}.parquet").stat().st_ino

    rewritten = {"events", "attendance"} | derived.affected({"events", "attendance"})
    assert rewritten == {"events", "attendance", "visits", "people", "people_groups", "event_attendance", "yearly_events"}
    names = [*store.load_schema(), *derived.DERIVED_TABLES]
    assert {n for n in names if not shared(n)} == rewritten

    params = bench.typical_parameters()
    db.clear_cache()
    incremental = every_query(params)
    frames = {name: store.read_table(name) for name in store.load_schema()}
    write_dataset(sample_root, frames, version="full")  # no base: every table written again
    db.clear_cache()
    full = every_query(params)
    assert incremental.keys() == full.keys() and len(full) > 30
    for name, frame in incremental.items():
        pd.testing.assert_frame_equal(frame, full[name], obj=name)


def test_the_build_order_puts_every_table_after_the_tables_it_reads():
    """The order is read from queries/derived/*.sql: every file is in it, once, after each
    derived table its SQL reads."""
    assert sorted(derived.DERIVED_TABLES) == sorted(p.stem for p in derived.DERIVED_DIR.glob("*.sql"))
    assert len(set(derived.DERIVED_TABLES)) == len(derived.DERIVED_TABLES)
    for position, name in enumerate(derived.DERIVED_TABLES):
        read = derived.inputs(name) & set(derived.DERIVED_TABLES)
        assert read <= set(derived.DERIVED_TABLES[:position]), f"{name} reads {read} but comes before them"
    # What the SQL says today, so a parser that found nothing would not pass the loop above.
    assert derived.inputs("people_groups") == {"people"} and derived.inputs("people") == {"visits"}
    assert derived.inputs("visits") == {"attendance", "events"}
    assert derived.inputs("observation_counts") == {"observations"}


def test_the_order_is_alphabetical_among_tables_ready_together():
    assert derived.build_order({"c": [], "b": ["c"], "a": ["b", "events"], "d": []}) == ("c", "b", "a", "d")
    assert derived.build_order({"b": [], "a": [], "c": ["a"]}) == ("a", "b", "c")
    assert derived.build_order({}) == ()


def test_a_cycle_is_an_error_naming_its_tables():
    with pytest.raises(derived.DependencyCycle) as caught:
        derived.build_order({"a": ["b"], "b": ["c"], "c": ["a"], "d": [], "e": ["a"]})
    assert caught.value.tables == ("a", "b", "c")
    assert "a -> b -> c -> a" in str(caught.value)
    with pytest.raises(derived.DependencyCycle, match="people -> people"):
        derived.build_order({"people": ["people"], "visits": []})


def test_dependencies_are_read_from_the_sql_files(tmp_path):
    (tmp_path / "first.sql").write_text("select * from events -- not from second\n", encoding="utf-8")
    (tmp_path / "second.sql").write_text(
        "with third as (select 1 as x)\n"           # its own CTE, not the derived table third
        "select 'from third' as label, * from first join third on true", encoding="utf-8")
    (tmp_path / "third.sql").write_text("/* join second */ select * from first as f, events", encoding="utf-8")
    assert derived.dependencies(tmp_path) == {"first": frozenset(), "second": {"first"}, "third": {"first"}}
    assert derived.build_order(derived.dependencies(tmp_path)) == ("first", "second", "third")
    (tmp_path / "first.sql").write_text("select * from third", encoding="utf-8")
    with pytest.raises(derived.DependencyCycle, match="first -> third -> first"):
        derived.build_order(derived.dependencies(tmp_path))


@pytest.fixture
def two_contract_cycles(data_root):
    """Tiranë: contract TIR-2019 (signed 1 April 2019; priorities T19-1, T19-2) and TIR-2023
    (28 April 2023; T23-1, T23-2, T23-3); Durrës: DUR-2023 (10 May 2023; D-1, D-2). Assessed
    on 15 September: 2022 T19-1 partial, T19-2 none; 2023 T19-1 full; 2024 T23-1 partial,
    T23-2 none; 2025 T23-1 full, T23-2 partial, T23-3 none, D-1 full. D-2 is never assessed."""
    munis = pd.DataFrame({
        "municipality_code": ["TIR", "DUR"], "name_sq": ["Tiranë", "Durrës"], "name_sq_definite": ["Tirana", "Durrësi"],
        "name_en": ["Tirana", "Durrës"], "county_code": ["AL-11", "AL-02"], "seat_lat": [41.3, 41.3],
        "seat_lon": [19.8, 19.4], "population": [598176, 155002],
    })
    contracts = pd.DataFrame({
        "contract_id": ["TIR-2019", "TIR-2023", "DUR-2023"], "municipality_code": ["TIR", "TIR", "DUR"],
        "cycle": ["2019-2023", "2023-2027", "2023-2027"], "signatory_role": ["mayor_candidate"] * 3,
        "signatory": [None] * 3, "signed_date": [date(2019, 4, 1), date(2023, 4, 28), date(2023, 5, 10)],
        "signed_when": ["before_election"] * 3,
    })
    priorities = pd.DataFrame({
        "priority_id": ["T19-1", "T19-2", "T23-1", "T23-2", "T23-3", "D-1", "D-2"],
        "contract_id": ["TIR-2019"] * 2 + ["TIR-2023"] * 3 + ["DUR-2023"] * 2,
        "pillar": ["infrastructure", "social", "infrastructure", "governance", "economy", "social", "economy"],
        "text_sq": list("abcdefg"),
    })
    rows = [("T19-1", 2022, "partial"), ("T19-2", 2022, "none"), ("T19-1", 2023, "full"),
            ("T23-1", 2024, "partial"), ("T23-2", 2024, "none"),
            ("T23-1", 2025, "full"), ("T23-2", 2025, "partial"), ("T23-3", 2025, "none"), ("D-1", 2025, "full")]
    assessments = pd.DataFrame({
        "priority_id": [r[0] for r in rows], "assessed_date": [date(r[1], 9, 15) for r in rows],
        "status": [r[2] for r in rows], "evidence": [None] * len(rows), "source": ["document"] * len(rows),
    })
    write_dataset(data_root, {"municipalities": munis, "social_contracts": contracts, "priorities": priorities,
                              "assessments": assessments})
    return data_root


COUNTS = ["priorities_assessed", "priorities_fully", "priorities_partly", "priorities_not_addressed"]


def test_contract_status_counts_by_hand(two_contract_cycles):
    counts = table("contract_status_counts")
    # Rows for each year with an assessment x each contract assessed by then x its pillars:
    # 2022 and 2023 TIR-2019 (2 pillars); 2024 also TIR-2023 (3); 2025 also DUR-2023 (2).
    assert len(counts) == 2 + 2 + 5 + 7
    assert list(zip(counts.year, counts.municipality_code, counts.contract_id, counts.pillar))[:4] == [
        (2022, "TIR", "TIR-2019", "infrastructure"), (2022, "TIR", "TIR-2019", "social"),
        (2023, "TIR", "TIR-2019", "infrastructure"), (2023, "TIR", "TIR-2019", "social")]  # sorted
    current = counts[counts.current_at_year_end].groupby(["year", "municipality_code", "contract_id"])[
        ["priorities", *COUNTS]].sum()
    assert {k: tuple(int(v) for v in row) for k, row in zip(current.index, current.values)} == {
        (2022, "TIR", "TIR-2019"): (2, 2, 0, 1, 1),
        # TIR-2023 is signed but not assessed yet: the old cycle's final standing still counts.
        (2023, "TIR", "TIR-2019"): (2, 2, 1, 0, 1),
        # T23-3 is first assessed in 2025; Durrës has no assessment before 2025 (no rows).
        (2024, "TIR", "TIR-2023"): (3, 2, 0, 1, 1),
        (2025, "TIR", "TIR-2023"): (3, 3, 1, 1, 1),
        (2025, "DUR", "DUR-2023"): (2, 1, 1, 0, 0),  # D-2, never assessed, is written but not assessed
    }
    # The old contract keeps its rows once replaced, not marked current.
    old = counts[(counts.year == 2025) & (counts.contract_id == "TIR-2019")]
    assert old.pillar.tolist() == ["infrastructure", "social"] and not old.current_at_year_end.any()
    # A pillar none of whose priorities is assessed yet: counted among the priorities only.
    economy = counts[(counts.year == 2024) & (counts.contract_id == "TIR-2023") & (counts.pillar == "economy")].iloc[0]
    assert [int(economy[c]) for c in ["priorities", *COUNTS]] == [1, 0, 0, 0, 0]
    assert pd.isna(economy.last_assessed)
    infrastructure = counts[(counts.year == 2023) & (counts.pillar == "infrastructure")].iloc[0]
    assert pd.Timestamp(infrastructure.last_assessed) == pd.Timestamp(2023, 9, 15)


def test_contract_status_counts_equal_the_counts_over_priority_status(two_contract_cycles):
    status = table("priority_status")
    # The same counts straight from priority_status (and priorities for the unassessed ones).
    contracts = status[["year", "contract_id"]].drop_duplicates()
    every = contracts.merge(table("priorities")[["priority_id", "contract_id", "pillar"]], on="contract_id").merge(
        status[["year", "priority_id", "status", "assessed_date"]], on=["year", "priority_id"], how="left")
    expected = every.groupby(["year", "contract_id", "pillar"]).agg(
        priorities=("priority_id", "size"), priorities_assessed=("status", "count"),
        priorities_fully=("status", lambda s: (s == "full").sum()),
        priorities_partly=("status", lambda s: (s == "partial").sum()),
        priorities_not_addressed=("status", lambda s: (s == "none").sum())).astype("int64")
    got = table("contract_status_counts").set_index(["year", "contract_id", "pillar"])
    pd.testing.assert_frame_equal(got[expected.columns].astype("int64").sort_index(), expected.sort_index())
    # The current contract: the latest signed by the end of the year among those with rows.
    signed = status[pd.to_datetime(status.signed_date).dt.year <= status.year]
    chosen = (signed.drop_duplicates(["year", "municipality_code", "contract_id"])
              .sort_values(["signed_date", "contract_id"]).groupby(["year", "municipality_code"]).contract_id.last())
    marked = got[got.current_at_year_end].reset_index()[["year", "municipality_code", "contract_id"]].drop_duplicates()
    assert sorted(map(tuple, marked.values.tolist())) == sorted((y, m, c) for (y, m), c in chosen.items())

    # The Results page's network row adds the chosen municipalities' counts up.
    both = db.run("results_priorities_addressed_by_year", municipalities=["TIR", "DUR"]).set_index("year")
    assert both.loc[2025, [*COUNTS, "municipalities"]].tolist() == [4, 2, 1, 1, 2]
    assert both.loc[2025, "priorities_addressed_share"] == 0.75
    assert both.loc[2025, "priorities_weighted_score"] == 0.625
    durres = db.run("results_priorities_addressed_by_year", municipalities=["DUR"])
    assert durres[["year", *COUNTS]].values.tolist() == [[2025, 1, 1, 0, 0]]
    # The scorecard's contract and pillars for one year, through the macro contract_standing.
    by_municipality = db.run("priorities_addressed_by_municipality", year=2024, municipalities=["TIR", "DUR"])
    tirana, durres = by_municipality.set_index("municipality_code").loc[["TIR", "DUR"]].to_dict("records")
    assert (tirana["contract_id"], tirana["priorities"], tirana["assessed"], tirana["fully"], tirana["partly"],
            tirana["not_addressed"]) == ("TIR-2023", 3, 2, 0, 1, 1)
    assert pd.Timestamp(tirana["last_assessed"]) == pd.Timestamp(2024, 9, 15) and tirana["share_addressed"] == 0.5
    assert pd.isna(durres["contract_id"]) and durres["priorities"] == 0  # no assessment in Durrës by 2024
    # 2026 has no assessment: the standing at the end of 2025.
    pillars = db.run("priorities_addressed_by_pillar", year=2026, municipalities=["TIR", "DUR"])
    assert pillars[["municipality_code", "pillar", "priorities", "assessed", "fully", "partly"]].values.tolist() == [
        ["DUR", "economy", 1, 0, 0, 0], ["DUR", "social", 1, 1, 1, 0],
        ["TIR", "economy", 1, 1, 0, 0], ["TIR", "governance", 1, 1, 0, 1], ["TIR", "infrastructure", 1, 1, 1, 0]]
    assert pd.isna(pillars.share_addressed.iloc[0]) and pillars.share_addressed.iloc[1] == 1.0
