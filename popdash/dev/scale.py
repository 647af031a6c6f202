"""Synthetic network data at any scale, for benchmarks: all tables of the data model, keys valid
against data/schema.toml, about 10,000 attendance rows per unit of scale (10 million at 1000).

Scale grows the network in three directions at once: municipalities (12 at scale 1, all 61 of
Albania at 1000), years (3 at scale 1, 10 at 1000, always ending in 2025) and activity per
municipality and year. Every table whose key allows it (meetings and their observations, events,
attendance, reports and recommendations, candidates, priorities and their assessments) grows in
proportion to the scale; tables whose key is bounded by municipality, month or year
(period observations, outreach, memberships, targets) grow with the network only. Outreach
audiences grow in proportion.

Everything is drawn with numpy in whole arrays from one seeded generator; the only Python loops
run over municipality-years (at most 610) or over a handful of categories.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from popdash.data import reference as ref
from popdash.data.schema import load_schema
from popdash.dev import sample
from popdash.dev.sample import DIFFICULTY, EVENT_WEIGHT, OPENNESS, PRIORITY_TEXTS, RECOMMENDATIONS, TITLES, TREND

LAST_YEAR = 2025
# What generate_scaled() builds, in order, each announced to its progress(step, fraction) callback.
STEPS = ("meetings", "events", "attendance", "outreach", "reports", "social_contracts", "candidates", "targets",
         "outcomes")
ROWS_PER_UNIT = 10_000  # attendance rows per unit of scale
ELECTIONS = {2023: "local-2023", 2025: "parliamentary-2025"}

# The 49 municipalities of Albania outside the programme (2015 territorial reform), for the
# synthetic network: code, name, definite form, county, seat latitude and longitude (approximate).
# Population is left empty: the schema allows it where the census figure is not at hand.
OTHER_MUNICIPALITIES = [
    ("BER", "Berat", "Berati", "AL-01", 40.7058, 19.9522),
    ("DIM", "Dimal", "Dimali", "AL-01", 40.7689, 19.8778),
    ("KUC", "Kuçovë", "Kuçova", "AL-01", 40.8003, 19.9144),
    ("POL", "Poliçan", "Poliçani", "AL-01", 40.6122, 20.0981),
    ("SKR", "Skrapar", "Skrapari", "AL-01", 40.5042, 20.2272),
    ("BUL", "Bulqizë", "Bulqiza", "AL-09", 41.4917, 20.2214),
    ("DIB", "Dibër", "Dibra", "AL-09", 41.6850, 20.4289),
    ("KLO", "Klos", "Klosi", "AL-09", 41.5069, 20.0867),
    ("MAT", "Mat", "Mati", "AL-09", 41.6100, 20.0089),
    ("KRU", "Krujë", "Kruja", "AL-02", 41.5092, 19.7931),
    ("SHI", "Shijak", "Shijaku", "AL-02", 41.3456, 19.5672),
    ("BEL", "Belsh", "Belshi", "AL-03", 40.9833, 19.8833),
    ("CER", "Cërrik", "Cërriku", "AL-03", 41.0317, 19.9739),
    ("GRA", "Gramsh", "Gramshi", "AL-03", 40.8669, 20.1844),
    ("LIB", "Librazhd", "Librazhdi", "AL-03", 41.1794, 20.3172),
    ("PEQ", "Peqin", "Peqini", "AL-03", 41.0461, 19.7514),
    ("PRR", "Prrenjas", "Prrenjasi", "AL-03", 41.0667, 20.5417),
    ("DIV", "Divjakë", "Divjaka", "AL-04", 40.9964, 19.5294),
    ("LUS", "Lushnjë", "Lushnja", "AL-04", 40.9419, 19.7050),
    ("MAL", "Mallakastër", "Mallakastra", "AL-04", 40.5989, 19.7347),
    ("PAT", "Patos", "Patosi", "AL-04", 40.6833, 19.6194),
    ("ROS", "Roskovec", "Roskoveci", "AL-04", 40.7375, 19.7022),
    ("DRO", "Dropull", "Dropulli", "AL-05", 39.9500, 20.2300),
    ("GJI", "Gjirokastër", "Gjirokastra", "AL-05", 40.0758, 20.1389),
    ("KEL", "Këlcyrë", "Këlcyra", "AL-05", 40.3131, 20.1894),
    ("LBH", "Libohovë", "Libohova", "AL-05", 40.0311, 20.2631),
    ("MEM", "Memaliaj", "Memaliaji", "AL-05", 40.3519, 19.9800),
    ("PER", "Përmet", "Përmeti", "AL-05", 40.2336, 20.3517),
    ("TEP", "Tepelenë", "Tepelena", "AL-05", 40.2958, 20.0192),
    ("DEV", "Devoll", "Devolli", "AL-06", 40.6275, 20.9900),
    ("KOL", "Kolonjë", "Kolonja", "AL-06", 40.3378, 20.6789),
    ("MLQ", "Maliq", "Maliqi", "AL-06", 40.7069, 20.6997),
    ("PST", "Pustec", "Pusteci", "AL-06", 40.7800, 20.9100),
    ("HAS", "Has", "Hasi", "AL-07", 42.1967, 20.4147),
    ("TRO", "Tropojë", "Tropoja", "AL-07", 42.3575, 20.0761),
    ("KUR", "Kurbin", "Kurbini", "AL-08", 41.6353, 19.7131),
    ("LEZ", "Lezhë", "Lezha", "AL-08", 41.7836, 19.6436),
    ("MIR", "Mirditë", "Mirdita", "AL-08", 41.7667, 19.8756),
    ("FUS", "Fushë-Arrëz", "Fushë-Arrëza", "AL-10", 42.0622, 20.0167),
    ("MMA", "Malësi e Madhe", "Malësia e Madhe", "AL-10", 42.2136, 19.4364),
    ("KAV", "Kavajë", "Kavaja", "AL-11", 41.1856, 19.5569),
    ("RRO", "Rrogozhinë", "Rrogozhina", "AL-11", 41.0758, 19.6667),
    ("VOR", "Vorë", "Vora", "AL-11", 41.3939, 19.6553),
    ("DEL", "Delvinë", "Delvina", "AL-12", 39.9494, 20.0978),
    ("FIN", "Finiq", "Finiqi", "AL-12", 39.9000, 20.0500),
    ("HIM", "Himarë", "Himara", "AL-12", 40.1014, 19.7447),
    ("KON", "Konispol", "Konispoli", "AL-12", 39.6589, 20.1814),
    ("SAR", "Sarandë", "Saranda", "AL-12", 39.8756, 20.0053),
    ("SEL", "Selenicë", "Selenica", "AL-12", 40.5306, 19.6358),
]

# Per municipality-year and unit of intensity: what the sample has per member and year.
MEETINGS_PER_YEAR = 10.0
EVENTS_PER_YEAR = {"workshop": 3.2, "forum": 0.7, "focus_group": 3.0, "dialogue": 2.0, "training": 1.0}
ATTENDEES_PER_WEIGHT = 29.0  # mean attendees of an event = this x EVENT_WEIGHT[type]
VISITS_PER_PERSON = 1.55     # attendance rows per distinct person in a municipality-year
REPORTS_PER_YEAR = 1.0
CANDIDATES_PER_ELECTION = 4.5
PRIORITIES_PER_CONTRACT = 11.0
REACH_PER_YEAR = 10_500      # people reached through media per municipality-year
CHANNELS = {"website": 0.18, "social": 0.5, "tv": 0.17, "radio": 0.09, "print": 0.06}
SEX = (["F", "M", "X"], [0.55, 0.44, 0.01])
AGE = (["15-17", "18-29", "30-44", "45-64", "65+", "unknown"], [0.05, 0.28, 0.30, 0.27, 0.08, 0.02])
ROLE = (["citizen", "cso", "official", "candidate", "media"], [0.72, 0.14, 0.08, 0.02, 0.04])
SCORES = ["full", "half", "zero", "not_observed"]


def dimensions(scale: float) -> tuple[int, int]:
    """(years, municipalities) of the network at a scale: 3 and 12 at 1, 10 and 61 at 1000."""
    growth = math.log10(max(scale, 1.0)) / 3
    years = int(np.clip(round(3 + 7 * growth), 3, 10))
    munis = int(np.clip(round(12 + 49 * growth), 12, 61))
    return years, munis


def strings(values: np.ndarray, categories: list[str]) -> pd.Categorical:
    """Codes to a categorical column: small in memory, written as plain strings."""
    return pd.Categorical.from_codes(np.asarray(values, dtype=np.int32), categories=categories)


def dates(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Dates from arrays of year, month and day."""
    months = (np.asarray(year) - 1970) * 12 + np.asarray(month) - 1
    return months.astype("datetime64[M]").astype("datetime64[D]") + (np.asarray(day) - 1).astype("timedelta64[D]")


def iso(values: np.ndarray) -> np.ndarray:
    """Dates as ISO text (2025-03-27)."""
    return np.datetime_as_string(values, unit="D")


def padded(numbers: np.ndarray, width: int) -> pa.Array:
    """Numbers as zero-padded text, in Arrow."""
    return pc.utf8_lpad(pc.cast(pa.array(np.asarray(numbers, dtype=np.int64)), pa.string()), width, "0")


def joined(*parts) -> pd.Series:
    """Element-wise string concatenation of arrays and constants, done in Arrow."""
    arrays = [p if isinstance(p, (pa.Array, pa.ChunkedArray, str)) else pa.array(p, type=pa.string()) for p in parts]
    return pd.Series(pd.arrays.ArrowStringArray(pc.binary_join_element_wise(*arrays, "")))


def distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a sort and a diff: faster than np.unique's hashing on 10M ints)."""
    values = np.sort(values)
    keep = np.empty(len(values), dtype=bool)
    keep[:1] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def draw_scores(rng: np.random.Generator, p_full: np.ndarray) -> np.ndarray:
    """Codes into SCORES, as sample.draw_score draws them, for a whole array at once."""
    p = np.clip(p_full, 0.03, 0.97)
    r = rng.random(len(p))
    codes = np.where(r < p, 0, np.where(r < p + (1 - p) * 0.45, 1, 2))
    return np.where(rng.random(len(p)) < 0.04, 3, codes)


class Network:
    """Who is in the synthetic network, when, and how active each municipality-year is."""

    def __init__(self, rng: np.random.Generator, scale: float):
        n_years, n_munis = dimensions(scale)
        self.years = np.arange(LAST_YEAR - n_years + 1, LAST_YEAR + 1)
        programme = list(ref.MUNICIPALITIES)
        others = [(c, sq, sqd, sq, county, lat, lon, None) for c, sq, sqd, county, lat, lon in OTHER_MUNICIPALITIES]
        rows = (programme + others)[:n_munis]
        self.municipalities = pd.DataFrame(rows, columns=["municipality_code", "name_sq", "name_sq_definite", "name_en",
                                                          "county_code", "seat_lat", "seat_lon", "population"])
        self.municipalities["population"] = pd.array(self.municipalities.population, dtype="Int64")
        self.codes = list(self.municipalities.municipality_code)
        first = int(self.years[0])
        # Programme members stay to 2027, as now; two left after 2023; the others joined over the
        # first years of the series.
        start = [first if i < 12 else first + int(rng.integers(0, min(4, n_years))) for i in range(n_munis)]
        end = [2023 if c in ("KAM", "POG") else 2027 for c in self.codes]
        self.start, self.end = np.array(start), np.array(end)
        self.openness = np.array([OPENNESS.get(c, rng.uniform(0.3, 0.75)) for c in self.codes])
        self.trend = np.array([TREND.get(c, rng.uniform(-0.03, 0.08)) for c in self.codes])
        population = {m[0]: m[7] for m in ref.MUNICIPALITIES}
        weight = np.array([(population[c] / 100_000) ** 0.35 if c in population else rng.lognormal(-0.3, 0.35)
                           for c in self.codes])
        # Municipality-years in the programme, ordered by code then year: the order of event ids.
        order = np.argsort(self.codes, kind="stable")
        pairs = [(m, y) for m in order for y in self.years if self.start[m] <= y <= self.end[m]]
        self.muni = np.array([m for m, _ in pairs])
        self.year = np.array([y for _, y in pairs])
        growth = 1 + 0.06 * (self.year - first)
        raw = weight[self.muni] * growth
        per_unit = sum(EVENTS_PER_YEAR[t] * ATTENDEES_PER_WEIGHT * EVENT_WEIGHT[t] for t in EVENTS_PER_YEAR)
        self.intensity = raw * (ROWS_PER_UNIT * scale) / (per_unit * raw.sum())

    def level(self, muni: np.ndarray, year: np.ndarray) -> np.ndarray:
        """How open a council is in a year (0..1 before noise)."""
        return self.openness[muni] + self.trend[muni] * (year - self.years[0])

    def code(self, muni: np.ndarray) -> np.ndarray:
        """Municipality codes of municipality indices."""
        return np.array(self.codes, dtype=object)[muni]


def random_dates(rng: np.random.Generator, years: np.ndarray, months: np.ndarray | None = None) -> np.ndarray:
    """A date in each given year: in the given month (default: any month), day 2 to 27."""
    n = len(years)
    if months is None:
        months = rng.integers(1, 13, n)
    return dates(years, months, rng.integers(2, 28, n))


def build_meetings(rng: np.random.Generator, net: Network) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Council meetings, their eight observations each, and the period observations."""
    counts = np.maximum(1, rng.poisson(MEETINGS_PER_YEAR * net.intensity))
    group = np.repeat(np.arange(len(net.muni)), counts)
    muni, year = net.muni[group], net.year[group]
    day = random_dates(rng, year)
    frame = pd.DataFrame({"m": muni, "d": day}).sort_values(["m", "d"], kind="stable")
    muni, day, year = frame.m.to_numpy(), frame.d.to_numpy().astype("datetime64[D]"), net.year[group][frame.index]
    same_day = frame.groupby(["m", "d"]).cumcount().to_numpy() + 1
    code = net.code(muni)
    suffix = np.where(same_day > 1, np.char.add("-", same_day.astype(str)), "")
    meeting_id = joined(code.astype(str), "-", iso(day), suffix.astype(str))
    level = net.level(muni, year)
    n = len(muni)
    indicators = [f"I{i:02d}" for i in range(1, 9)]
    scores = np.stack([draw_scores(rng, level - DIFFICULTY[ind] + rng.normal(0, 0.05, n)) for ind in indicators])
    notice = np.select([scores[0] == 0, scores[0] == 1, scores[0] == 2],
                       [rng.integers(5, 11, n), rng.integers(3, 5, n), rng.integers(0, 3, n)], -1)
    published = np.select([scores[6] == 0, scores[6] == 1, scores[6] == 2],
                          [rng.integers(2, 11, n), rng.integers(11, 21, n), rng.integers(25, 61, n)], -1)
    meetings = pd.DataFrame({
        "meeting_id": meeting_id,
        "municipality_code": code,
        "meeting_date": day,
        "meeting_type": strings(rng.random(n) < 0.15, ["ordinary", "extraordinary"]),
        "notice_days": pd.array(np.where(notice < 0, None, notice), dtype="Int64"),
        "decisions_published_days": pd.array(np.where(published < 0, None, published), dtype="Int64"),
        "evidence": joined("https://example.org/", np.char.lower(code.astype(str)), "/keshilli/", iso(day)),
    })
    observations = pd.DataFrame({
        "meeting_id": pd.Series(pd.arrays.ArrowStringArray(pc.take(
            pa.array(meeting_id.array), pa.array(np.tile(np.arange(n), len(indicators)))))),
        "indicator_code": strings(np.repeat(np.arange(len(indicators)), n), indicators),
        "score": strings(scores.ravel(), SCORES),
        "evidence": pd.Series([None] * (n * len(indicators)), dtype="str"),
    })
    period_codes = ["I09", "I10", "I11", "I12"]
    k = len(net.muni)
    level = np.tile(net.level(net.muni, net.year), len(period_codes))
    difficulty = np.repeat([DIFFICULTY[c] for c in period_codes], k)
    period = pd.DataFrame({
        "municipality_code": np.tile(net.code(net.muni), len(period_codes)),
        "year": np.tile(net.year, len(period_codes)),
        "indicator_code": strings(np.repeat(np.arange(len(period_codes)), k), period_codes),
        "score": strings(draw_scores(rng, level - difficulty), SCORES),
        "evidence": pd.Series([None] * (k * len(period_codes)), dtype="str"),
    })
    return meetings, observations, period


def build_events(rng: np.random.Generator, net: Network) -> pd.DataFrame:
    """Events in event-id order (municipality code, year, date), with their municipality-year."""
    types = list(EVENTS_PER_YEAR)
    election = np.isin(net.year, list(ELECTIONS))
    parts = []
    for t, kind in enumerate(types):
        mean = EVENTS_PER_YEAR[kind] * net.intensity
        if kind == "forum":
            mean = mean * np.where(election, 1.6, 0.5)
        counts = rng.poisson(mean)
        if kind == "workshop":
            counts = np.maximum(counts, 1)  # every member holds at least one workshop a year
        group = np.repeat(np.arange(len(net.muni)), counts)
        year = net.year[group]
        if kind == "forum":  # before the elections, else in the autumn
            months = np.where(np.isin(year, list(ELECTIONS)), rng.integers(3, 6, len(group)), rng.integers(9, 12, len(group)))
        elif kind == "focus_group":  # the September monitoring
            months = rng.integers(8, 11, len(group))
        else:
            months = rng.integers(1, 13, len(group))
        parts.append(pd.DataFrame({"group": group, "type": t, "date": random_dates(rng, year, months=months),
                                   "title": rng.integers(0, len(TITLES[kind]), len(group))}))
    frame = pd.concat(parts, ignore_index=True).sort_values(["group", "date"], kind="stable", ignore_index=True)
    group = frame.group.to_numpy()
    serial = frame.groupby("group").cumcount().to_numpy() + 1
    width = max(3, len(str(int(serial.max()))))
    code = net.code(net.muni[group]).astype(str)
    year = net.year[group]
    titles = [title for kind in types for title in TITLES[kind]]
    offsets = np.cumsum([0] + [len(TITLES[kind]) for kind in types])[:-1]
    type_codes = frame["type"].to_numpy()
    return pd.DataFrame({
        "event_id": joined(code, "-E-", year.astype(str), "-", padded(serial, width)),
        "municipality_code": code,
        "event_date": frame.date.to_numpy().astype("datetime64[D]"),
        "event_type": strings(type_codes, types),
        "title": strings(offsets[type_codes] + frame.title.to_numpy(), titles),
        "group": group,
    })


def build_attendance(rng: np.random.Generator, net: Network, events: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Attendance rows sorted by event id, the event index of each row and the distinct people
    of each year of the network.

    Each municipality-year has a pool of people (30% of them came the year before); a seat at an
    event draws from its pool, a few from the next municipality's pool; a person sits once per event.
    """
    weights = np.array([EVENT_WEIGHT[t] for t in events.event_type.cat.categories])[events.event_type.cat.codes]
    seats = np.maximum(3, rng.poisson(ATTENDEES_PER_WEIGHT * weights))
    ev_group = events.group.to_numpy()
    rows_per_group = np.bincount(ev_group, weights=seats, minlength=len(net.muni))
    pool_size = np.maximum(1, np.round(rows_per_group / VISITS_PER_PERSON)).astype(np.int64)
    pool_offset = np.concatenate([[0], np.cumsum(pool_size)[:-1]])
    pool = np.empty(pool_size.sum(), dtype=np.int64)
    next_person, previous = 0, {}
    for g in range(len(net.muni)):  # groups are ordered municipality then year
        size, prior = pool_size[g], previous.get(net.muni[g])
        returning = min(len(prior), int(size * 0.3)) if prior is not None else 0
        members = np.empty(size, dtype=np.int64)
        if returning:
            members[:returning] = rng.choice(prior, returning, replace=False)
        members[returning:] = next_person + np.arange(size - returning)
        next_person += size - returning
        pool[pool_offset[g]:pool_offset[g] + size] = members
        previous[net.muni[g]] = members
    # A few seats go to people of the next municipality in the list, same year.
    neighbour = np.arange(len(net.muni))
    by_year = {}
    for g, y in enumerate(net.year):
        by_year.setdefault(y, []).append(g)
    for groups in by_year.values():
        neighbour[groups] = np.roll(groups, -1)
    event_of_seat = np.repeat(np.arange(len(events), dtype=np.int64), seats)
    seat_group = ev_group[event_of_seat]
    away = rng.random(len(seat_group)) < 0.015
    seat_group[away] = neighbour[seat_group[away]]
    # Some people come often: draw pool positions with a skew towards the start of the pool.
    position = (pool_size[seat_group] * rng.random(len(seat_group)) ** 1.3).astype(np.int64)
    person = pool[pool_offset[seat_group] + position]
    del seat_group, position, away
    key = distinct(event_of_seat * next_person + person)  # one row per event and person, in id order
    del event_of_seat, person
    event_index, person = np.divmod(key, next_person)
    del key
    sex = rng.choice(len(SEX[0]), next_person, p=SEX[1]).astype(np.int8)
    age = rng.choice(len(AGE[0]), next_person, p=AGE[1]).astype(np.int8)
    role = rng.choice(len(ROLE[0]), next_person, p=ROLE[1]).astype(np.int8)
    width = max(7, len(str(next_person)))
    event_ids = pa.array(events.event_id.to_numpy(), type=pa.string())
    frame = pd.DataFrame({
        "event_id": pd.Series(pd.arrays.ArrowStringArray(pc.take(event_ids, pa.array(event_index)))),
        "participant_code": joined("P-", padded(person, width)),
        "sex": strings(sex[person], SEX[0]),
        "age_band": strings(age[person], AGE[0]),
        "role": strings(role[person], ROLE[0]),
    })
    year = net.year[events.group.to_numpy()[event_index]] - net.years[0]
    people = np.bincount(distinct(year * next_person + person) // next_person, minlength=len(net.years))
    return frame, event_index, people


def build_outreach(rng: np.random.Generator, net: Network, events: pd.DataFrame, event_index: np.ndarray) -> pd.DataFrame:
    """In person: attendance rows by municipality and month; media channels share a yearly
    audience that grows with the network's activity."""
    month_of_event = events.event_date.to_numpy().astype("datetime64[M]").astype(np.int64) % 12
    cell = events.group.to_numpy() * 12 + month_of_event
    visits = np.bincount(cell[event_index], minlength=len(net.muni) * 12)
    held = np.nonzero(visits)[0]
    in_person = pd.DataFrame({"g": held // 12, "month": held % 12 + 1, "channel": "in_person", "n": visits[held]})
    k = len(net.muni)
    channels = list(CHANNELS)
    g = np.repeat(np.arange(k), 12 * len(channels))
    month = np.tile(np.repeat(np.arange(1, 13), len(channels)), k)
    channel = np.tile(channels, 12 * k)
    season = np.where(np.isin(month, (4, 5, 10)), 1.6, 1.0)
    share = np.tile(np.array(list(CHANNELS.values())), 12 * k) * season / (12 * 1.15)
    mean = REACH_PER_YEAR * net.intensity[g] * (0.3 + net.openness[net.muni[g]]) * share
    media = pd.DataFrame({"g": g, "month": month, "channel": channel,
                          "n": np.round(mean * rng.uniform(0.85, 1.15, len(g))).astype(np.int64)})
    frame = pd.concat([in_person, media], ignore_index=True)
    group = frame.g.to_numpy()
    return pd.DataFrame({
        "municipality_code": net.code(net.muni[group]),
        "month": dates(net.year[group], frame.month.to_numpy(), np.ones(len(frame), dtype=int)),
        "channel": frame.channel.astype("str"),
        "people_reached": frame.n.to_numpy(),
    })


def build_reports(rng: np.random.Generator, net: Network) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Monitoring reports (the yearly one in October, more as the network grows) and their recommendations."""
    counts = np.maximum(1, rng.poisson(REPORTS_PER_YEAR * net.intensity))
    group = np.repeat(np.arange(len(net.muni)), counts)
    serial = pd.Series(group).groupby(group).cumcount().to_numpy() + 1
    muni, year = net.muni[group], net.year[group]
    code = net.code(muni).astype(str)
    report_id = joined(code, "-R-", year.astype(str), "-", padded(serial, 3))
    # The yearly report comes out in October; further reports through the year.
    month = np.where(serial == 1, 10, rng.integers(1, 13, len(group)))
    published = dates(year, month, rng.integers(1, 29, len(group)))
    reports = pd.DataFrame({
        "report_id": report_id, "municipality_code": code, "published_date": published,
        "title": joined("Raporti i monitorimit të qeverisjes vendore ", year.astype(str)),
        "url": joined("https://example.org/", np.char.lower(code), "/raporti-", year.astype(str), "-", padded(serial, 3), ".pdf"),
    })
    per_report = rng.integers(4, 8, len(group))
    r_of = np.repeat(np.arange(len(group)), per_report)
    number = pd.Series(r_of).groupby(r_of).cumcount().to_numpy() + 1
    uptake = net.level(muni, year)[r_of]
    r = rng.random(len(r_of))
    response = np.select([r < uptake * 0.7, r < uptake, r < uptake + 0.15], [0, 1, 2], 3)
    answered = published[r_of] + rng.integers(8, 75, len(r_of)).astype("timedelta64[D]")
    answered = np.minimum(answered, np.datetime64("2025-12-20"))
    recommendations = pd.DataFrame({
        "recommendation_id": joined(report_id.to_numpy()[r_of].astype(str), "-", padded(number, 2)),
        "report_id": report_id.to_numpy()[r_of].astype(str),
        "text_sq": strings(rng.integers(0, len(RECOMMENDATIONS), len(r_of)), RECOMMENDATIONS),
        "response": strings(response, ["accepted", "partly", "rejected", "no_answer"]),
        "response_date": np.where(response == 3, np.datetime64("NaT"), answered),
    })
    return reports, recommendations


def build_candidates(rng: np.random.Generator, net: Network) -> pd.DataFrame:
    """Candidates engaged before the 2023 and 2025 elections, where those years are in the series."""
    parts = []
    for year, election in ELECTIONS.items():
        groups = np.nonzero(net.year == year)[0]
        if not len(groups):
            continue
        counts = rng.poisson(CANDIDATES_PER_ELECTION * (1.2 if year == 2023 else 1.0) * net.intensity[groups])
        group = np.repeat(groups, counts)
        n = len(group)
        code = net.code(net.muni[group]).astype(str)
        candidate = joined(f"C-{year}-", padded(np.arange(1, n + 1), max(3, len(str(n)))))
        kinds = {"spoke_forum": np.ones(n, bool), "questionnaire": rng.random(n) < 0.6,
                 "signed_contract": (rng.random(n) < 0.7) & (year == 2023)}
        for kind, mask in kinds.items():
            m = int(mask.sum())
            county = net.municipalities.county_code.to_numpy()[net.muni[group[mask]]]
            parts.append(pd.DataFrame({
                "candidate_code": candidate[mask].to_numpy().astype(str), "election": election,
                "municipality_code": code[mask],
                "district": county if year == 2025 else np.full(m, None, dtype=object),
                "engagement": kind,
                "engagement_date": dates(np.full(m, year), rng.integers(3, 5, m), rng.integers(1, 29, m)),
            }))
    columns = ["candidate_code", "election", "municipality_code", "district", "engagement", "engagement_date"]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def build_social_contracts(rng: np.random.Generator, net: Network, scale: float) -> tuple[pd.DataFrame, ...]:
    """A contract per municipality and cycle it was a member for; priorities in proportion to
    the scale; one assessment per priority each September after signing, to 2025."""
    rows = []
    for m, code in enumerate(net.codes):
        member = {year: net.start[m] <= year <= net.end[m] and year >= net.years[0] for year in (2019, 2021, 2024)}
        if member[2019]:
            rows.append((f"{code}-2019", code, "2019-2023", 2019, 6, 10, m))
        elif member[2021]:
            rows.append((f"{code}-2021", code, "2021-2023", 2021, 3, 20, m))
        if member[2024]:
            rows.append((f"{code}-2023", code, "2023-2027", 2023, 4, 20, m))
    contracts = pd.DataFrame(rows, columns=["contract_id", "municipality_code", "cycle", "start", "month", "day", "m"])
    n = len(contracts)
    after = rng.random(n) < 0.2
    signed = dates(contracts.start.to_numpy(), contracts.month.to_numpy(), contracts.day.to_numpy()) \
        + rng.integers(0, 20, n).astype("timedelta64[D]")
    signed = np.where(after, dates(contracts.start.to_numpy(), np.full(n, 6), np.full(n, 20)), signed)
    social = pd.DataFrame({
        "contract_id": contracts.contract_id, "municipality_code": contracts.municipality_code,
        "cycle": contracts.cycle, "signatory_role": np.where(after, "mayor", "mayor_candidate"),
        "signatory": np.where(after, "Kryetari i bashkisë", "Kandidati për kryetar"), "signed_date": signed,
        "signed_when": np.where(after, "after_election", "before_election"),
    })
    per_contract = PRIORITIES_PER_CONTRACT * scale * 22 / max(n, 1)
    counts = np.maximum(1, rng.poisson(per_contract, n))
    c_of = np.repeat(np.arange(n), counts)
    number = pd.Series(c_of).groupby(c_of).cumcount().to_numpy() + 1
    pillars = list(PRIORITY_TEXTS)
    pillar = rng.choice(len(pillars), len(c_of), p=[0.4, 0.2, 0.15, 0.25])
    texts = [text for p in pillars for text in PRIORITY_TEXTS[p]]
    offsets = np.cumsum([0] + [len(PRIORITY_TEXTS[p]) for p in pillars])[:-1]
    sizes = np.array([len(PRIORITY_TEXTS[p]) for p in pillars])
    priority_id = joined(contracts.contract_id.to_numpy()[c_of].astype(str), "-P", padded(number, max(2, len(str(number.max())))))
    priorities = pd.DataFrame({
        "priority_id": priority_id, "contract_id": contracts.contract_id.to_numpy()[c_of].astype(str),
        "pillar": strings(pillar, pillars),
        "text_sq": strings(offsets[pillar] + (rng.random(len(c_of)) * sizes[pillar]).astype(int), texts),
    })
    progress = net.openness[contracts.m.to_numpy()[c_of]] * 0.6 + rng.normal(0, 0.15, len(c_of))
    status = np.zeros(len(c_of), dtype=np.int8)  # 0 none, 1 partial, 2 full
    start = contracts.start.to_numpy()[c_of]
    parts = []
    evidence = ["Vendim i këshillit bashkiak", "Projekt në zbatim", "Nuk ka veprim të dukshëm", "Buxhet i miratuar për 2026"]
    sources = ["focus_group", "directorate_interview", "document", "site_visit"]
    for offset in range(1, 5):
        year = start + offset
        live = year <= LAST_YEAR
        r = rng.random(len(c_of))
        status = np.where(live & (status == 0) & (r < 0.35 + progress * 0.5), 1,
                          np.where(live & (status == 1) & (r < 0.12 + progress * 0.35), 2, status))
        idx = np.nonzero(live)[0]
        parts.append(pd.DataFrame({
            "priority_id": priority_id.to_numpy()[idx].astype(str),
            "assessed_date": dates(year[idx], np.full(len(idx), 9), np.full(len(idx), 15)),
            "status": strings(status[idx], ["none", "partial", "full"]),
            "evidence": strings(rng.integers(0, 4, len(idx)), evidence),
            "source": strings(rng.integers(0, 4, len(idx)), sources),
        }))
    assessments = pd.concat(parts, ignore_index=True)
    return social, priorities, assessments


def build_memberships(net: Network) -> pd.DataFrame:
    """One membership period per municipality, with its partner (synthetic beyond the programme's)."""
    partners = [ref.PARTNERS.get(c, (f"Partneri vendor i Rrjetit POP në {sq}", f"POP Network local partner in {sq}"))
                for c, sq in zip(net.codes, net.municipalities.name_sq)]
    return pd.DataFrame({
        "municipality_code": net.codes, "start_year": net.start, "end_year": net.end,
        "partner_sq": [p[0] for p in partners], "partner_en": [p[1] for p in partners],
    })


def build_targets(rng: np.random.Generator, net: Network, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Yearly targets near what the network did (some met, some missed), baseline the year before."""
    years = net.years
    events = tables["events"]
    event_year = events.event_date.dt.year.to_numpy()
    actual = {
        "municipalities_monitored": np.bincount(net.year - years[0], minlength=len(years)),
        "meetings_monitored": np.bincount(tables["meetings"].meeting_date.dt.year - years[0], minlength=len(years)),
        "reports_published": np.bincount(tables["reports"].published_date.dt.year - years[0], minlength=len(years)),
        "citizen_workshops": np.bincount(event_year[events.event_type == "workshop"] - years[0], minlength=len(years)),
        "public_forums": np.bincount(event_year[events.event_type == "forum"] - years[0], minlength=len(years)),
        "candidates_engaged": np.array([tables["candidates"].loc[tables["candidates"].engagement_date.dt.year == y,
                                                                 "candidate_code"].nunique() for y in years]),
        "unique_participants": tables["_people_by_year"],
        "people_reached": np.array([tables["outreach"].loc[tables["outreach"].month.dt.year == y, "people_reached"].sum()
                                    for y in years]),
    }
    rows = []
    for metric, values in actual.items():
        for year, value in zip(years, values):
            rows.append((metric, int(year), float(round(value * rng.uniform(0.92, 1.12))), int(years[0] - 1),
                         float(round(values[0] * 0.85))))
    for metric, share in (("share_women", 0.5), ("share_young", 0.3)):
        rows += [(metric, int(y), share + 0.01 * i, int(years[0] - 1), share) for i, y in enumerate(years)]
    return pd.DataFrame(rows, columns=["metric", "year", "target", "baseline_year", "baseline"])


def build_outcomes(rng: np.random.Generator, net: Network, tables: dict[str, pd.DataFrame], scale: float) -> pd.DataFrame:
    """Outcomes as the sample draws them (popdash.views.outcomes_journal), from accepted recommendations and
    addressed priorities: more per year as the network grows (at most one of each kind per
    municipality and year, as there)."""
    from popdash.dev.sample_outcomes import priority_outcomes, recommendation_outcomes
    from popdash.views.outcomes_journal import OUTCOME_COLUMNS, SIGNIFICANCE

    per_kind = max(1, int(round(scale ** 0.5)))
    # Only what the draws can use, so each year's merges stay small at scale.
    assessments = tables["assessments"][tables["assessments"].status.isin(["full", "partial"])]
    frames = {**tables, "assessments": assessments}
    recommendations = tables["recommendations"][tables["recommendations"].response == "accepted"]
    rows = []
    for year in net.years:
        found = recommendation_outcomes(rng, int(year), recommendations, tables["reports"], n=2 * per_kind)
        used = {r["municipality_code"] for r in found}
        found += priority_outcomes(rng, int(year), frames, "full", per_kind, used)
        used |= {r["municipality_code"] for r in found}
        found += priority_outcomes(rng, int(year), frames, "partial", per_kind, used)
        found.sort(key=lambda r: (r["observed_date"], r["municipality_code"]))
        for i, row in enumerate(found, 1):
            row["outcome_id"] = f"{row['municipality_code']}-O-{year}-{i:03d}"
            row["significance"] = str(rng.choice(SIGNIFICANCE, p=[0.3, 0.5, 0.2]))
            row["evidence"] = f"https://example.org/{row['municipality_code'].lower()}/rezultate/{row['outcome_id'].lower()}"
            rows.append(row)
    return pd.DataFrame(rows).reindex(columns=list(OUTCOME_COLUMNS))


def generate_scaled(scale: float, seed: int, progress=None) -> dict[str, pd.DataFrame]:
    """All tables of the data model for a synthetic network at the given scale (> 0).
    `progress(step, 0.0)` is called as each of STEPS starts."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    progress = progress or (lambda step, fraction: None)
    rng = np.random.default_rng([seed, int(round(scale * 1000))])
    net = Network(rng, scale)
    progress("meetings", 0.0)
    meetings, observations, period = build_meetings(rng, net)
    progress("events", 0.0)
    events = build_events(rng, net)
    progress("attendance", 0.0)
    attendance, event_index, people_by_year = build_attendance(rng, net, events)
    progress("outreach", 0.0)
    outreach = build_outreach(rng, net, events, event_index)
    del event_index
    progress("reports", 0.0)
    reports, recommendations = build_reports(rng, net)
    progress("social_contracts", 0.0)
    social, priorities, assessments = build_social_contracts(rng, net, scale)
    # Drawn in the order the table literal below once drew them, so the seed gives the same data.
    memberships = build_memberships(net)
    progress("candidates", 0.0)
    candidates = build_candidates(rng, net)
    tables = {
        "municipalities": net.municipalities,
        "memberships": memberships,
        "meetings": meetings,
        "meeting_observations": observations,
        "period_observations": period,
        "events": events.drop(columns="group"),
        "attendance": attendance,
        "candidates": candidates,
        "social_contracts": social,
        "priorities": priorities,
        "assessments": assessments,
        "reports": reports,
        "recommendations": recommendations,
        "outreach": outreach,
    }
    progress("targets", 0.0)
    tables["targets"] = build_targets(rng, net, {**tables, "_people_by_year": people_by_year})
    progress("outcomes", 0.0)
    tables["outcomes"] = build_outcomes(rng, net, tables, scale)
    # Optional columns (and tables) the schema gains later are left empty.
    return {name: tables.get(name, pd.DataFrame()).reindex(columns=table.column_names)
            for name, table in load_schema().items()}


def generate_at(scale: float, seed: int, progress=None) -> dict[str, pd.DataFrame]:
    """The sample itself at scale 1, the synthetic network above it."""
    return sample.generate(seed, progress) if scale == 1 else generate_scaled(scale, seed, progress)


def steps_at(scale: float) -> tuple[str, ...]:
    """The steps generate_at(scale, ...) announces to its progress callback."""
    return sample.STEPS if scale == 1 else STEPS
