"""The peers the dashboard is measured against (issue 13): for the headline figures and the
slowest page's queries, the same figure computed three other ways straight on the raw parquet
files of a data version, as a competent user of each tool would write it:

* **DuckDB**: plain SQL over `read_parquet` on a plain connection (`popdash/dev/bench_sql/`, bound
  parameters; the app never loads that folder), no derived tables;
* **pandas** as its documentation recommends: `read_parquet` with `columns=` (projection),
  pyarrow `filters=` (row-group and row filtering in the reader) and Arrow dtypes
  (`dtype_backend="pyarrow"`);
* **Polars** lazy: `pl.scan_parquet` with the filters in the plan (predicate and projection
  pushdown), several results collected together (`pl.collect_all`). Polars is a test extra:
  where it is not installed the column is skipped with a note.

Every implementation returns a `Result` (row key -> column -> number) for exactly the figure the
dashboard shows: the same year and the same municipalities. `check` compares each with the
dashboard's named query before anything is timed (`tests/test_bench_peers.py` does the same on
the sample and a generated network).

This module imports only the standard library at the top, so that a cold run in a new process
(`popdash.dev.bench_cold`) loads only the library the implementation under test needs.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parent / "bench_sql"
PARAMETER = re.compile(r"\$([a-z_][a-z0-9_]*)")
# The eight headline figures in the card's order (popdash.views.key_figures.KEY_FIGURE_NAMES; a test
# checks they agree: metrics imports pandas, which a cold Polars or DuckDB run must not load).
KEY_FIGURES = ("municipalities_monitored", "meetings_monitored", "reports_published", "citizen_workshops",
               "public_forums", "candidates_engaged", "unique_participants", "people_reached")
YOUNG = ("15-17", "18-29")
PEERS = ("duckdb", "pandas", "polars")
IMPLEMENTATIONS = ("ours",) + PEERS
LABELS = {
    "ours": "the dashboard's named query",
    "duckdb": "DuckDB SQL on the raw parquet",
    "pandas": "pandas (columns=, filters=, Arrow dtypes)",
    "polars": "Polars lazy (scan_parquet, pushdown)",
}

Result = dict  # row key ("" for a single row) -> {column: float or None}


@dataclass(frozen=True)
class Task:
    """One figure or set of figures of a page, as the dashboard computes it and as the peers do."""
    name: str
    label: str
    page: str
    query: str                  # the dashboard's named query (queries/<query>.sql)
    sql: str                    # the DuckDB peer (popdash/dev/bench_sql/<sql>)
    columns: tuple[str, ...]    # the numbers compared
    by_year: bool = False       # the named query returns every year: the row of the year is compared
    key: str | None = None      # row key column (None: a single row)
    figure: str | None = None   # a single key figure: the named query's other columns are ignored


TASKS = {
    "key_figures": Task(
        "key_figures", "the eight key figures, one year, every chosen municipality (the card)",
        "pages/overview.py", "key_figures_by_year", "key_figures_year.sql", KEY_FIGURES, by_year=True),
    "key_figures_by_municipality": Task(
        "key_figures_by_municipality", "the eight key figures, one year, per municipality",
        "pages/overview.py", "key_figures_by_municipality", "key_figures_year_by_municipality.sql", KEY_FIGURES,
        key="municipality_code"),
    "participation_shares": Task(
        "participation_shares", "unique participants, women and young at their latest event, one year",
        "pages/results.py", "participation_shares_by_year", "participation_shares_year.sql",
        ("unique_participants", "women", "young", "share_women", "share_young"), by_year=True),
    "priorities_addressed": Task(
        "priorities_addressed", "social-contract priorities addressed by the end of one year",
        "pages/results.py", "results_priorities_addressed_by_year", "priorities_addressed_year.sql",
        ("priorities_assessed", "priorities_fully", "priorities_partly", "priorities_not_addressed",
         "priorities_addressed_share", "priorities_weighted_score", "municipalities"), by_year=True),
}
FIGURE_TASKS = {
    f: Task(f"figure:{f}", f"key figure {f}, one year", "pages/overview.py", "key_figures_by_year",
            f"figures/{f}.sql", (f,), by_year=True, figure=f)
    for f in KEY_FIGURES
}


def task(name: str) -> Task:
    return TASKS.get(name) or FIGURE_TASKS[name.removeprefix("figure:")]


@dataclass
class Context:
    """Where the data is and which view: a version directory, a year, the chosen municipalities."""
    directory: Path
    year: int
    municipalities: list[str]
    con: object = None          # a plain DuckDB connection kept between warm runs
    extra: dict = field(default_factory=dict)

    def file(self, table: str) -> Path:
        return Path(self.directory) / f"{table}.parquet"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:  # exclusive
        return dt.date(self.year + 1, 1, 1)


def available(peer: str) -> bool:
    """Is the library of a peer installed? (Polars is a test extra.)"""
    import importlib.util

    module = {"duckdb": "duckdb", "pandas": "pandas", "polars": "polars", "ours": "duckdb"}[peer]
    return importlib.util.find_spec(module) is not None


def number(value) -> float | None:
    if value is None:
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def single(values: dict) -> Result:
    return {"": {k: number(v) for k, v in values.items()}}


# ---------------------------------------------------------------- the dashboard


def ours_result(t: Task, frame, year: int) -> Result:
    """The named query's answer, in the shape of the peers' (the year's row, or every row)."""
    if t.by_year:
        frame = frame[frame["year"] == year]
        if frame.empty:
            return {}
    if t.key is None:
        row = frame.iloc[0]
        return single({c: row[c] for c in t.columns})
    return {str(r[t.key]): {c: number(r[c]) for c in t.columns} for r in frame.to_dict("records")}


def ours_parameters(t: Task, ctx: Context) -> dict:
    from popdash.data import db

    needed = db.query_parameters(t.query)
    params = {"year": ctx.year, "municipalities": list(ctx.municipalities)}
    return {k: v for k, v in params.items() if k in needed}


# ---------------------------------------------------------------- DuckDB on the raw parquet


@lru_cache(maxsize=None)
def sql_text(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


def sql_parameters(name: str) -> set[str]:
    text = "\n".join(line.split("--", 1)[0] for line in sql_text(name).splitlines())
    return set(PARAMETER.findall(text))


def duckdb_peer(t: Task, ctx: Context) -> Result:
    import duckdb

    con = ctx.con if ctx.con is not None else duckdb.connect()
    values = {"year": ctx.year, "municipalities": list(ctx.municipalities)}
    params = {}
    for name in sql_parameters(t.sql):
        params[name] = str(ctx.file(name.removesuffix("_file"))) if name.endswith("_file") else values[name]
    cursor = con.cursor()
    try:
        cursor.execute(sql_text(t.sql), params)
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    finally:
        cursor.close()
        if ctx.con is None:
            con.close()
    if t.key is None:
        return single({c: rows[0][names.index(c)] for c in t.columns}) if rows else {}
    return {str(r[names.index(t.key)]): {c: number(r[names.index(c)]) for c in t.columns} for r in rows}


# ---------------------------------------------------------------- pandas, as its documentation recommends


def pd_read(ctx: Context, table: str, columns: list[str], filters: list | None = None):
    """read_parquet with a projection, pyarrow filters and Arrow dtypes."""
    import pandas as pd

    return pd.read_parquet(ctx.file(table), columns=columns, filters=filters or None, dtype_backend="pyarrow")


def in_year(column: str, ctx: Context, municipalities: bool = True) -> list[tuple]:
    """pyarrow filters: the year as a date range (row groups outside it are skipped), and the
    chosen municipalities."""
    filters = [(column, ">=", ctx.start), (column, "<", ctx.end)]
    return filters + ([("municipality_code", "in", list(ctx.municipalities))] if municipalities else [])


def pd_attendance(ctx: Context, event_ids, columns: list[str]):
    """Attendance at the given events (a filter in the reader; an empty frame for no events)."""
    ids = list(event_ids)
    if not ids:
        return pd_read(ctx, "attendance", columns).iloc[0:0]
    return pd_read(ctx, "attendance", columns, [("event_id", "in", ids)])


def pandas_figure(figure: str, ctx: Context):
    """One key figure with pandas."""
    if figure in ("municipalities_monitored", "meetings_monitored"):
        meetings = pd_read(ctx, "meetings", ["municipality_code"], in_year("meeting_date", ctx))
        return meetings.municipality_code.nunique() if figure == "municipalities_monitored" else len(meetings)
    if figure == "reports_published":
        return len(pd_read(ctx, "reports", ["municipality_code"], in_year("published_date", ctx)))
    if figure in ("citizen_workshops", "public_forums"):
        kind = "workshop" if figure == "citizen_workshops" else "forum"
        return len(pd_read(ctx, "events", ["event_id"], in_year("event_date", ctx) + [("event_type", "==", kind)]))
    if figure == "candidates_engaged":
        return pd_read(ctx, "candidates", ["candidate_code"], in_year("engagement_date", ctx)).candidate_code.nunique()
    if figure == "unique_participants":
        events = pd_read(ctx, "events", ["event_id"], in_year("event_date", ctx))
        return pd_attendance(ctx, events.event_id, ["participant_code"]).participant_code.nunique()
    if figure == "people_reached":
        return pd_read(ctx, "outreach", ["people_reached"], in_year("month", ctx)).people_reached.sum()
    raise KeyError(figure)


def pandas_key_figures(ctx: Context) -> Result:
    meetings = pd_read(ctx, "meetings", ["municipality_code"], in_year("meeting_date", ctx))
    reports = pd_read(ctx, "reports", ["municipality_code"], in_year("published_date", ctx))
    events = pd_read(ctx, "events", ["event_id", "event_type"], in_year("event_date", ctx))
    candidates = pd_read(ctx, "candidates", ["candidate_code"], in_year("engagement_date", ctx))
    attendance = pd_attendance(ctx, events.event_id, ["participant_code"])
    outreach = pd_read(ctx, "outreach", ["people_reached"], in_year("month", ctx))
    return single({
        "municipalities_monitored": meetings.municipality_code.nunique(),
        "meetings_monitored": len(meetings),
        "reports_published": len(reports),
        "citizen_workshops": (events.event_type == "workshop").sum(),
        "public_forums": (events.event_type == "forum").sum(),
        "candidates_engaged": candidates.candidate_code.nunique(),
        "unique_participants": attendance.participant_code.nunique(),
        "people_reached": outreach.people_reached.sum(),
    })


def pandas_key_figures_by_municipality(ctx: Context) -> Result:
    import pandas as pd

    meetings = pd_read(ctx, "meetings", ["municipality_code"], in_year("meeting_date", ctx))
    reports = pd_read(ctx, "reports", ["municipality_code"], in_year("published_date", ctx))
    events = pd_read(ctx, "events", ["event_id", "municipality_code", "event_type"], in_year("event_date", ctx))
    candidates = pd_read(ctx, "candidates", ["municipality_code", "candidate_code"], in_year("engagement_date", ctx))
    attendance = pd_attendance(ctx, events.event_id, ["event_id", "participant_code"])
    outreach = pd_read(ctx, "outreach", ["municipality_code", "people_reached"], in_year("month", ctx))
    visits = attendance.merge(events[["event_id", "municipality_code"]], on="event_id")
    chosen = pd.Index(sorted(ctx.municipalities), name="municipality_code")
    table = pd.DataFrame({
        "meetings_monitored": meetings.groupby("municipality_code").size(),
        "reports_published": reports.groupby("municipality_code").size(),
        "citizen_workshops": events[events.event_type == "workshop"].groupby("municipality_code").size(),
        "public_forums": events[events.event_type == "forum"].groupby("municipality_code").size(),
        "candidates_engaged": candidates.groupby("municipality_code").candidate_code.nunique(),
        "unique_participants": visits.groupby("municipality_code").participant_code.nunique(),
        "people_reached": outreach.groupby("municipality_code").people_reached.sum(),
    }).reindex(chosen).fillna(0)
    table["municipalities_monitored"] = (table.meetings_monitored > 0).astype(int)
    return {code: {c: number(v) for c, v in row.items() if c in KEY_FIGURES}
            for code, row in table.to_dict("index").items()}


def pandas_participation_shares(ctx: Context) -> Result:
    events = pd_read(ctx, "events", ["event_id", "event_date"], in_year("event_date", ctx))
    attendance = pd_attendance(ctx, events.event_id, ["event_id", "participant_code", "sex", "age_band"])
    # each person once, as recorded at their latest event of the year (date, then event id)
    persons = (attendance.merge(events, on="event_id").sort_values(["event_date", "event_id"])
               .drop_duplicates("participant_code", keep="last"))
    people, women, young = len(persons), int((persons.sex == "F").sum()), int(persons.age_band.isin(YOUNG).sum())
    return single({"unique_participants": people, "women": women, "young": young,
                   "share_women": women / people if people else None, "share_young": young / people if people else None})


def pandas_priorities_addressed(ctx: Context) -> Result:
    assessed = pd_read(ctx, "assessments", ["priority_id", "status", "assessed_date"], [("assessed_date", "<", ctx.end)])
    assessed = assessed.merge(pd_read(ctx, "priorities", ["priority_id", "contract_id"]), on="priority_id")
    contracts = pd_read(ctx, "social_contracts", ["contract_id", "municipality_code", "signed_date"],
                        [("signed_date", "<", ctx.end), ("municipality_code", "in", list(ctx.municipalities))])
    contracts = contracts[contracts.contract_id.isin(assessed.contract_id)]
    current = contracts.sort_values(["signed_date", "contract_id"]).drop_duplicates("municipality_code", keep="last")
    latest = (assessed[assessed.contract_id.isin(current.contract_id)].sort_values("assessed_date")
              .drop_duplicates("priority_id", keep="last"))
    return priority_counts(len(latest), int((latest.status == "full").sum()), int((latest.status == "partial").sum()),
                           int((latest.status == "none").sum()), current.municipality_code.nunique())


def priority_counts(assessed: int, full: int, partial: int, none: int, municipalities: int) -> Result:
    return single({
        "priorities_assessed": assessed, "priorities_fully": full, "priorities_partly": partial,
        "priorities_not_addressed": none,
        "priorities_addressed_share": (full + partial) / assessed if assessed else None,
        "priorities_weighted_score": (full + 0.5 * partial) / assessed if assessed else None,
        "municipalities": municipalities,
    })


# ---------------------------------------------------------------- Polars, lazy


def pl_scan(ctx: Context, table: str):
    import polars as pl

    return pl.scan_parquet(ctx.file(table))


def pl_in_year(column: str, ctx: Context, municipalities: bool = True):
    import polars as pl

    predicate = (pl.col(column) >= ctx.start) & (pl.col(column) < ctx.end)
    return predicate & pl.col("municipality_code").is_in(list(ctx.municipalities)) if municipalities else predicate


def polars_figure_frame(figure: str, ctx: Context):
    """One key figure as a lazy frame of one row and one column."""
    import polars as pl

    if figure in ("municipalities_monitored", "meetings_monitored"):
        meetings = pl_scan(ctx, "meetings").filter(pl_in_year("meeting_date", ctx))
        return meetings.select((pl.col("municipality_code").n_unique() if figure == "municipalities_monitored"
                                else pl.len()).alias(figure))
    if figure == "reports_published":
        return pl_scan(ctx, "reports").filter(pl_in_year("published_date", ctx)).select(pl.len().alias(figure))
    if figure in ("citizen_workshops", "public_forums"):
        kind = "workshop" if figure == "citizen_workshops" else "forum"
        return (pl_scan(ctx, "events").filter(pl_in_year("event_date", ctx) & (pl.col("event_type") == kind))
                .select(pl.len().alias(figure)))
    if figure == "candidates_engaged":
        return (pl_scan(ctx, "candidates").filter(pl_in_year("engagement_date", ctx))
                .select(pl.col("candidate_code").n_unique().alias(figure)))
    if figure == "unique_participants":
        events = pl_scan(ctx, "events").filter(pl_in_year("event_date", ctx)).select("event_id")
        return (pl_scan(ctx, "attendance").join(events, on="event_id", how="semi")
                .select(pl.col("participant_code").n_unique().alias(figure)))
    if figure == "people_reached":
        return (pl_scan(ctx, "outreach").filter(pl_in_year("month", ctx))
                .select(pl.col("people_reached").sum().alias(figure)))
    raise KeyError(figure)


def polars_figure(figure: str, ctx: Context):
    return polars_figure_frame(figure, ctx).collect().item()


def polars_key_figures(ctx: Context) -> Result:
    import polars as pl

    frames = pl.collect_all([polars_figure_frame(f, ctx) for f in KEY_FIGURES])
    return single({f: frame.item() for f, frame in zip(KEY_FIGURES, frames)})


def polars_key_figures_by_municipality(ctx: Context) -> Result:
    import polars as pl

    code = "municipality_code"
    events = pl_scan(ctx, "events").filter(pl_in_year("event_date", ctx))
    parts = [
        pl_scan(ctx, "meetings").filter(pl_in_year("meeting_date", ctx)).group_by(code).agg(meetings_monitored=pl.len()),
        pl_scan(ctx, "reports").filter(pl_in_year("published_date", ctx)).group_by(code).agg(reports_published=pl.len()),
        events.group_by(code).agg(citizen_workshops=(pl.col("event_type") == "workshop").sum(),
                                  public_forums=(pl.col("event_type") == "forum").sum()),
        pl_scan(ctx, "candidates").filter(pl_in_year("engagement_date", ctx))
        .group_by(code).agg(candidates_engaged=pl.col("candidate_code").n_unique()),
        pl_scan(ctx, "attendance").join(events.select("event_id", code), on="event_id")
        .group_by(code).agg(unique_participants=pl.col("participant_code").n_unique()),
        pl_scan(ctx, "outreach").filter(pl_in_year("month", ctx)).group_by(code).agg(people_reached=pl.col("people_reached").sum()),
    ]
    table = pl.LazyFrame({code: sorted(ctx.municipalities)})
    for part in parts:
        table = table.join(part, on=code, how="left")
    table = (table.with_columns(pl.exclude(code).fill_null(0))
             .with_columns(municipalities_monitored=(pl.col("meetings_monitored") > 0).cast(pl.Int64)).collect())
    return {row[code]: {c: number(row[c]) for c in KEY_FIGURES} for row in table.iter_rows(named=True)}


def polars_participation_shares(ctx: Context) -> Result:
    import polars as pl

    events = pl_scan(ctx, "events").filter(pl_in_year("event_date", ctx)).select("event_id", "event_date")
    order = ["event_date", "event_id"]
    persons = (pl_scan(ctx, "attendance").select("event_id", "participant_code", "sex", "age_band")
               .join(events, on="event_id")
               .group_by("participant_code")
               .agg(pl.col("sex").sort_by(order).last(), pl.col("age_band").sort_by(order).last()))
    row = persons.select(unique_participants=pl.len(), women=(pl.col("sex") == "F").sum(),
                         young=pl.col("age_band").is_in(list(YOUNG)).sum()).collect().row(0, named=True)
    people = row["unique_participants"]
    return single({**row, "share_women": row["women"] / people if people else None,
                   "share_young": row["young"] / people if people else None})


def polars_priorities_addressed(ctx: Context) -> Result:
    import polars as pl

    assessed = (pl_scan(ctx, "assessments").filter(pl.col("assessed_date") < ctx.end)
                .select("priority_id", "status", "assessed_date")
                .join(pl_scan(ctx, "priorities").select("priority_id", "contract_id"), on="priority_id"))
    contracts = (pl_scan(ctx, "social_contracts")
                 .filter((pl.col("signed_date") < ctx.end) & pl.col("municipality_code").is_in(list(ctx.municipalities)))
                 .join(assessed.select("contract_id"), on="contract_id", how="semi"))
    # within a group, rows keep their order: after the sort, last() is the latest signed contract
    current = contracts.sort(["signed_date", "contract_id"]).group_by("municipality_code").agg(pl.col("contract_id").last())
    latest = (assessed.join(current, on="contract_id").sort("assessed_date")
              .group_by("priority_id").agg(pl.col("status").last(), pl.col("municipality_code").first()))
    row = latest.select(assessed=pl.len(), full=(pl.col("status") == "full").sum(),
                        partial=(pl.col("status") == "partial").sum(), none=(pl.col("status") == "none").sum(),
                        municipalities=pl.col("municipality_code").n_unique()).collect().row(0, named=True)
    return priority_counts(row["assessed"], row["full"], row["partial"], row["none"], row["municipalities"])


PANDAS = {"key_figures": pandas_key_figures, "key_figures_by_municipality": pandas_key_figures_by_municipality,
          "participation_shares": pandas_participation_shares, "priorities_addressed": pandas_priorities_addressed}
POLARS = {"key_figures": polars_key_figures, "key_figures_by_municipality": polars_key_figures_by_municipality,
          "participation_shares": polars_participation_shares, "priorities_addressed": polars_priorities_addressed}


def run_peer(peer: str, t: Task, ctx: Context) -> Result:
    """A peer's answer to a task."""
    if peer == "duckdb":
        return duckdb_peer(t, ctx)
    if t.figure is not None:
        value = pandas_figure(t.figure, ctx) if peer == "pandas" else polars_figure(t.figure, ctx)
        return single({t.figure: value})
    return (PANDAS if peer == "pandas" else POLARS)[t.name](ctx)


# ---------------------------------------------------------------- the same numbers?


def only(result: Result, columns) -> Result:
    return {key: {c: row.get(c) for c in columns} for key, row in result.items()}


def differences(ours: Result, peer: Result, columns, limit: int = 5) -> list[str]:
    """Where a peer's numbers differ from ours (empty: the same). Counts must be equal; shares
    equal to 1e-9."""
    out = []
    for key in sorted(set(ours) | set(peer)):
        a, b = ours.get(key), peer.get(key)
        if a is None or b is None:
            out.append(f"{key or 'row'}: {'missing in peer' if b is None else 'not in ours'}")
            continue
        for c in columns:
            x, y = a.get(c), b.get(c)
            if x is None and y is None:
                continue
            if x is None or y is None or not math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12):
                out.append(f"{key + ' ' if key else ''}{c}: ours {x}, peer {y}")
        if len(out) >= limit:
            break
    return out[:limit]
