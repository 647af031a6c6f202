"""Deterministic sample data: plausible, uneven across municipalities, and for 2025 exactly the
programme card's key figures.

Everything comes from one seeded random generator, so the same seed always writes the same
parquet files. The yearly totals below are the design of the sample; how they are split
between municipalities, dates and people is drawn at random around that design.
"""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from popdash.data import reference as ref
from popdash.dev.sample_outcomes import sample_outcomes

SEED = 20251126
YEARS = (2023, 2024, 2025)
# What generate() builds, in order, each announced to its progress(step, fraction) callback.
STEPS = ("meetings", "events", "attendance", "social_contracts", "reports", "candidates", "outreach", "outcomes")

# Per-year design totals. 2025 is the programme card; 2023 and 2024 are plausible history:
# 2023 had the local elections (16 public forums, many candidates) and 12 municipalities.
MEETINGS = {
    2023: {"TIR": 10, "DUR": 9, "ELB": 8, "SHK": 10, "VLO": 9, "FIE": 9, "KOR": 8, "KUK": 8, "PUK": 7, "VDE": 10, "KAM": 2, "POG": 5},
    2024: {"TIR": 12, "DUR": 11, "ELB": 10, "SHK": 12, "VLO": 10, "FIE": 11, "KOR": 9, "KUK": 9, "PUK": 8, "VDE": 10},
    2025: {"TIR": 15, "DUR": 13, "ELB": 12, "SHK": 14, "VLO": 12, "FIE": 13, "KOR": 11, "KUK": 10, "PUK": 9, "VDE": 11},
}
WORKSHOPS = {
    2023: {"TIR": 3, "DUR": 2, "ELB": 2, "SHK": 3, "VLO": 2, "FIE": 2, "KOR": 2, "KUK": 2, "PUK": 2, "VDE": 2, "KAM": 1, "POG": 1},
    2024: {"TIR": 4, "DUR": 3, "ELB": 3, "SHK": 3, "VLO": 3, "FIE": 3, "KOR": 2, "KUK": 2, "PUK": 2, "VDE": 2},
    2025: {"TIR": 5, "DUR": 4, "ELB": 3, "SHK": 4, "VLO": 3, "FIE": 3, "KOR": 3, "KUK": 3, "PUK": 2, "VDE": 2},
}
FORUMS = {
    2023: {"TIR": 2, "DUR": 2, "ELB": 1, "SHK": 2, "VLO": 1, "FIE": 2, "KOR": 1, "KUK": 1, "PUK": 1, "VDE": 1, "KAM": 1, "POG": 1},
    2024: {"TIR": 1, "SHK": 1, "KOR": 1, "VLO": 1},
    2025: {"TIR": 1, "DUR": 1, "ELB": 1, "SHK": 1, "VLO": 1, "FIE": 1, "KUK": 1},
}
CANDIDATES = {
    2023: {"TIR": 7, "DUR": 6, "ELB": 5, "SHK": 6, "VLO": 5, "FIE": 5, "KOR": 5, "KUK": 4, "PUK": 3, "VDE": 4, "KAM": 4, "POG": 4},
    2024: {},
    2025: {"TIR": 8, "DUR": 5, "ELB": 4, "SHK": 5, "VLO": 4, "FIE": 4, "KOR": 4, "KUK": 3, "PUK": 2, "VDE": 3},
}
UNIQUE_PARTICIPANTS = {2023: 2310, 2024: 2541, 2025: 2984}
PEOPLE_REACHED = {2023: 104_870, 2024: 112_315, 2025: 129_466}

# How open each council is (0..1) and how it moves per year: uneven on purpose.
OPENNESS = {"TIR": 0.72, "DUR": 0.55, "ELB": 0.50, "SHK": 0.66, "VLO": 0.58, "FIE": 0.47,
            "KOR": 0.63, "KUK": 0.40, "PUK": 0.33, "VDE": 0.45, "KAM": 0.42, "POG": 0.49}
TREND = {"TIR": 0.03, "DUR": -0.03, "ELB": 0.06, "SHK": 0.04, "VLO": 0.02, "FIE": 0.07,
         "KOR": 0.02, "KUK": 0.05, "PUK": 0.08, "VDE": 0.03, "KAM": 0.0, "POG": 0.0}
# Indicators some councils find harder than others (publication of minutes, live streams).
DIFFICULTY = {"I01": 0.0, "I02": 0.08, "I03": -0.15, "I04": 0.2, "I05": 0.12, "I06": -0.1,
              "I07": 0.05, "I08": 0.15, "I09": -0.1, "I10": 0.18, "I11": 0.1, "I12": 0.14}

POPULATION = {m[0]: m[7] / 100_000 for m in ref.MUNICIPALITIES}
EVENT_TYPES_OTHER = {"focus_group": (2, 4), "dialogue": (1, 3), "training": (0, 2)}
EVENT_WEIGHT = {"forum": 3.0, "workshop": 1.6, "focus_group": 0.6, "dialogue": 0.8, "training": 0.7}

TITLES = {
    "workshop": ["Workshop qytetar për buxhetin e bashkisë", "Workshop: si të ndjekim mbledhjet e këshillit",
                 "Workshop për prioritetet e lagjes", "Workshop për transparencën vendore"],
    "forum": ["Forum publik: përballja e ofertave politike", "Forum publik me kandidatët",
              "Forum publik për kontratën sociale"],
    "focus_group": ["Grup fokusi në njësinë administrative", "Grup fokusi me të rinjtë",
                    "Grup fokusi me gratë e zonës rurale"],
    "dialogue": ["Takim dialogu me drejtorinë e planifikimit", "Takim dialogu me kryetarin e bashkisë",
                 "Takim dialogu me këshillin bashkiak"],
    "training": ["Trajnim për monitorimin e këshillit", "Trajnim për të drejtën e informimit"],
}
PRIORITY_TEXTS = {
    "infrastructure": ["Ndriçim publik në lagjet periferike", "Rikonstruksioni i rrugëve rurale",
                       "Ujë i pijshëm 24 orë", "Kopshte dhe çerdhe të reja", "Menaxhimi i mbetjeve",
                       "Transport publik për fshatrat"],
    "governance": ["Dëgjesa publike për buxhetin", "Transmetim live i mbledhjeve të këshillit",
                   "Regjistri i kërkesave për informim", "Publikimi i vendimeve brenda afatit"],
    "economy": ["Mbështetje për bizneset e grave", "Tregu i produkteve vendase",
                "Lehtësi fiskale për fermerët e rinj", "Punësimi i të rinjve në bashki"],
    "social": ["Qendër ditore për të moshuarit", "Shërbime për personat me aftësi të kufizuara",
               "Strehim social për familjet në nevojë", "Hapësira sportive për të rinjtë"],
}
RECOMMENDATIONS = ["Publikoni procesverbalet brenda 30 ditëve", "Njoftoni mbledhjet të paktën 5 ditë përpara",
                   "Transmetoni live mbledhjet e këshillit", "Përditësoni regjistrin e kërkesave për informim",
                   "Zgjasni konsultimin e buxhetit në 20 ditë pune", "Publikoni projektvendimet para mbledhjes",
                   "Lejoni qytetarët të flasin në mbledhje", "Publikoni arsyet e komenteve të pranuara"]


def members_in(year: int) -> list[str]:
    return sorted({c for c, a, b in ref.MEMBERSHIP_PERIODS if a <= year <= b},
                  key=[m[0] for m in ref.MUNICIPALITIES].index)


def random_dates(rng: np.random.Generator, year: int, n: int, months: range = range(1, 13)) -> list[date]:
    """n dates in the given months of a year, spread evenly month by month with random days."""
    month_list = list(months)
    out = []
    for i in range(n):
        month = month_list[(i * len(month_list)) // max(n, 1)]
        out.append(date(year, month, int(rng.integers(2, 28))))
    return sorted(out)


def build_municipalities() -> tuple[pd.DataFrame, pd.DataFrame]:
    cols = ["municipality_code", "name_sq", "name_sq_definite", "name_en", "county_code", "seat_lat", "seat_lon", "population"]
    munis = pd.DataFrame(ref.MUNICIPALITIES, columns=cols)
    members = pd.DataFrame(
        [(c, a, b, *ref.PARTNERS[c]) for c, a, b in ref.MEMBERSHIP_PERIODS],
        columns=["municipality_code", "start_year", "end_year", "partner_sq", "partner_en"],
    )
    return munis, members


def draw_score(rng: np.random.Generator, p_full: float) -> str:
    if rng.random() < 0.04:
        return "not_observed"
    p_full = min(max(p_full, 0.03), 0.97)
    r = rng.random()
    if r < p_full:
        return "full"
    return "half" if r < p_full + (1 - p_full) * 0.45 else "zero"


def build_meetings(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    meetings, observations, period_obs = [], [], []
    for year, per_muni in MEETINGS.items():
        for code, n in per_muni.items():
            level = OPENNESS[code] + TREND[code] * (year - 2023)
            for d in random_dates(rng, year, n):
                meeting_id = f"{code}-{d.isoformat()}"
                scores = {}
                for ind in ("I01", "I02", "I03", "I04", "I05", "I06", "I07", "I08"):
                    scores[ind] = draw_score(rng, level - DIFFICULTY[ind] + rng.normal(0, 0.05))
                    observations.append((meeting_id, ind, scores[ind], None))
                notice = {"full": rng.integers(5, 11), "half": rng.integers(3, 5), "zero": rng.integers(0, 3)}.get(scores["I01"])
                published = {"full": rng.integers(2, 11), "half": rng.integers(11, 21), "zero": rng.integers(25, 61)}.get(scores["I07"])
                meetings.append((meeting_id, code, d, "extraordinary" if rng.random() < 0.15 else "ordinary",
                                 None if notice is None else int(notice), None if published is None else int(published),
                                 f"https://example.org/{code.lower()}/keshilli/{d.isoformat()}"))
            for ind in ("I09", "I10", "I11", "I12"):
                period_obs.append((code, year, ind, draw_score(rng, level - DIFFICULTY[ind]), None))
    return (
        pd.DataFrame(meetings, columns=["meeting_id", "municipality_code", "meeting_date", "meeting_type",
                                        "notice_days", "decisions_published_days", "evidence"]),
        pd.DataFrame(observations, columns=["meeting_id", "indicator_code", "score", "evidence"]),
        pd.DataFrame(period_obs, columns=["municipality_code", "year", "indicator_code", "score", "evidence"]),
    )


def build_events(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for year in YEARS:
        for code in members_in(year):
            plan = [("workshop", WORKSHOPS[year].get(code, 0)), ("forum", FORUMS[year].get(code, 0))]
            plan += [(kind, int(rng.integers(lo, hi + 1))) for kind, (lo, hi) in EVENT_TYPES_OTHER.items()]
            for kind, n in plan:
                # Forums cluster before the elections; focus groups in the September monitoring.
                months = {"forum": range(3, 6) if year in (2023, 2025) else range(9, 12),
                          "focus_group": range(8, 11)}.get(kind, range(1, 13))
                for d in random_dates(rng, year, n, months):
                    rows.append((code, d, kind, str(rng.choice(TITLES[kind]))))
    frame = pd.DataFrame(rows, columns=["municipality_code", "event_date", "event_type", "title"]).sort_values(
        ["event_date", "municipality_code"], kind="stable")
    frame["event_id"] = [f"{c}-E-{d.year}-{i:03d}" for i, (c, d) in enumerate(zip(frame.municipality_code, frame.event_date), 1)]
    return frame.reset_index(drop=True)


def split_total(rng: np.random.Generator, total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split an integer total by weights, exactly (largest remainder), with a little noise."""
    keys = list(weights)
    w = np.array([weights[k] * rng.uniform(0.85, 1.15) for k in keys])
    raw = total * w / w.sum()
    base = np.floor(raw).astype(int)
    for i in np.argsort(-(raw - base))[: total - base.sum()]:
        base[i] += 1
    return dict(zip(keys, base.tolist()))


def new_person(rng: np.random.Generator, code: str, year: int) -> tuple:
    return (
        code,
        str(rng.choice(["F", "M", "X"], p=[0.55, 0.44, 0.01])),
        str(rng.choice(["15-17", "18-29", "30-44", "45-64", "65+", "unknown"], p=[0.05, 0.28, 0.30, 0.27, 0.08, 0.02])),
        str(rng.choice(["citizen", "cso", "official", "candidate", "media"], p=[0.72, 0.14, 0.08, 0.02, 0.04])),
    )


def build_attendance(rng: np.random.Generator, events: pd.DataFrame) -> pd.DataFrame:
    """Each year has exactly UNIQUE_PARTICIPANTS distinct codes; some people return next year
    and a few also attend an event in a neighbouring municipality."""
    rows = []
    pool: dict[str, list[tuple]] = {}
    serial = 0
    for year in YEARS:
        ev_year = events[pd.to_datetime(events.event_date).dt.year == year]
        capacity = {c: sum(EVENT_WEIGHT[t] for t in g.event_type) for c, g in ev_year.groupby("municipality_code")}
        people_per_muni = split_total(rng, UNIQUE_PARTICIPANTS[year], capacity)
        year_people: dict[str, list[tuple]] = {}
        for code, n in people_per_muni.items():
            previous = pool.get(code, [])
            returning_n = min(len(previous), int(n * 0.3))
            chosen = [previous[i] for i in rng.choice(len(previous), returning_n, replace=False)] if returning_n else []
            while len(chosen) < n:
                serial += 1
                chosen.append(new_person(rng, f"P-{serial:07d}", year))
            year_people[code] = chosen
            pool[code] = chosen
        for code, people in year_people.items():
            muni_events = ev_year[ev_year.municipality_code == code]
            ids = muni_events.event_id.to_numpy()
            weights = muni_events.event_type.map(EVENT_WEIGHT).to_numpy()
            weights = weights / weights.sum()
            for person in people:
                k = min(len(ids), 1 + int(rng.poisson(0.7)))
                for event_id in rng.choice(ids, k, replace=False, p=weights):
                    rows.append((event_id, *person))
        # A few people also attend one event elsewhere: distinct counts per municipality then
        # add up to more than the network's.
        codes = list(year_people)
        for code in codes:
            for person in year_people[code][: max(1, len(year_people[code]) // 60)]:
                other = codes[(codes.index(code) + 1) % len(codes)]
                rows.append((str(rng.choice(ev_year[ev_year.municipality_code == other].event_id.to_numpy())), *person))
    frame = pd.DataFrame(rows, columns=["event_id", "participant_code", "sex", "age_band", "role"])
    return frame.drop_duplicates(["event_id", "participant_code"]).reset_index(drop=True)


def build_candidates(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    county = {m[0]: m[4] for m in ref.MUNICIPALITIES}
    for year, per_muni in CANDIDATES.items():
        election = {2023: "local-2023", 2025: "parliamentary-2025"}.get(year)
        serial = 0
        for code, n in per_muni.items():
            for _ in range(n):
                serial += 1
                cand = f"C-{year}-{serial:03d}"
                kinds = ["spoke_forum"] + (["questionnaire"] if rng.random() < 0.6 else [])
                if year == 2023 and rng.random() < 0.7:
                    kinds.append("signed_contract")
                for kind in kinds:
                    when = date(year, int(rng.integers(3, 5)), int(rng.integers(1, 29)))
                    rows.append((cand, election, code, county[code] if year == 2025 else None, kind, when))
    return pd.DataFrame(rows, columns=["candidate_code", "election", "municipality_code", "district", "engagement", "engagement_date"])


def build_social_contracts(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    contracts, priorities, assessments = [], [], []
    cycles = [("2019-2023", [c for c, a, b in ref.MEMBERSHIP_PERIODS if a == 2019], date(2019, 6, 10)),
              ("2021-2023", [c for c, a, b in ref.MEMBERSHIP_PERIODS if a == 2021], date(2021, 3, 20)),
              ("2023-2027", [c for c, a, b in ref.MEMBERSHIP_PERIODS if a == 2024], date(2023, 4, 20))]
    for cycle, codes, signed in cycles:
        start = int(cycle[:4])
        for code in codes:
            contract_id = f"{code}-{start}"
            after = rng.random() < 0.2
            when = date(signed.year, 6, 20) if after else signed + timedelta(days=int(rng.integers(0, 20)))
            contracts.append((contract_id, code, cycle, "mayor" if after else "mayor_candidate",
                              "Kryetari i bashkisë" if after else "Kandidati për kryetar", when,
                              "after_election" if after else "before_election"))
            n = int(rng.integers(9, 14))
            for i in range(1, n + 1):
                pillar = str(rng.choice(list(PRIORITY_TEXTS), p=[0.4, 0.2, 0.15, 0.25]))
                pid = f"{contract_id}-P{i:02d}"
                priorities.append((pid, contract_id, pillar, str(rng.choice(PRIORITY_TEXTS[pillar]))))
                progress = OPENNESS[code] * 0.6 + rng.normal(0, 0.15)
                status = "none"
                for year in range(start + 1, min(start + 4, 2025) + 1):
                    r = rng.random()
                    if status == "none" and r < 0.35 + progress * 0.5:
                        status = "partial"
                    elif status == "partial" and r < 0.12 + progress * 0.35:
                        status = "full"
                    assessments.append((pid, date(year, 9, 15), status,
                                        str(rng.choice(["Vendim i këshillit bashkiak", "Projekt në zbatim",
                                                        "Nuk ka veprim të dukshëm", "Buxhet i miratuar për 2026"])),
                                        str(rng.choice(["focus_group", "directorate_interview", "document", "site_visit"]))))
    contracts_df = pd.DataFrame(contracts, columns=["contract_id", "municipality_code", "cycle", "signatory_role",
                                                    "signatory", "signed_date", "signed_when"])
    priorities_df = pd.DataFrame(priorities, columns=["priority_id", "contract_id", "pillar", "text_sq"])
    assessments_df = pd.DataFrame(assessments, columns=["priority_id", "assessed_date", "status", "evidence", "source"])
    return contracts_df, priorities_df, assessments_df


def build_reports(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    reports, recs = [], []
    for year in YEARS:
        for code in members_in(year):
            report_id = f"{code}-R-{year}"
            published = date(year, 10, int(rng.integers(1, 29)))
            reports.append((report_id, code, published, f"Raporti i monitorimit të qeverisjes vendore {year}",
                            f"https://example.org/{code.lower()}/raporti-{year}.pdf"))
            uptake = OPENNESS[code] + TREND[code] * (year - 2023)
            for i in range(1, int(rng.integers(4, 8)) + 1):
                r = rng.random()
                response = ("accepted" if r < uptake * 0.7 else "partly" if r < uptake
                            else "rejected" if r < uptake + 0.15 else "no_answer")
                answered = None if response == "no_answer" else published + timedelta(days=int(rng.integers(8, 75)))
                if answered and answered > date(2025, 12, 31):
                    answered = date(2025, 12, 20)
                recs.append((f"{report_id}-{i:02d}", report_id, str(rng.choice(RECOMMENDATIONS)), response, answered))
    return (pd.DataFrame(reports, columns=["report_id", "municipality_code", "published_date", "title", "url"]),
            pd.DataFrame(recs, columns=["recommendation_id", "report_id", "text_sq", "response", "response_date"]))


def build_outreach(rng: np.random.Generator, events: pd.DataFrame, attendance: pd.DataFrame) -> pd.DataFrame:
    """People met in person are the month's attendance; the other channels share the rest of
    the year's designed total."""
    visits = attendance.merge(events, on="event_id")
    visits["month"] = pd.to_datetime(visits.event_date).dt.to_period("M").dt.to_timestamp().dt.date
    in_person = visits.groupby(["municipality_code", "month"]).size()
    rows = [(c, m, "in_person", int(n)) for (c, m), n in in_person.items()]
    channels = {"website": 0.18, "social": 0.5, "tv": 0.17, "radio": 0.09, "print": 0.06}
    for year in YEARS:
        remaining = PEOPLE_REACHED[year] - int(sum(n for (c, m), n in in_person.items() if m.year == year))
        cells = {(c, month, ch): w * (0.3 + OPENNESS[c]) * POPULATION[c] ** 0.5 * (1.6 if month in (4, 5, 10) else 1.0)
                 for c in members_in(year) for month in range(1, 13) for ch, w in channels.items()}
        for (c, month, ch), n in split_total(rng, remaining, cells).items():
            rows.append((c, date(year, month, 1), ch, n))
    return pd.DataFrame(rows, columns=["municipality_code", "month", "channel", "people_reached"])


def build_targets() -> pd.DataFrame:
    """Targets as the programme plans them: a baseline in 2022 and a target per year."""
    plan = {
        "municipalities_monitored": (12, {2023: 12, 2024: 10, 2025: 10}),
        "meetings_monitored": (84, {2023: 96, 2024: 110, 2025: 120}),
        "reports_published": (9, {2023: 12, 2024: 10, 2025: 10}),
        "citizen_workshops": (18, {2023: 24, 2024: 30, 2025: 30}),
        "public_forums": (8, {2023: 16, 2024: 4, 2025: 8}),
        "candidates_engaged": (30, {2023: 50, 2024: 0, 2025: 40}),
        "unique_participants": (2000, {2023: 2200, 2024: 2600, 2025: 2800}),
        "people_reached": (95000, {2023: 100000, 2024: 115000, 2025: 125000}),
        "share_women": (0.5, {2023: 0.5, 2024: 0.5, 2025: 0.5}),
        "share_young": (0.3, {2023: 0.3, 2024: 0.32, 2025: 0.35}),
    }
    return pd.DataFrame([(m, y, float(t), 2022, float(b)) for m, (b, ts) in plan.items() for y, t in ts.items()],
                        columns=["metric", "year", "target", "baseline_year", "baseline"])


def generate(seed: int = SEED, progress=None) -> dict[str, pd.DataFrame]:
    """All tables of the data model, from one seed (popdash.dev.scale.generate_at gives the
    synthetic network at other scales). `progress(step, 0.0)` is called as each of STEPS starts."""
    progress = progress or (lambda step, fraction: None)
    rng = np.random.default_rng(seed)
    municipalities, memberships = build_municipalities()
    progress("meetings", 0.0)
    meetings, meeting_obs, period_obs = build_meetings(rng)
    progress("events", 0.0)
    events = build_events(rng)
    progress("attendance", 0.0)
    attendance = build_attendance(rng, events)
    progress("social_contracts", 0.0)
    contracts, priorities, assessments = build_social_contracts(rng)
    progress("reports", 0.0)
    reports, recommendations = build_reports(rng)
    # Drawn in the order the table literal below once drew them, so the seed gives the same data.
    progress("candidates", 0.0)
    candidates = build_candidates(rng)
    progress("outreach", 0.0)
    outreach = build_outreach(rng, events, attendance)
    frames = {
        "municipalities": municipalities,
        "memberships": memberships,
        "meetings": meetings,
        "meeting_observations": meeting_obs,
        "period_observations": period_obs,
        "events": events,
        "attendance": attendance,
        "candidates": candidates,
        "social_contracts": contracts,
        "priorities": priorities,
        "assessments": assessments,
        "reports": reports,
        "recommendations": recommendations,
        "outreach": outreach,
        "targets": build_targets(),
    }
    # Outcomes are drawn from the recommendations accepted and the priorities addressed above,
    # with a generator of their own so the other tables stay as they were.
    progress("outcomes", 0.0)
    frames["outcomes"] = sample_outcomes(frames, seed, YEARS)
    return frames
