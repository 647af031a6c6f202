"""Reading while an import replaces the data: a reader sees the old data or the new data,
never a mix, and the several queries of one page run (pinned to one data version, as
popdash.app.shell.Context does) agree with each other."""
from __future__ import annotations

import shutil
import threading
from dataclasses import fields

import pandas as pd
import pytest

from conftest import write_dataset
from popdash.app.shell import Context
from popdash.data import db, store
from popdash.i18n import Translator

YEAR = 2025
ALL = ("TIR", "DUR", "ELB", "SHK", "VLO", "FIE", "KOR", "KUK", "PUK", "VDE", "KAM", "POG")
WRITES = 8          # more than store.KEEP_VERSIONS, so old versions are pruned while readers run
READERS = 3


def variant_b(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The sample with twice the outreach and Tirana's 2025 council meetings left out: two
    tables differ, so a page mixing versions would show figures from both."""
    out = dict(frames)
    out["outreach"] = frames["outreach"].assign(people_reached=frames["outreach"].people_reached * 2)
    meetings = frames["meetings"]
    tirana_2025 = (meetings.municipality_code == "TIR") & (pd.to_datetime(meetings.meeting_date).dt.year == YEAR)
    out["meetings"] = meetings[~tirana_2025].reset_index(drop=True)
    observations = frames["meeting_observations"]  # and their observations: no orphan rows
    out["meeting_observations"] = observations[observations.meeting_id.isin(out["meetings"].meeting_id)]
    return out


def expected_figures(frames: dict[str, pd.DataFrame]) -> tuple[int, int]:
    """(people reached, meetings monitored) in YEAR, computed by hand from the frames."""
    outreach = frames["outreach"]
    people = int(outreach[pd.to_datetime(outreach.month).dt.year == YEAR].people_reached.sum())
    meetings = int((pd.to_datetime(frames["meetings"].meeting_date).dt.year == YEAR).sum())
    return people, meetings


@pytest.fixture
def variants(data_root, sample_frames):
    frames = {"A": sample_frames, "B": variant_b(sample_frames)}
    expected = {name: expected_figures(f) for name, f in frames.items()}
    assert expected["A"] == (129_466, 120) and expected["B"][0] == 2 * 129_466 and expected["B"][1] < 120
    write_dataset(data_root, frames["A"], version="start-A")
    return frames, expected


def context_for(version: str) -> Context:
    """What popdash.app.shell.build_context makes for one run: the version read once, then pinned.
    (Fields added to Context later get an empty value of their type.)"""
    known = {"lang": "sq", "year": YEAR, "chosen": (), "municipalities": ALL, "all_codes": ALL, "version": version,
             "t": Translator("sq"), "names": {}, "is_sample": False}
    empty = {"str": "", "int": 0, "bool": False, "dict[str, str]": {}}
    return Context(**{f.name: known.get(f.name, empty.get(str(f.type), ())) for f in fields(Context)})


def page_figures(ctx: Context) -> tuple[tuple[int, int], tuple[int, int]]:
    """Two queries of one page run: the network's figures, and the sum over municipalities."""
    by_year = ctx.run("key_figures_by_year")
    row = by_year[by_year.year == YEAR].iloc[0]
    by_place = ctx.run("key_figures_by_municipality")
    return ((int(row.people_reached), int(row.meetings_monitored)),
            (int(by_place.people_reached.sum()), int(by_place.meetings_monitored.sum())))


def test_readers_see_old_or_new_data_never_a_mix(data_root, variants):
    frames, expected = variants
    done = threading.Event()
    seen, errors = [], []

    def writer():
        try:
            for i in range(WRITES):
                name = "B" if i % 2 == 0 else "A"
                store.write_version(frames[name], {"variant": name}, root=data_root)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(f"writer: {error!r}")
        finally:
            done.set()

    def reader(pinned: bool):
        reads = 0
        while not done.is_set() or reads < 3:
            try:
                version = store.current_version()
                variant = store.read_manifest(version).get("variant", "A")
                if pinned:
                    network, summed = page_figures(context_for(version))
                    seen.append((variant, network, summed))
                else:  # no version given: the query reads CURRENT itself
                    by_year = db.run("key_figures_by_year", municipalities=list(ALL))
                    row = by_year[by_year.year == YEAR].iloc[0]
                    seen.append((None, (int(row.people_reached), int(row.meetings_monitored)), None))
            except Exception as error:  # noqa: BLE001
                errors.append(f"reader: {error!r}")
                return
            reads += 1

    threads = [threading.Thread(target=writer)]
    threads += [threading.Thread(target=reader, args=(i > 0,)) for i in range(READERS)]  # one unpinned
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert len(seen) >= READERS * 3
    for variant, network, summed in seen:
        if variant is None:
            assert network in expected.values(), f"unpinned read gave {network}, not A or B {expected}"
        else:
            assert network == expected[variant], f"version of variant {variant} gave {network}"
            assert summed == expected[variant], f"second query of the same run gave {summed}, first {network}"
    assert store.read_manifest(store.current_version()).get("variant") == "A"
    # Old versions are pruned, except those retired a moment ago (a page may still read them).
    settled = [v for v in store.list_versions(data_root) if not store.recently_retired(data_root / "versions" / v)]
    assert len(settled) <= store.KEEP_VERSIONS


def test_current_is_never_half_written(data_root, variants):
    """CURRENT always names a complete version (it is replaced in one rename)."""
    frames, _ = variants
    stop = threading.Event()
    bad = []

    def watch():
        while not stop.is_set():
            version = store.current_version()
            if not version or not (data_root / "versions" / version / "manifest.json").exists():
                bad.append(version)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for name in "BABA":
            store.write_version(frames[name], {"variant": name}, root=data_root)
    finally:
        stop.set()
        watcher.join(timeout=30)
    # A version pruned right after the watcher read CURRENT would show up here too: with
    # KEEP_VERSIONS >= 2 the version CURRENT named a moment ago is never the one pruned.
    assert not bad, bad


def test_a_pinned_run_survives_pruning(data_root, variants):
    frames, expected = variants
    ctx = context_for(store.current_version())
    assert page_figures(ctx)[0] == expected["A"]
    store.write_version(frames["B"], {"variant": "B"}, root=data_root)
    store.prune_versions(data_root, keep=1)  # what every import does with POPDASH_KEEP_VERSIONS=1
    # The rest of the run: a query it has not made yet, on the version it is pinned to.
    events = ctx.run("events_by_month")
    assert int(events.events.sum()) == int((pd.to_datetime(frames["A"]["events"].event_date).dt.year == YEAR).sum())


@pytest.mark.xfail(reason="rewriting a version id in place (the sample command's default 'sample') moves the "
                          "old directory aside and the new one in: two renames, with a moment between them",
                   strict=False)
def test_rewriting_the_current_version_in_place_never_leaves_it_missing(data_root, variants, monkeypatch):
    frames, expected = variants
    store.write_version(frames["A"], {"variant": "A"}, root=data_root, version="sample")
    seen = []
    real_rmtree = shutil.rmtree

    def rmtree_then_read(path, *args, **kwargs):
        real_rmtree(path, *args, **kwargs)
        if str(path).endswith("/versions/sample"):
            # A page run starting right now, between the removal and the rename.
            seen.append(page_figures(context_for(store.current_version()))[0])

    monkeypatch.setattr(store.shutil, "rmtree", rmtree_then_read)
    store.write_version(frames["B"], {"variant": "B"}, root=data_root, version="sample")
    assert seen and seen[0] in (expected["A"], expected["B"])

