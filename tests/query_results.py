"""Fingerprints of every named query's result on fixed datasets and views, so a change of the
code around the queries (a move, a new layer) can be checked to return the same results.

The fingerprints were taken before the package was reorganised into layers and are kept in
tests/golden/named_queries.json. Rewrite them only when a query is meant to answer differently:

    python -m tests.query_results --write
"""
from __future__ import annotations

import hashlib
import json
import sys
from datetime import date
from pathlib import Path

import pandas as pd

GOLDEN = Path(__file__).resolve().parent / "golden" / "named_queries.json"
SCALED_SEED = 20260
TODAY = date(2026, 1, 15)  # data_freshness and monitoring_gaps count days to "today"


def datasets() -> dict:
    """The sample as shipped, and a generated network at five times the sample."""
    from popdash.dev.sample import generate
    from popdash.dev.scale import generate_scaled

    return {"sample": generate, "scale5": lambda: generate_scaled(5, SCALED_SEED)}


def views(codes: list[str], years: list[int]) -> dict[str, dict]:
    """Three views a user picks: the default, one municipality in the first year, and a few
    municipalities with the other choices a page offers."""
    common = {"lang": "sq", "today": TODAY, "dimension": "sex", "search": "", "statuses": ["none", "partial", "full"]}
    return {
        "latest_all": {**common, "year": years[-1], "municipalities": codes},
        "first_one": {**common, "year": years[0], "municipalities": codes[:1], "dimension": "age_band",
                      "search": "a", "statuses": ["full"]},
        "middle_some": {**common, "year": years[len(years) // 2], "municipalities": codes[::3], "dimension": "role",
                        "lang": "en", "statuses": ["partial", "none"]},
    }


def fingerprint(frame: pd.DataFrame) -> dict:
    """Columns, row count and a digest of the values in the order returned (floats to 9 digits)."""
    text = frame.to_csv(index=False, float_format="%.9g", date_format="%Y-%m-%d %H:%M:%S", lineterminator="\n")
    return {"columns": list(frame.columns), "rows": len(frame), "sha256": hashlib.sha256(text.encode()).hexdigest()}


def scalar(db, sql: str):
    """One value from the current version, through the query layer's own connection."""
    from popdash.data import store

    path = store.version_dir()
    cursor = db.connection(path, db.data_token(path)).cursor()
    try:
        return cursor.execute(sql).fetchall()
    finally:
        cursor.close()


def fingerprints_of_current(db, rubric: dict) -> dict:
    """Every named query in every view, on the data version the query layer reads now."""
    codes = [r[0] for r in scalar(db, "select municipality_code from municipalities order by 1")]
    years = [r[0] for r in scalar(db, "select distinct year(meeting_date) from meetings order by 1")]
    extra = {"cycle_end": scalar(db, "select max(cast(split_part(cycle, '-', 2) as integer)) from social_contracts")[0][0],
             "report": scalar(db, "select report_id from reports order by published_date desc, report_id limit 1")[0][0],
             **rubric}
    out = {}
    for view, params in views(codes, years).items():
        for name in db.query_names():
            out[f"{view}/{name}"] = fingerprint(db.run(name, **params, **extra))
    return out


def compute(root: Path) -> dict:
    """Fingerprints for every dataset, each written as a version under `root`."""
    import os

    from popdash.data import db
    from popdash.data import store
    from popdash.data.schema import load_schema
    from popdash.views.transparency import rubric_params

    result = {}
    for label, make in datasets().items():
        os.environ["POPDASH_DATA_DIR"] = str(root / label)
        db.clear_cache()
        frames = make()
        store.write_version({t: frames[t] for t in load_schema()}, {"sample": True, "source": "tests"},
                            root=root / label, version=label)
        result[label] = fingerprints_of_current(db, rubric_params())
    db.clear_cache()
    return result


if __name__ == "__main__":
    import tempfile

    if "--write" not in sys.argv:
        sys.exit("usage: python -m tests.query_results --write")
    with tempfile.TemporaryDirectory() as tmp:
        computed = compute(Path(tmp))
    GOLDEN.parent.mkdir(exist_ok=True)
    GOLDEN.write_text(json.dumps(computed, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {sum(len(v) for v in computed.values())} fingerprints to {GOLDEN}")
