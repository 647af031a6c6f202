"""The story told at public forums and in donor reports: which slides, the figures each shows
and its sentences, written from the data. Plain data structures, shared by forum mode, the
slide deck and the factsheet so all three tell the same story with the same figures."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from popdash.i18n import Translator, in_language, localized
from popdash.i18n.numbers import format_date, format_number, format_percent
from popdash.views import key_figures, palette, transparency

Runner = Callable[..., pd.DataFrame]  # run(query_name, **params): ctx.run or popdash.data.named_queries.runner()

STATUSES = ("full", "partial", "none")
RESPONSES = ("accepted", "partly", "rejected", "no_answer")
PILLARS = ("infrastructure", "governance", "economy", "social")
MONITORING_FIGURES = ("municipalities_monitored", "meetings_monitored", "reports_published")
ENGAGEMENT_FIGURES = ("citizen_workshops", "public_forums", "candidates_engaged", "unique_participants",
                      "people_reached")
HIGHLIGHT = palette.CATEGORICAL[0]
LIGHT = "#9ecae1"
EXAMPLES = 2         # kept and still-open promises named on the promises slide, each
MAIN_RECOMMENDATIONS = 3


@dataclass(frozen=True)
class Figure:
    """One big number: its label, raw value and text in the story's language."""
    key: str
    label: str
    value: float | None
    text: str
    note: str = ""


@dataclass(frozen=True)
class Series:
    key: str
    name: str
    values: tuple[float, ...]
    color: str


@dataclass(frozen=True)
class Chart:
    """Chart data any renderer can draw: categories along one axis, one or more series."""
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    kind: str = "column"          # column (vertical bars) or bar (horizontal)
    stacked: bool = False
    maximum: float | None = None  # fixed top of the value axis (100 for scores)
    highlight: str | None = None  # the category to emphasise (the story's year)

    def frame(self) -> pd.DataFrame:
        """The chart's data as a table: one row per category, one column per series."""
        data = {"": list(self.categories)}
        data.update({s.name: list(s.values) for s in self.series})
        return pd.DataFrame(data)


@dataclass(frozen=True)
class Slide:
    key: str
    title: str
    subtitle: str = ""
    figures: tuple[Figure, ...] = ()
    bullets: tuple[str, ...] = ()
    chart: Chart | None = None
    notes: str = ""


@dataclass(frozen=True)
class Story:
    lang: str
    year: int
    municipality: str | None          # None: the whole network
    scope: str                        # "Shkodër" or "Rrjeti: 10 bashki"
    municipalities: tuple[str, ...]   # the codes the figures cover
    slides: tuple[Slide, ...]
    figures: dict[str, float] | None  # the eight key figures of the year (None: no data)
    results: dict[str, float | None] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    sample: bool = False

    @property
    def has_data(self) -> bool:
        return self.figures is not None

    def slide(self, key: str) -> Slide:
        return next(s for s in self.slides if s.key == key)


def build_story(run: Runner, year: int, lang: str, municipality: str | None = None,
                sample: bool = False) -> Story:
    """The story of one year for one municipality, or for the network (the year's members)."""
    t = Translator(lang)
    places = run("municipalities")
    names = dict(zip(places.municipality_code, localized(places, "name", t.lang)))
    partners = dict(zip(places.municipality_code, localized(places, "partner", t.lang)))
    members = year_members(run("members_by_year"), year)
    codes = [municipality] if municipality else members
    scope = names.get(municipality, municipality) if municipality else t("scope.network", n=len(members))

    by_year = run("key_figures_by_year", municipalities=codes)
    current = key_figures.figures_for_year(by_year, year)
    cover = cover_slide(t, year, scope, municipality, partners, len(members), sample)
    if current is None:
        return Story(t.lang, year, municipality, scope, tuple(codes), (cover,), None, sample=sample,
                     tables={"key_figures": by_year})
    previous = key_figures.figures_for_year(by_year, year - 1)

    rubric = transparency.rubric_params()
    scores = run("transparency_index_by_municipality", municipalities=codes, **rubric)
    network_scores = scores if not municipality else run(
        "transparency_index_by_municipality", municipalities=members, **rubric)
    cycle = choose_cycle(run("contract_cycles_by_end_year", municipalities=codes), year)
    contract = {}
    if cycle is not None:
        contract_params = {"year": year, "municipalities": codes, "cycle_end": cycle[1]}
        contract = {
            "status": run("priority_status_by_municipality", **contract_params),
            "pillars": run("priorities_by_pillar", **contract_params),
            "priorities": run("priorities_list", statuses=list(STATUSES), **contract_params),
        }
    uptake = run("uptake_by_municipality", year=year, municipalities=codes)
    recommendations = run("recommendations_list", year=year, municipalities=codes, report="")

    index_slide, index_results = transparency_slide(t, year, scores, network_scores, municipality, names,
                                                    rubric["min_meetings"])
    promise_slide, promise_results = promises_slide(t, year, cycle, contract, municipality, names)
    answer_slide, answer_results = recommendations_slide(t, year, uptake, recommendations, municipality)
    slides = (
        cover,
        figures_slide(t, "monitoring", year, by_year, current, previous,
                      [k for k in MONITORING_FIGURES if not (municipality and k == "municipalities_monitored")],
                      chart_metric="meetings_monitored"),
        figures_slide(t, "engagement", year, by_year, current, previous, list(ENGAGEMENT_FIGURES),
                      chart_metric="unique_participants", sentences=("unique_participants", "people_reached",
                                                                     "citizen_workshops")),
        index_slide,
        promise_slide,
        answer_slide,
    )
    tables = {"key_figures": by_year, "transparency": scores, "recommendations": uptake,
              "recommendation_list": recommendations}
    if contract:
        tables.update({"promises": contract["status"], "promises_by_pillar": contract["pillars"],
                       "promise_list": contract["priorities"]})
    return Story(t.lang, year, municipality, scope, tuple(codes), slides, current,
                 {**index_results, **promise_results, **answer_results}, tables, sample)


def year_members(members: pd.DataFrame, year: int) -> list[str]:
    """The municipalities the programme monitors in a year, in a stable order."""
    return sorted(members.loc[members.year == year, "municipality_code"].tolist())


def choose_cycle(cycles: pd.DataFrame, year: int) -> tuple[int, int] | None:
    """The social-contract cycle to report for a year: the latest one running in the year whose
    priorities had been assessed by its end; else the latest cycle assessed by then."""
    end_of_year = pd.Timestamp(year, 12, 31)
    assessed = cycles[pd.to_datetime(cycles.first_assessed) <= end_of_year]
    running = assessed[(assessed.cycle_start <= year) & (assessed.cycle_end >= year)]
    pick = running if not running.empty else assessed
    if pick.empty:
        return None
    row = pick.sort_values("cycle_end").iloc[-1]
    return int(row.cycle_start), int(row.cycle_end)


def change_sentence(t: Translator, key: str, year: int, current: dict, previous: dict | None) -> str:
    """One figure, now and against the previous year, in words."""
    now = current[key]
    values = {"metric": t(f"metric.{key}"), "now": format_number(now, t.lang), "year": year, "previous": year - 1}
    if previous is None:
        return t("forum.change.first", **values)
    before = previous[key]
    values["before"] = format_number(before, t.lang)
    if now == before:
        return t("forum.change.same", **values)
    if not before:
        return t("forum.change.new", **values)
    values["change"] = format_percent(abs(now - before) / before, t.lang)
    return t("forum.change.rose" if now > before else "forum.change.fell", **values)


def cover_slide(t: Translator, year: int, scope: str, municipality: str | None, partners: dict,
                members: int, sample: bool) -> Slide:
    reach = t("forum.cover.partner", partner=partners.get(municipality, "")) if municipality \
        else t("forum.cover.network", n=members)
    bullets = [reach, t("forum.cover.support")] + ([t("forum.cover.sample")] if sample else [])
    return Slide("cover", t("forum.cover.title"), t("forum.cover.scope_year", scope=scope, year=year),
                 bullets=tuple(bullets), notes=t("slides.notes.cover", year=year))


def figures_slide(t: Translator, key: str, year: int, by_year: pd.DataFrame, current: dict,
                  previous: dict | None, shown: list[str], chart_metric: str,
                  sentences: tuple[str, ...] | None = None) -> Slide:
    """Key figures of the year as big numbers, what changed, and one of them over the years."""
    figures = tuple(Figure(k, t(f"metric.{k}"), current[k], format_number(current[k], t.lang)) for k in shown)
    bullets = tuple(change_sentence(t, k, year, current, previous) for k in (sentences or shown))
    years = [str(int(y)) for y in by_year.year]
    chart = Chart(t(f"forum.{key}.chart"), tuple(years),
                  (Series(chart_metric, t(f"metric.{chart_metric}"), tuple(float(v) for v in by_year[chart_metric]),
                          HIGHLIGHT),),
                  highlight=str(year))
    return Slide(key, t(f"forum.{key}.title", year=year), figures=figures, bullets=bullets, chart=chart,
                 notes=t(f"slides.notes.{key}"))


def network_index(scores: pd.DataFrame) -> pd.DataFrame:
    """Per year: the plain mean of the index and legal-minimum scores over the municipalities
    with sufficient data, how many they are and the meetings scored."""
    usable = scores[scores.sufficient & scores.index_score.notna()]
    if usable.empty:
        return pd.DataFrame(columns=["year", "index_score", "legal_minimum_score", "municipalities", "meetings"])
    return (usable.groupby("year", as_index=False)
            .agg(index_score=("index_score", "mean"), legal_minimum_score=("legal_minimum_score", "mean"),
                 municipalities=("municipality_code", "nunique"), meetings=("meetings_scored", "sum")))


def transparency_slide(t: Translator, year: int, scores: pd.DataFrame, network_scores: pd.DataFrame,
                       municipality: str | None, names: dict, min_meetings: int) -> tuple[Slide, dict]:
    """The transparency index of the year, how it moved, and the legal-minimum sub-score."""
    series = network_index(scores).set_index("year")
    this_year = scores[scores.year == year]
    meetings = int(this_year.meetings_scored.sum())
    now = float(series.loc[year, "index_score"]) if year in series.index else None
    before = float(series.loc[year - 1, "index_score"]) if year - 1 in series.index else None
    legal = float(series.loc[year, "legal_minimum_score"]) if year in series.index else None
    delta = None if now is None or before is None else round(now) - round(before)
    out_of = t("forum.transparency.out_of")
    figures = (
        Figure("index_score", t("forum.transparency.index"), now, format_number(now, t.lang), out_of),
        Figure("index_change", t("forum.transparency.change", previous=year - 1), delta,
               "–" if delta is None else f"{'+' if delta > 0 else '−' if delta < 0 else '±'}{abs(delta)}",
               t("forum.transparency.points")),
        Figure("legal_minimum_score", t("forum.transparency.legal"), legal, format_number(legal, t.lang), out_of),
        Figure("meetings_scored", t("forum.transparency.meetings"), meetings, format_number(meetings, t.lang)),
    )
    bullets = []
    if now is None:
        bullets.append(t("forum.transparency.insufficient", meetings=format_number(meetings, t.lang), min=min_meetings))
    else:
        values = {"now": format_number(now, t.lang), "year": year, "previous": year - 1}
        if before is None:
            bullets.append(t("forum.transparency.no_previous", **values))
        elif delta == 0:
            bullets.append(t("forum.transparency.same", **values))
        else:
            bullets.append(t("forum.transparency.rose" if delta > 0 else "forum.transparency.fell",
                             before=format_number(before, t.lang), change=abs(delta), **values))
        bullets.append(t("forum.transparency.legal_sentence", score=format_number(legal, t.lang)))
        if municipality:
            network = network_index(network_scores).set_index("year")
            network_now = format_number(float(network.loc[year, "index_score"]), t.lang) if year in network.index else "–"
            bullets.append(t("forum.transparency.municipality_basis", meetings=format_number(meetings, t.lang),
                             network=network_now))
        else:
            usable = this_year[this_year.sufficient & this_year.index_score.notna()].sort_values("index_score")
            bullets.append(t("forum.transparency.network_basis", n=len(usable), min=min_meetings))
            if len(usable) > 1:
                best, worst = usable.iloc[-1], usable.iloc[0]
                bullets.append(t("forum.transparency.range",
                                 best=names.get(best.municipality_code, best.municipality_code),
                                 best_score=format_number(best.index_score, t.lang),
                                 worst=names.get(worst.municipality_code, worst.municipality_code),
                                 worst_score=format_number(worst.index_score, t.lang)))
    years = [int(y) for y in series.index]
    chart = Chart(t("forum.transparency.chart"), tuple(str(y) for y in years), (
        Series("index_score", t("forum.transparency.index"),
               tuple(round(float(series.loc[y, "index_score"]), 1) for y in years), HIGHLIGHT),
        Series("legal_minimum_score", t("forum.transparency.legal"),
               tuple(round(float(series.loc[y, "legal_minimum_score"]), 1) for y in years), palette.TARGET),
    ), maximum=100, highlight=str(year)) if years else None
    slide = Slide("transparency", t("forum.transparency.title"), figures=figures, bullets=tuple(bullets),
                  chart=chart, notes=t("slides.notes.transparency", min=min_meetings))
    return slide, {"index_score": now, "index_change": delta, "legal_minimum_score": legal}


def quoted(t: Translator, text: str) -> str:
    """Texts recorded in Albanian, marked as such for English readers."""
    return in_language(text, f"{text} {t('forum.original_language')}", t.lang)


def examples(priorities: pd.DataFrame, status: str, with_place: bool, limit: int,
             skip: tuple[str, ...] = ()) -> pd.DataFrame:
    """A few distinct promises with the given status, one per municipality for the network (texts
    in `skip` are left out: one contract may repeat a promise with different statuses)."""
    chosen = priorities[(priorities.status == status) & ~priorities.text_sq.isin(skip)].drop_duplicates("text_sq")
    if with_place:
        chosen = chosen.drop_duplicates("municipality_code")
    return chosen.head(limit)


def promise_text(t: Translator, row, names: dict, with_place: bool) -> str:
    text = quoted(t, row.text_sq)
    return f"{names.get(row.municipality_code, row.municipality_code)} – {text}" if with_place else text


def promises_slide(t: Translator, year: int, cycle: tuple[int, int] | None, contract: dict,
                   municipality: str | None, names: dict) -> tuple[Slide, dict]:
    """Social-contract promises addressed and still open, with the shares and their denominator."""
    notes = t("slides.notes.promises")
    if cycle is None or contract["status"].empty:
        return Slide("promises", t("forum.promises.title_none"), bullets=(t("forum.promises.none", year=year),),
                     notes=notes), {"promises": None, "promises_addressed": None, "promises_share": None}
    status, pillars, priorities = contract["status"], contract["pillars"], contract["priorities"]
    counts = {s: int(status[s].sum()) for s in STATUSES}
    total = int(status.priorities.sum())
    addressed = counts["full"] + counts["partial"]
    share = addressed / total if total else None
    figures = tuple(Figure(s, t(f"forum.status.{s}"), counts[s], format_number(counts[s], t.lang),
                           format_percent(counts[s] / total if total else None, t.lang)) for s in STATUSES)
    assessed = priorities.assessed_date.dropna()
    bullets = [
        t("forum.promises.addressed", addressed=format_number(addressed, t.lang), total=format_number(total, t.lang),
          share=format_percent(share, t.lang), date=format_date(assessed.max(), t.lang, "long")),
        t("forum.promises.weighted",
          score=format_percent((counts["full"] + 0.5 * counts["partial"]) / total if total else None, t.lang)),
    ]
    network = not municipality
    kept = examples(priorities, "full", network, EXAMPLES)
    still_open = examples(priorities, "none", network, EXAMPLES, skip=tuple(kept.text_sq))
    bullets += [t("forum.promises.done_item", text=promise_text(t, r, names, network)) for r in kept.itertuples()]
    bullets += [t("forum.promises.open_item", text=promise_text(t, r, names, network))
                for r in still_open.itertuples()]
    present = [p for p in PILLARS if p in set(pillars.pillar)]
    by_pillar = pillars.set_index("pillar")
    chart = Chart(t("forum.promises.chart"), tuple(t(f"forum.pillar.{p}") for p in present), tuple(
        Series(s, t(f"forum.status.{s}"), tuple(float(by_pillar.loc[p, s]) for p in present), palette.STATUS[s])
        for s in STATUSES), kind="bar", stacked=True)
    cycle_label = f"{cycle[0]}–{cycle[1]}"
    slide = Slide("promises", t("forum.promises.title", cycle=cycle_label), figures=figures, bullets=tuple(bullets),
                  chart=chart, notes=notes)
    return slide, {"promises": total, "promises_addressed": addressed, "promises_share": share}


def main_recommendations(t: Translator, recommendations: pd.DataFrame, municipality: str | None) -> list[str]:
    """For one municipality, its recommendations and answers; for the network, the
    recommendations made in most municipalities, with how they were answered."""
    if municipality:
        rows = recommendations.drop_duplicates("text_sq").head(MAIN_RECOMMENDATIONS + 1)
        return [t("forum.recommendations.item_one", text=quoted(t, r.text_sq),
                  response=t(f"forum.response.{r.response}")) for r in rows.itertuples()]
    items = []
    grouped = recommendations.groupby("text_sq", sort=False)
    ranked = sorted(grouped, key=lambda pair: (-pair[1].municipality_code.nunique(), pair[0]))
    for text, rows in ranked[:MAIN_RECOMMENDATIONS]:
        answers = rows.response.value_counts()
        responses = ", ".join(f"{format_number(answers[r], t.lang)} {t(f'forum.response.{r}').lower()}"
                              for r in RESPONSES if r in answers)
        items.append(t("forum.recommendations.item_network", text=quoted(t, text),
                       count=format_number(len(rows), t.lang), n=rows.municipality_code.nunique(),
                       responses=responses))
    return items


def recommendations_slide(t: Translator, year: int, uptake: pd.DataFrame, recommendations: pd.DataFrame,
                          municipality: str | None) -> tuple[Slide, dict]:
    """The recommendations of the year's reports and how the municipalities answered them."""
    title = t("forum.recommendations.title_one" if municipality else "forum.recommendations.title")
    notes = t("slides.notes.recommendations")
    totals = uptake[uptake.is_total]
    if totals.empty:
        return Slide("recommendations", title, bullets=(t("forum.recommendations.none", year=year),), notes=notes), \
            {"recommendations": 0, "recommendations_taken_up": 0, "uptake": None}
    row = totals.iloc[0]
    total, taken = int(row.recommendations), int(row.accepted + row.partly)
    figures = (
        Figure("recommendations", t("forum.recommendations.total", year=year), total, format_number(total, t.lang)),
        Figure("uptake", t("forum.recommendations.uptake"), float(row.uptake), format_percent(row.uptake, t.lang),
               f"{format_number(taken, t.lang)} / {format_number(total, t.lang)}"),
    )
    bullets = [t("forum.recommendations.uptake_sentence", taken=format_number(taken, t.lang),
                 total=format_number(total, t.lang), share=format_percent(row.uptake, t.lang))]
    bullets += main_recommendations(t, recommendations, municipality)
    chart = Chart(t("forum.recommendations.chart"), tuple(t(f"forum.response.{r}") for r in RESPONSES), (
        Series("recommendations", t("forum.recommendations.total", year=year),
               tuple(float(row[r]) for r in RESPONSES), HIGHLIGHT),), kind="bar")
    slide = Slide("recommendations", title, figures=figures, bullets=tuple(bullets), chart=chart, notes=notes)
    return slide, {"recommendations": total, "recommendations_taken_up": taken, "uptake": float(row.uptake)}
