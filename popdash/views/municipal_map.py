"""The map of the municipalities: the values drawn per monitored municipality, the choropleth
within the municipal boundaries (others grey, county and national borders over them), the
scorecard's locator, label placement and the takeaway."""
from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go

from popdash.i18n import Translator, localized, localized_text
from popdash.i18n.numbers import format_number
from popdash.i18n.safe_text import escape_markdown
from popdash.views import charts, geometry as geo, palette

MEASURES = ("index", "legal_minimum", "priorities", "participants")
# Where each municipality's label sits beside its marker. Chosen by hand from the seats:
# Shkodër, Vau i Dejës and Pukë are ~20-60 px apart at the map's scale, and Tiranë, Kamëz
# and Durrës too, so neighbours put their labels on opposite sides. West-coast labels go
# left, into the sea, where nothing else is drawn.
LABEL_POSITIONS = {
    "SHK": "middle left",
    "VDE": "bottom center",
    "PUK": "top center",
    "KUK": "middle right",
    "TIR": "middle right",
    "KAM": "top center",
    "DUR": "middle left",
    "ELB": "middle right",
    "FIE": "middle left",
    "VLO": "middle left",
    "KOR": "middle right",
    "POG": "middle right",
}
DEFAULT_LABEL_POSITION = "top center"
MARKER_SIZE = 21
# Outside the programme: light grey; no value: white in a grey border; borders over the fills.
OTHER_FILL = "#e4e4e0"
NO_VALUE_FILL = "#fbfbfb"
NO_VALUE = "#6e6e6e"
COUNTY_LINE = "#8a8a86"
BORDER_LINE = "#3a3a3a"
CHOSEN_LINE = "#000000"
# Light blue to dark purple (palette.SEQUENTIAL without its near-white first step, which
# would vanish on the grey counties): colour-blind safe, no red-green.
COLORSCALE = [[i / (len(palette.SEQUENTIAL) - 2), c] for i, c in enumerate(palette.SEQUENTIAL[1:])]
# The index and its legal-minimum sub-score are coloured by the rubric's bands (low, medium,
# high: data/rubric.toml), three clearly different steps of the same scale.
BAND_COLORS = (palette.SEQUENTIAL[1], palette.SEQUENTIAL[2], palette.SEQUENTIAL[4])
BANDED = ("index", "legal_minimum")
DEFAULT_BANDS = {"medium": 40, "high": 70}  # data/rubric.toml's; pages pass the file's own
FRAME = ([18.45, 21.75], [39.62, 42.7])  # lon, lat: Albania plus room for the labels beside the coast and border
EMPTY_LAYER = {"type": "FeatureCollection", "features": []}  # no boundary file: every member as a marker
HALO = "0 0 3px #ffffff, 0 0 3px #ffffff, 0 0 2px #ffffff"


def map_frame(municipalities: pd.DataFrame, index: pd.DataFrame, priorities: pd.DataFrame,
              participants: pd.DataFrame, year: int, members) -> pd.DataFrame:
    """One row per member municipality of the year with every measure the map can show.

    Columns: municipality_code, name_sq, name_en, seat_lat, seat_lon, population, meetings,
    meetings_scored, sufficient, index_score, legal_minimum_score, coverage, share_addressed,
    priorities_assessed, unique_participants, participants_per_thousand.
    """
    base = municipalities[municipalities.municipality_code.isin(list(members))][
        ["municipality_code", "name_sq", "name_en", "seat_lat", "seat_lon", "population"]]
    year_index = index[index.year == year][["municipality_code", "meetings", "meetings_scored", "sufficient",
                                            "index_score", "legal_minimum_score", "coverage"]]
    contract = priorities[["municipality_code", "share_addressed", "assessed"]].rename(
        columns={"assessed": "priorities_assessed"})
    people = participants[["municipality_code", "unique_participants", "participants_per_thousand"]]
    frame = base.merge(year_index, on="municipality_code", how="left") \
        .merge(contract, on="municipality_code", how="left") \
        .merge(people, on="municipality_code", how="left")
    frame["meetings"] = frame.meetings.fillna(0).astype(int)
    frame["meetings_scored"] = frame.meetings_scored.fillna(0).astype(int)
    frame["sufficient"] = frame.sufficient.fillna(False).astype(bool)
    return frame.sort_values("municipality_code").reset_index(drop=True)


def measure_values(frame: pd.DataFrame, measure: str) -> pd.Series:
    """The number drawn for a measure; NaN where there is none to show.

    The index and the legal-minimum sub-score are withheld below the minimum number of
    meetings (the insufficient-data rule), whatever was computed.
    """
    # Scores are shown as whole numbers; colour and rank follow the number people read, so a
    # 69.9 printed as 70 is not coloured a band below its label.
    if measure == "index":
        return frame.index_score.where(frame.sufficient).round(0)
    if measure == "legal_minimum":
        return frame.legal_minimum_score.where(frame.sufficient).round(0)
    if measure == "priorities":
        return frame.share_addressed * 100
    if measure == "participants":
        return frame.participants_per_thousand.astype(float)
    raise ValueError(f"unknown measure {measure!r}")


def missing_reason(row: pd.Series, measure: str) -> str:
    """Why a municipality has no value: 'insufficient' (too few meetings) or 'no_data'."""
    if measure in ("index", "legal_minimum") and pd.notna(row.index_score) and not row.sufficient:
        return "insufficient"
    return "no_data"


def format_value(value, measure: str, lang: str) -> str:
    """A measure's value as people read it: 64, 58%, 3,3."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if measure == "priorities":
        return format_number(value, lang) + "%"
    if measure == "participants":
        return format_number(value, lang, decimals=1)
    return format_number(value, lang)


def color_range(values: pd.Series, measure: str) -> tuple[float, float]:
    """Fixed 0-100 for scores and shares (comparable across years); 0 to a round maximum
    for the participation rate."""
    if measure != "participants":
        return 0.0, 100.0
    top = values.max()
    if pd.isna(top) or top <= 0:
        return 0.0, 1.0
    step = 10 ** math.floor(math.log10(top))
    return 0.0, math.ceil(top / step) * step


def color_scale(measure: str, bands: dict) -> list:
    """The Plotly colorscale of a measure: stepped by band for scores, continuous otherwise."""
    if measure not in BANDED:
        return COLORSCALE
    medium, high = bands["medium"] / 100, bands["high"] / 100
    low_c, medium_c, high_c = BAND_COLORS
    return [[0, low_c], [medium, low_c], [medium, medium_c], [high, medium_c], [high, high_c], [1, high_c]]


def colorbar(measure: str, bands: dict, t: Translator, year: int | None = None) -> dict:
    """The legend of the colours, titled with the indicator, its scale and its year; scores
    name their bands."""
    # Horizontal, under the map: a vertical bar would take width from a tall, narrow country.
    title = t(f"map.colorbar.{measure}") + (f", {year}" if year else "")
    bar = dict(title=dict(text=title, side="top"), orientation="h", thickness=12,
               len=0.8, x=0.5, xanchor="center", y=0.0, yanchor="top", tickfont=dict(size=12))
    if measure in BANDED:
        medium, high = bands["medium"], bands["high"]
        bar.update(tickvals=[medium / 2, (medium + high) / 2, (high + 100) / 2],
                   ticktext=[t("map.band.low", medium=medium), t("map.band.medium", medium=medium, high_below=high - 1),
                             t("map.band.high", high=high)], ticks="")
    return bar


def score_text(row: pd.Series, column: str, t: Translator) -> str:
    """An index or sub-score for hover text, or 'insufficient data' below the rule."""
    if pd.isna(row[column]):
        return t("index.no_data")
    if not row.sufficient:
        return t("index.insufficient_short")
    return format_number(row[column], t.lang)


def hover_text(row: pd.Series, measure: str, value, t: Translator) -> str:
    """Hover text: the index, the legal-minimum sub-score, the meetings, the measure shown."""
    lines = [
        f"<b>{row['name']}</b>",
        f"{t('index.index_score')}: {score_text(row, 'index_score', t)}",
        f"{t('index.legal_minimum_score')}: {score_text(row, 'legal_minimum_score', t)}",
        t("index.meetings_count", n=format_number(row.meetings_scored, t.lang)),
    ]
    if measure == "priorities":
        lines.append(f"{t('map.measure.priorities')}: {format_value(value, measure, t.lang)}")
    elif measure == "participants":
        lines.append(f"{t('map.measure.participants')}: {format_value(value, measure, t.lang)}")
    lines.append(f"<i>{t('map.hover_open')}</i>")
    return "<br>".join(lines)


def label_text(row: pd.Series, measure: str, value, t: Translator) -> str:
    """The label beside a marker: name and value, or name and why there is none."""
    if pd.isna(value):
        reason = missing_reason(row, measure)
        return f"{row['name']} · {t(f'map.label.{reason}')}"
    return f"{row['name']} · {format_value(value, measure, t.lang)}"


def former_members(members_by_year: dict, year: int) -> dict[str, int]:
    """Municipalities that were in the programme before `year` but are not in it that year,
    with their last year in it (Kamëz and Pogradec: 2023)."""
    current = set(members_by_year.get(year, []))
    last: dict[str, int] = {}
    for member_year, codes in members_by_year.items():
        if member_year < year:
            for code in set(codes) - current:
                last[code] = max(member_year, last.get(code, member_year))
    return last


def outline_trace(collection: dict, color: str, width: float, name: str) -> go.Scattergeo:
    """The rings of a FeatureCollection as one line trace: borders drawn over the fills,
    never clickable."""
    lon, lat = [], []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for ring in (ring for polygon in polygons for ring in polygon):
            lon += [p[0] for p in ring] + [None]
            lat += [p[1] for p in ring] + [None]
    return go.Scattergeo(lon=lon, lat=lat, mode="lines", line=dict(color=color, width=width),
                         hoverinfo="skip", showlegend=False, name=name)


def subset(collection: dict, codes) -> dict:
    """The features of the given codes, so each polygon is sent to the browser once."""
    wanted = set(codes)
    return {"type": "FeatureCollection",
            "features": [f for f in collection["features"] if f["properties"]["code"] in wanted]}


def shape_trace(collection: dict, rows: pd.DataFrame, z, **style) -> go.Choropleth:
    """Municipal polygons of `rows` (municipality_code, hover), clickable by their code."""
    return go.Choropleth(
        geojson=subset(collection, rows.municipality_code), featureidkey="properties.code",
        locations=rows.municipality_code, z=z, customdata=rows.municipality_code, text=rows.hover,
        hovertemplate="%{text}<extra></extra>", **style)


def other_rows(collection: dict, members, year: int, former: dict, t: Translator) -> pd.DataFrame:
    """The municipalities outside the programme this year, with a hover that says why."""
    rows = []
    for feature in collection["features"]:
        props = feature["properties"]
        if props["code"] in members:
            continue
        name = localized_text(props, "name", t.lang) or props["code"]
        last = former.get(props["code"])
        status = t("map.hover_former", last=last) if last else t("map.hover_outside", year=year)
        rows.append({"municipality_code": props["code"], "hover": f"<b>{name}</b><br>{status}"})
    return pd.DataFrame(rows, columns=["municipality_code", "hover"])


def marker_trace(rows: pd.DataFrame, **marker) -> go.Scattergeo:
    """Members without a polygon in the boundary layer, as a marker at their seat."""
    return go.Scattergeo(lat=rows.seat_lat, lon=rows.seat_lon, mode="markers", customdata=rows.municipality_code,
                         hovertext=rows.hover, hovertemplate="%{hovertext}<extra></extra>",
                         marker=dict(size=MARKER_SIZE, **marker), showlegend=False, name="seats")


def build_municipality_map(frame: pd.DataFrame, measure: str, t: Translator, municipalities: dict,
                           counties: dict, outline: dict, year: int, former: dict | None = None, chosen=(),
                           bands: dict | None = None, height: int = 640) -> go.Figure:
    """The municipalities coloured by a measure within their own boundaries.

    `frame` holds the year's members (map_frame); every other municipality of
    `municipalities` (a FeatureCollection with properties.code) is drawn light grey, with
    county and national borders over them. Members without a value (insufficient data, no
    data) are white with a grey border and say so in their label. A member the boundary layer
    lacks is drawn as a marker at its seat. customdata holds the municipality code, for clicks.
    """
    data = frame.copy()
    data["name"] = localized(data, "name", t.lang)
    data["value"] = measure_values(data, measure)
    cmin, cmax = color_range(data.value, measure)
    data["label"] = [label_text(r, measure, r.value, t) for _, r in data.iterrows()]
    data["hover"] = [hover_text(r, measure, r.value, t) for _, r in data.iterrows()]
    data["position"] = data.municipality_code.map(LABEL_POSITIONS).fillna(DEFAULT_LABEL_POSITION)
    data["chosen"] = data.municipality_code.isin(list(chosen))
    shaped = {f["properties"]["code"] for f in municipalities["features"]}
    has_shape = data.municipality_code.isin(shaped)
    valued, hollow = data[data.value.notna() & has_shape], data[data.value.isna() & has_shape]
    bands = bands or DEFAULT_BANDS
    scale = color_scale(measure, bands)
    legend = colorbar(measure, bands, t, year)

    others = other_rows(municipalities, set(data.municipality_code), year, former or {}, t)
    fig = go.Figure(shape_trace(municipalities, others, [0] * len(others), colorscale=[[0, OTHER_FILL], [1, OTHER_FILL]],
                                showscale=False, marker=dict(line=dict(color="#ffffff", width=0.6)),
                                name="others"))
    if not valued.empty:
        fig.add_trace(shape_trace(
            municipalities, valued, valued.value, zmin=cmin, zmax=cmax, colorscale=scale, colorbar=legend,
            marker=dict(line=dict(color=[CHOSEN_LINE if c else "#ffffff" for c in valued.chosen],
                                  width=[3 if c else 0.8 for c in valued.chosen])),
            name=t(f"map.measure.{measure}")))
    if not hollow.empty:
        fig.add_trace(shape_trace(
            municipalities, hollow, [0] * len(hollow), colorscale=[[0, NO_VALUE_FILL], [1, NO_VALUE_FILL]],
            showscale=False, marker=dict(line=dict(color=[CHOSEN_LINE if c else NO_VALUE for c in hollow.chosen],
                                                   width=[3 if c else 1.5 for c in hollow.chosen])),
            name=t("map.legend_no_value")))
    unshaped = data[~has_shape]
    if not unshaped.empty:
        fig.add_trace(marker_trace(unshaped, color=unshaped.value.fillna(cmin), cmin=cmin, cmax=cmax,
                                   colorscale=scale, line=dict(color="#3a3a3a", width=1.2)))
    fig.add_trace(outline_trace(counties, COUNTY_LINE, 1.1, "counties"))
    fig.add_trace(outline_trace(outline, BORDER_LINE, 1.6, "border"))
    fig.add_trace(go.Scattergeo(
        lat=data.seat_lat, lon=data.seat_lon, mode="text", text=data.label, textposition=data.position.tolist(),
        textfont=dict(size=13, color="#1a1a1a", shadow=HALO), hoverinfo="skip", showlegend=False, name="labels"))
    credit = geo.attribution(municipalities)
    if credit:
        fig.add_annotation(text=html.escape(credit), xref="paper", yref="paper", x=1.0, y=0.0, xanchor="right",
                           yanchor="bottom", showarrow=False, font=dict(size=11, color="#4d4d4d"),
                           bgcolor="rgba(255,255,255,0.8)")
    fig.update_geos(
        visible=False, showland=False, showcountries=False, showcoastlines=False, showocean=False,
        showlakes=False, showframe=False, projection_type="mercator", fitbounds=False,
        lonaxis_range=FRAME[0], lataxis_range=FRAME[1], bgcolor="rgba(0,0,0,0)",
    )
    charts.style(fig, t.lang, height=height)
    fig.update_layout(margin=dict(l=0, r=0, t=10, b=70), dragmode=False, clickmode="event+select", showlegend=False)
    return fig


def build_locator_map(municipalities: dict, counties: dict, outline: dict, code: str, name: str,
                      color: str, height: int = 300) -> go.Figure:
    """A small map that places one municipality among all the others (scorecard)."""
    rows = pd.DataFrame({"municipality_code": [f["properties"]["code"] for f in municipalities["features"]]})
    rows["hover"] = ""
    others, this = rows[rows.municipality_code != code], rows[rows.municipality_code == code]
    fig = go.Figure(shape_trace(municipalities, others, [0] * len(others), colorscale=[[0, OTHER_FILL], [1, OTHER_FILL]],
                                showscale=False, marker=dict(line=dict(color="#ffffff", width=0.5)),
                                hoverinfo="skip", name="others"))
    fig.add_trace(shape_trace(municipalities, this.assign(hover=name), [0], colorscale=[[0, color], [1, color]],
                              showscale=False, marker=dict(line=dict(color=CHOSEN_LINE, width=1.5)), name=name))
    fig.add_trace(outline_trace(counties, COUNTY_LINE, 0.8, "counties"))
    fig.add_trace(outline_trace(outline, BORDER_LINE, 1.2, "border"))
    fig.update_geos(visible=False, projection_type="mercator", fitbounds=False, lonaxis_range=[19.2, 21.1],
                    lataxis_range=[39.6, 42.7], bgcolor="rgba(0,0,0,0)")
    fig.update_layout(height=height, margin=dict(l=0, r=0, t=0, b=0), dragmode=False, showlegend=False,
                      paper_bgcolor="rgba(0,0,0,0)")
    return fig


def band_color(value, bands: dict | None = None) -> str:
    """The map's colour for an index or sub-score value (grey-white when there is none)."""
    if value is None or pd.isna(value):
        return NO_VALUE_FILL
    bands = bands or DEFAULT_BANDS
    low, medium, high = BAND_COLORS
    return high if value >= bands["high"] else medium if value >= bands["medium"] else low


def selected_code(selection) -> str | None:
    """The municipality code of the first clicked point of a plotly_chart selection, if any."""
    points = (selection or {}).get("selection", {}).get("points", []) if isinstance(selection, dict) \
        else getattr(getattr(selection, "selection", None), "points", []) or []
    for point in points:
        code = point.get("customdata") or point.get("location")
        if isinstance(code, (list, tuple)):
            code = code[0] if code else None
        if isinstance(code, str) and code:
            return code
    return None


def map_takeaway(frame: pd.DataFrame, measure: str, t: Translator) -> str:
    """One sentence from the data: highest and lowest, and who has no value and why (markdown:
    the names are escaped)."""
    names = localized(frame, "name", t.lang)
    data = frame.assign(name=names.map(escape_markdown),
                        value=measure_values(frame, measure))
    valued = data[data.value.notna()].sort_values(["value", "name"], ascending=[False, True])
    parts = []
    if valued.empty:
        parts.append(t("map.takeaway_none"))
    elif len(valued) == 1:
        top = valued.iloc[0]
        parts.append(t("map.takeaway_one", name=top["name"], value=format_value(top.value, measure, t.lang)))
    else:
        top, bottom = valued.iloc[0], valued.iloc[-1]
        parts.append(t(f"map.takeaway.{measure}", top=top["name"], top_value=format_value(top.value, measure, t.lang),
                       bottom=bottom["name"], bottom_value=format_value(bottom.value, measure, t.lang)))
    insufficient = [r["name"] for _, r in data[data.value.isna()].iterrows() if missing_reason(r, measure) == "insufficient"]
    if insufficient:
        parts.append(t("map.takeaway_insufficient", names=", ".join(insufficient)))
    return " ".join(parts)


def ranking_frame(frame: pd.DataFrame, measure: str, t: Translator) -> pd.DataFrame:
    """The map's values as a ranked table (best first; municipalities without a value last)."""
    data = frame.assign(name=localized(frame, "name", t.lang),
                        value=measure_values(frame, measure))
    data = data.sort_values(["value", "name"], ascending=[False, True], na_position="last")
    note = [t(f"map.label.{missing_reason(r, measure)}") if pd.isna(r.value) else "" for _, r in data.iterrows()]
    return pd.DataFrame({
        "municipality_code": data.municipality_code.to_numpy(),
        "name": data.name.to_numpy(),
        "value": data.value.to_numpy(),
        "meetings": data.meetings_scored.to_numpy(),
        "note": note,
    })


def build_ranking_chart(frame: pd.DataFrame, measure: str, t: Translator, bands: dict | None = None) -> go.Figure:
    """The map's values as ranked horizontal bars in the map's colours; municipalities without
    a value are listed last with the reason instead of a bar."""
    ranking = ranking_frame(frame, measure, t).iloc[::-1]  # plotly draws the first row at the bottom
    cmin, cmax = color_range(ranking.value, measure)
    text = [format_value(v, measure, t.lang) if pd.notna(v) else note
            for v, note in zip(ranking.value, ranking.note)]
    fig = go.Figure(go.Bar(
        x=ranking.value.fillna(0), y=ranking.name, orientation="h", text=text, textposition="outside",
        cliponaxis=False, customdata=ranking.municipality_code,
        marker=dict(color=ranking.value.fillna(cmin), cmin=cmin, cmax=cmax,
                    colorscale=color_scale(measure, bands or DEFAULT_BANDS),
                    line=dict(color="#3a3a3a", width=0.8)),
        hovertemplate="%{y}: %{text}<extra></extra>",
    ))
    charts.style(fig, t.lang, height=70 + 34 * len(ranking))
    fig.update_layout(margin=dict(l=10, r=40, t=10, b=30), showlegend=False, bargap=0.3)
    fig.update_xaxes(range=[cmin, cmax * 1.18], showgrid=True, zeroline=False, fixedrange=True,
                     ticksuffix="%" if measure == "priorities" else "")
    fig.update_yaxes(fixedrange=True, ticklabelstandoff=4)
    return fig


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The data behind the map, every measure, for the CSV download."""
    columns = ["municipality_code", "name_sq", "name_en", "seat_lat", "seat_lon", "meetings", "meetings_scored",
               "sufficient", "index_score", "legal_minimum_score", "coverage", "share_addressed",
               "priorities_assessed", "unique_participants", "population", "participants_per_thousand"]
    return frame[columns]
