"""The one-page factsheet (the programme card) as a PDF: the narrative from an editable content
file, the key figures and results of the chosen year from the data, a map and charts drawn
with fpdf2's own primitives (no browser needed), in an embedded font with ë and ç."""
from __future__ import annotations

import itertools
import math
import re
import tomllib
from datetime import date
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from popdash.data.named_queries import VersionRunner
from popdash.i18n import Translator, localized
from popdash.i18n.numbers import format_change, format_date, format_number, format_percent
from popdash.views import geometry as geo, key_figures as metrics, municipal_map, transparency
from popdash.views.key_figures import KEY_FIGURE_NAMES
from popdash.views.story import Chart, Runner, Story, build_story, year_members

FONT_DIR = Path(__file__).resolve().parent / "fonts"
CONTENT_DIR = Path(__file__).resolve().parent / "content"
FONT = "SourceSans3"
PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 12.0
INNER_W = PAGE_W - 2 * MARGIN
GUTTER = 5.0
MIN_CHART_H, MAX_CHART_H = 45.0, 62.0
PLACEHOLDER = re.compile(r"\{(municipalities|year)\}")
ELLIPSIS = "…"
TITLE_LINES = 2  # what the navy band holds above the supporter's line

NAVY = (18, 53, 91)
BLUE = (0, 114, 178)
INK = (26, 26, 26)
GREY = (85, 85, 85)
PALE = (238, 244, 249)
LAND = (226, 232, 240)
LIGHT_BAR = (158, 202, 225)
SAMPLE = (179, 92, 0)
WHITE = (255, 255, 255)


def load_content(lang: str) -> dict:
    """The narrative of the factsheet in one language (popdash/exports/content/factsheet_<lang>.toml)."""
    return tomllib.loads((CONTENT_DIR / f"factsheet_{lang}.toml").read_text(encoding="utf-8"))


def fill_in(text: str, values: dict) -> str:
    """Replace the documented placeholders only, so other braces in edited text print as typed."""
    return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), text)


def hex_rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))


def build_factsheet(year: int, lang: str, run: VersionRunner, municipality: str | None = None,
                    story: Story | None = None, generated: date | None = None) -> bytes:
    """The factsheet of a year (network, or one municipality) as PDF bytes, from the runner's
    data version (ctx.run on a page, popdash.data.named_queries.runner() in a command)."""
    if story is None:
        story = build_story(run, year, lang, municipality, sample=run.sample)
    if not story.has_data:
        raise ValueError(f"no data for {year}")
    t = Translator(story.lang)
    content = load_content(story.lang)
    places = run("municipalities")
    members = year_members(run("members_by_year"), year)
    values = {"municipalities": format_number(programme_reach(run, members, year), t.lang), "year": year}

    pdf = new_document(content, story)
    y = draw_header(pdf, content, t, story, values)
    tiles_w = INNER_W - 58.0 - GUTTER
    y_tiles = draw_heading(pdf, MARGIN, y, t("factsheet.key_data", year=year))
    key_tiles = [(format_number(story.figures[k], t.lang), t(f"metric.{k}"), "") for k in KEY_FIGURE_NAMES]
    y_tiles = draw_tiles(pdf, MARGIN, y_tiles, tiles_w, key_tiles, columns=4, height=19.0) + 4.0
    y_tiles = draw_heading(pdf, MARGIN, y_tiles, t("factsheet.results", year=year))
    y_tiles = draw_tiles(pdf, MARGIN, y_tiles, tiles_w, result_tiles(t, story), columns=3, height=19.0)
    map_x = MARGIN + tiles_w + GUTTER
    y_map = draw_heading(pdf, map_x, y, t("factsheet.map_title", year=year))
    highlighted = set(story.municipalities)
    seats = [(r.municipality_code, localized(r, "name", t.lang), r.seat_lat, r.seat_lon,
              r.municipality_code in highlighted)
             for r in places.itertuples() if r.municipality_code in set(members) | highlighted]
    map_bottom = max(y_tiles, y_map + 62.0)
    legend_x = map_x + 58.0 * 0.64
    draw_map(pdf, map_x, y_map, 58.0, map_bottom - y_map - 3.0, seats, map_colors(run, members, year))
    draw_map_legend(pdf, legend_x, map_bottom - 17.5, t)
    pdf.set_font(FONT, "", 5.5)
    pdf.set_text_color(*GREY)
    credit = t("factsheet.map_credit", credit=geo.attribution(geo.load_municipalities()))
    pdf.text(map_x, map_bottom, fit(pdf, credit, PAGE_W - MARGIN - map_x))  # the credit comes with an imported layer

    footer_top = PAGE_H - MARGIN - 8.0
    charts = [c for c in (story.slide("transparency").chart, story.slide("promises").chart,
                          story.slide("engagement").chart) if c is not None][:2]
    sections_top = map_bottom + 5.0
    room = footer_top - sections_top - MIN_CHART_H - 5.0
    sections_bottom = draw_sections(pdf, MARGIN, sections_top, INNER_W, room, content["sections"], values)
    charts_top = sections_bottom + 5.0
    chart_h = min(footer_top - 4.0 - charts_top, MAX_CHART_H)
    chart_w = (INNER_W - GUTTER * (len(charts) - 1)) / max(len(charts), 1)
    for i, chart in enumerate(charts):
        draw_chart(pdf, chart, MARGIN + i * (chart_w + GUTTER), charts_top, chart_w, chart_h, t.lang)
    draw_footer(pdf, t, story, run.version, generated or date.today(), footer_top)
    return bytes(pdf.output())


def programme_reach(run: Runner, members: list[str], year: int) -> float:
    """Municipalities the whole programme monitored in the year: the card's scope, even on a
    municipality's factsheet."""
    figures = metrics.figures_for_year(run("key_figures_by_year", municipalities=members), year)
    return figures["municipalities_monitored"] if figures else len(members)


def fit(pdf: FPDF, text: str, width: float) -> str:
    """The text as it fits on one line of the width in the current font, cut with an ellipsis
    if it is longer: cell() does not wrap, so a long word (a pasted link in the edited content,
    a long name) would otherwise run off the page."""
    if pdf.get_string_width(text) <= width:
        return text
    low, high = 0, len(text)  # the longest prefix that fits with the ellipsis
    while low < high:
        middle = (low + high + 1) // 2
        if pdf.get_string_width(text[:middle] + ELLIPSIS) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS


def lines_within(pdf: FPDF, text: str, width: float, most: int) -> list[str]:
    """The text wrapped at the width (a word longer than a line is broken), at most `most`
    lines, the last cut with an ellipsis when text is left over."""
    lines = pdf.multi_cell(width, 1, text, dry_run=True, output="LINES")
    if len(lines) <= most:
        return lines
    return lines[:most - 1] + [fit(pdf, lines[most - 1] + " " + lines[most], width)]


def new_document(content: dict, story: Story) -> FPDF:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_font(FONT, "", str(FONT_DIR / "SourceSans3-Regular.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "SourceSans3-Bold.ttf"))
    pdf.set_title(f"{content['title']} – {story.scope} – {story.year}")
    pdf.set_author("Rrjeti POP")
    pdf.set_lang(story.lang)
    pdf.set_creator("popdash")
    pdf.add_page()
    return pdf


def draw_header(pdf: FPDF, content: dict, t: Translator, story: Story, values: dict) -> float:
    """The navy band with the programme's name; returns the y below it."""
    pdf.set_fill_color(*NAVY)
    pdf.rect(0, 0, PAGE_W, 31.0, style="F")
    pdf.set_fill_color(*BLUE)
    pdf.rect(MARGIN, 7.0, 14.0, 1.2, style="F")
    pdf.set_text_color(*WHITE)
    pdf.set_font(FONT, "B", 15)
    pdf.set_xy(MARGIN, 9.5)
    for line in lines_within(pdf, fill_in(content["title"], values), INNER_W, TITLE_LINES):
        pdf.cell(INNER_W, 6.4, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 9.5)
    pdf.set_text_color(*LIGHT_BAR)
    pdf.set_x(MARGIN)
    line = " · ".join([content["supporter"], fill_in(content["label"], values), t("factsheet.scope", scope=story.scope)])
    pdf.cell(INNER_W, 5.0, fit(pdf, line, INNER_W), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    y = 31.0
    if story.sample:
        pdf.set_fill_color(255, 236, 204)
        pdf.rect(0, y, PAGE_W, 6.0, style="F")
        pdf.set_text_color(*SAMPLE)
        pdf.set_font(FONT, "B", 8.5)
        pdf.set_xy(MARGIN, y + 0.8)
        pdf.cell(INNER_W, 4.4, t("factsheet.sample"))
        y += 6.0
    return y + 4.0


def draw_heading(pdf: FPDF, x: float, y: float, text: str) -> float:
    pdf.set_font(FONT, "B", 9.5)
    pdf.set_text_color(*BLUE)
    pdf.set_xy(x, y)
    pdf.cell(0, 4.5, text)
    return y + 5.5


def result_tiles(t: Translator, story: Story) -> list[tuple[str, str, str]]:
    """Impact in figures: the transparency index, promises addressed, recommendations taken up."""
    r = story.results
    none = t("factsheet.not_available")
    index = format_number(r.get("index_score"), t.lang) if r.get("index_score") is not None else none
    change = r.get("index_change")
    return [
        (index, t("factsheet.transparency"),
         "" if change is None else t("factsheet.change", change=format_change(change, t.lang), previous=story.year - 1)),
        (format_percent(r.get("promises_share"), t.lang) if r.get("promises_share") is not None else none,
         t("factsheet.promises", addressed=format_number(r.get("promises_addressed"), t.lang),
           total=format_number(r.get("promises"), t.lang)), ""),
        (format_percent(r.get("uptake"), t.lang) if r.get("uptake") is not None else none,
         t("factsheet.recommendations", taken=format_number(r.get("recommendations_taken_up"), t.lang),
           total=format_number(r.get("recommendations"), t.lang)), ""),
    ]


def draw_tiles(pdf: FPDF, x: float, y: float, width: float, tiles, columns: int, height: float) -> float:
    """Big numbers on pale cards, a label under each; returns the y below the last row."""
    gap = 2.5
    tile_w = (width - gap * (columns - 1)) / columns
    for i, (value, label, note) in enumerate(tiles):
        row, column = divmod(i, columns)
        left, top = x + column * (tile_w + gap), y + row * (height + gap)
        pdf.set_fill_color(*PALE)
        pdf.rect(left, top, tile_w, height, style="F")
        pdf.set_font(FONT, "B", 16)
        pdf.set_text_color(*BLUE)
        pdf.set_xy(left + 2.0, top + 1.2)
        pdf.cell(tile_w - 4.0, 7.0, value)
        if note:
            pdf.set_font(FONT, "", 7.5)
            pdf.set_text_color(*GREY)
            pdf.set_xy(left + 2.0, top + 7.6)
            pdf.cell(tile_w - 4.0, 3.4, note)
        pdf.set_font(FONT, "", 7.5)
        pdf.set_text_color(*INK)
        pdf.set_xy(left + 2.0, top + (11.0 if note else 8.8))
        pdf.multi_cell(tile_w - 4.0, 3.3, label, align="L")
    rows = math.ceil(len(tiles) / columns)
    return y + rows * height + (rows - 1) * gap


def project(lon: float, lat: float, frame: tuple) -> tuple[float, float]:
    left, top, scale, lon0, lat1, squeeze = frame
    return left + (lon - lon0) * squeeze * scale, top + (lat1 - lat) * scale


def rings_of(feature: dict) -> list:
    geometry = feature["geometry"]
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [polygon[0] for polygon in polygons]


def map_colors(run: Runner, members, year: int) -> dict[str, tuple[int, int, int]]:
    """Each member's fill: the Map page's colour for its transparency index that year."""
    index = run("transparency_index_by_municipality", municipalities=list(members), **transparency.rubric_params())
    bands = transparency.band_bounds()
    colors = {}
    for row in index[index.year == year].itertuples():
        value = round(row.index_score) if row.sufficient and row.index_score == row.index_score else None
        colors[row.municipality_code] = hex_rgb(municipal_map.band_color(value, bands))
    return {code: colors.get(code, hex_rgb(municipal_map.NO_VALUE_FILL)) for code in members}


def draw_map(pdf: FPDF, x: float, y: float, width: float, height: float, seats, colors: dict) -> None:
    """The municipalities within their boundaries, members in the Map page's colours, the others
    grey, county borders over them, and the names of the highlighted members at their seats."""
    outline = [ring for f in geo.load_outline()["features"] for ring in rings_of(f)]
    lons = [p[0] for ring in outline for p in ring]
    lats = [p[1] for ring in outline for p in ring]
    squeeze = math.cos(math.radians((min(lats) + max(lats)) / 2))  # equirectangular at mid-latitude
    span_x, span_y = (max(lons) - min(lons)) * squeeze, max(lats) - min(lats)
    map_w = width * 0.62  # room on the right for the eastern seats' labels
    scale = min(map_w / span_x, height / span_y)
    left = x + (map_w - span_x * scale) / 2
    frame = (left, y, scale, min(lons), max(lats), squeeze)
    municipalities = geo.load_municipalities() or {"features": []}
    pdf.set_line_width(0.15)
    pdf.set_draw_color(*WHITE)
    shaped = set()
    for feature in municipalities["features"]:
        code = feature["properties"]["code"]
        shaped.add(code)
        pdf.set_fill_color(*colors.get(code, hex_rgb(municipal_map.OTHER_FILL)))
        for ring in rings_of(feature):
            pdf.polygon([project(lon, lat, frame) for lon, lat, *_ in ring], style="DF")
    pdf.set_draw_color(*hex_rgb(municipal_map.COUNTY_LINE))
    pdf.set_line_width(0.25)
    for ring in (r for f in geo.load_counties()["features"] for r in rings_of(f)):
        pdf.polygon([project(lon, lat, frame) for lon, lat, *_ in ring], style="D")
    pdf.set_draw_color(*hex_rgb(municipal_map.BORDER_LINE))
    pdf.set_line_width(0.35)
    for ring in outline:
        pdf.polygon([project(lon, lat, frame) for lon, lat, *_ in ring], style="D")
    draw_seat_labels(pdf, x, width, frame, seats, colors, shaped)


def draw_seat_labels(pdf: FPDF, x: float, width: float, frame: tuple, seats, colors: dict, shaped: set) -> None:
    """A dot and a name at each seat (monitored ones first), placed where they overlap nothing;
    a member the boundary layer lacks gets its colour in the dot."""
    placed: list[tuple[float, float, float, float]] = []
    ordered = sorted(seats, key=lambda s: not s[3])  # monitored seats get the first choice of label spot
    for code, name, lat, lon, monitored in ordered:
        cx, cy = project(lon, lat, frame)
        pdf.set_fill_color(*(colors.get(code, INK) if code not in shaped else INK))
        pdf.set_draw_color(*WHITE)
        pdf.set_line_width(0.2)
        pdf.circle(cx, cy, 1.3 if code not in shaped else 0.55, style="DF")
        placed.append((cx - 0.6, cy - 0.6, cx + 0.6, cy + 0.6))
    pdf.set_font(FONT, "", 6.0)
    for code, name, lat, lon, monitored in ordered:
        cx, cy = project(lon, lat, frame)
        label_w, label_h = pdf.get_string_width(name), 2.2
        for dx, dy in ((1.8, 0.8), (-1.8 - label_w, 0.8), (1.6, -1.4), (1.6, 3.0), (-label_w / 2, -2.0),
                       (-label_w / 2, 4.2)):
            box = (cx + dx, cy + dy - label_h, cx + dx + label_w, cy + dy)
            inside = box[0] >= x and box[2] <= x + width
            if inside and not any(overlaps(box, other) for other in placed):
                break
        placed.append(box)
        pdf.set_text_color(*(INK if monitored else GREY))
        pdf.set_font(FONT, "B" if monitored else "", 6.0)
        pdf.text(box[0], box[3], name)


def draw_map_legend(pdf: FPDF, x: float, y: float, t: Translator) -> float:
    """Swatches of the map's colours with what they mean; returns the y below them."""
    bands = transparency.band_bounds()
    entries = [(municipal_map.BAND_COLORS[2], t("map.band.high", high=bands["high"])),
               (municipal_map.BAND_COLORS[1], t("map.band.medium", medium=bands["medium"], high_below=bands["high"] - 1)),
               (municipal_map.BAND_COLORS[0], t("map.band.low", medium=bands["medium"])),
               (municipal_map.NO_VALUE_FILL, t("index.insufficient")),
               (municipal_map.OTHER_FILL, t("factsheet.map_outside"))]
    pdf.set_font(FONT, "", 5.8)
    pdf.set_text_color(*INK)
    pdf.text(x, y, t("factsheet.map_legend"))
    y += 1.2
    for color, label in entries:
        pdf.set_fill_color(*hex_rgb(color))
        pdf.set_draw_color(*GREY)
        pdf.set_line_width(0.1)
        pdf.rect(x, y, 2.6, 1.9, style="DF")
        pdf.text(x + 3.4, y + 1.6, label)
        y += 2.5
    return y


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def section_lines(pdf: FPDF, section: dict, width: float, values: dict, size: float) -> list[tuple[str, str]]:
    """The section as (style, line) pairs after wrapping at the column width."""
    pdf.set_font(FONT, "B", size + 0.3)  # as draw_sections prints headings: on one line
    lines = [("B", fit(pdf, fill_in(section["heading"], values), width))]
    pdf.set_font(FONT, "", size)
    items = [section["text"]] if "text" in section else ["• " + b for b in section.get("bullets", [])]
    for item in items:
        wrapped = pdf.multi_cell(width, 1, fill_in(item, values), dry_run=True, output="LINES")
        lines += [("", line) for line in wrapped]
    return lines


def draw_sections(pdf: FPDF, x: float, y: float, width: float, height: float, sections: list, values: dict) -> float:
    """The narrative sections in three balanced columns, in the largest type that fits the
    space; returns the y below the tallest column."""
    columns = 3
    column_w = (width - GUTTER * (columns - 1)) / columns
    for size in (9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5):
        line_h = size * 0.45
        blocks = [section_lines(pdf, s, column_w, values, size) for s in sections]
        heights = [len(b) * line_h + 2.2 for b in blocks]
        split = balanced_split(heights, columns)
        if max(sum(heights[a:b]) for a, b in split) <= height:
            break
    for column, (first, last) in enumerate(split):
        cursor = y
        for block in blocks[first:last]:
            for style, line in block:
                if cursor + line_h > y + height + 1e-6:
                    # Text that does not fit even in the smallest type (a pasted page in the
                    # content file) stops at the space given, not over the charts and off the page.
                    break
                pdf.set_font(FONT, style, size if not style else size + 0.3)
                pdf.set_text_color(*(NAVY if style else INK))
                pdf.set_xy(x + column * (column_w + GUTTER), cursor)
                pdf.cell(column_w, line_h, line)
                cursor += line_h
            cursor += 2.2
    return y + min(max(sum(heights[a:b]) for a, b in split) - 2.2, height)


def balanced_split(heights: list[float], columns: int) -> list[tuple[int, int]]:
    """Cut the sections, in order, into columns so the tallest column is as short as possible."""
    best, best_height = None, math.inf
    for cuts in itertools.combinations(range(1, len(heights)), columns - 1):
        bounds = list(zip((0, *cuts), (*cuts, len(heights))))
        tallest = max(sum(heights[a:b]) for a, b in bounds)
        if tallest < best_height:
            best, best_height = bounds, tallest
    return best


def draw_chart(pdf: FPDF, chart: Chart, x: float, y: float, width: float, height: float, lang: str) -> None:
    """A story chart drawn with rectangles and text: grouped columns or (stacked) bars."""
    pdf.set_font(FONT, "B", 8.5)
    pdf.set_text_color(*NAVY)
    pdf.set_xy(x, y)
    pdf.cell(width, 4.0, chart.title)
    top = y + 5.0
    legend_h = 4.5 if len(chart.series) > 1 else 0.0
    if legend_h:
        draw_legend(pdf, chart, x, top)
        top += legend_h
    if chart.kind == "column":
        draw_columns(pdf, chart, x, top, width, y + height - top, lang)
    else:
        draw_bars(pdf, chart, x, top, width, y + height - top, lang)


def draw_legend(pdf: FPDF, chart: Chart, x: float, y: float) -> None:
    pdf.set_font(FONT, "", 6.5)
    cursor = x
    for series in chart.series:
        pdf.set_fill_color(*hex_rgb(series.color))
        pdf.rect(cursor, y + 0.6, 2.4, 2.4, style="F")
        pdf.set_text_color(*INK)
        pdf.text(cursor + 3.2, y + 2.9, series.name)
        cursor += 3.2 + pdf.get_string_width(series.name) + 4.0


def draw_columns(pdf: FPDF, chart: Chart, x: float, y: float, width: float, height: float, lang: str) -> None:
    label_h = 4.0
    base = y + height - label_h
    top_value = chart.maximum or max(max(s.values) for s in chart.series) * 1.15 or 1.0
    slot = width / len(chart.categories)
    bar_w = min(slot * 0.7 / len(chart.series), 12.0)
    pdf.set_draw_color(*GREY)
    pdf.set_line_width(0.2)
    pdf.line(x, base, x + width, base)
    for i, category in enumerate(chart.categories):
        group_left = x + i * slot + (slot - bar_w * len(chart.series)) / 2
        for j, series in enumerate(chart.series):
            value = series.values[i]
            bar_h = (base - y - 3.5) * value / top_value
            colour = hex_rgb(series.color)
            if len(chart.series) == 1 and chart.highlight and category != chart.highlight:
                colour = LIGHT_BAR
            pdf.set_fill_color(*colour)
            left = group_left + j * bar_w
            pdf.rect(left, base - bar_h, bar_w - 0.6, bar_h, style="F")
            pdf.set_font(FONT, "", 6.5)
            pdf.set_text_color(*INK)
            text = format_number(value, lang)
            pdf.text(left + (bar_w - 0.6 - pdf.get_string_width(text)) / 2, base - bar_h - 0.8, text)
        pdf.set_font(FONT, "B" if category == chart.highlight else "", 7.0)
        pdf.set_text_color(*INK)
        pdf.text(x + i * slot + (slot - pdf.get_string_width(category)) / 2, base + 3.3, category)


def draw_bars(pdf: FPDF, chart: Chart, x: float, y: float, width: float, height: float, lang: str) -> None:
    pdf.set_font(FONT, "", 7.0)
    label_w = max(pdf.get_string_width(c) for c in chart.categories) + 2.0
    totals = [sum(s.values[i] for s in chart.series) if chart.stacked else max(s.values[i] for s in chart.series)
              for i in range(len(chart.categories))]
    top_value = max(totals) or 1.0
    track = width - label_w - 8.0
    row_h = min(height / len(chart.categories), 11.0)
    for i, category in enumerate(chart.categories):
        row_top = y + i * row_h
        pdf.set_font(FONT, "", 7.0)
        pdf.set_text_color(*INK)
        pdf.text(x + label_w - 2.0 - pdf.get_string_width(category), row_top + row_h * 0.62, category)
        cursor = x + label_w
        for series in chart.series:
            value = series.values[i]
            if not value:
                continue
            bar_w = track * value / top_value
            colour = hex_rgb(series.color)
            pdf.set_fill_color(*colour)
            pdf.rect(cursor, row_top + row_h * 0.15, bar_w, row_h * 0.7, style="F")
            text = format_number(value, lang)
            pdf.set_font(FONT, "", 6.5)
            if chart.stacked:
                if pdf.get_string_width(text) + 1.0 < bar_w:
                    light = 0.299 * colour[0] + 0.587 * colour[1] + 0.114 * colour[2] > 150
                    pdf.set_text_color(*(INK if light else WHITE))
                    pdf.text(cursor + (bar_w - pdf.get_string_width(text)) / 2, row_top + row_h * 0.62, text)
                cursor += bar_w
            else:
                pdf.set_text_color(*INK)
                pdf.text(cursor + bar_w + 1.0, row_top + row_h * 0.62, text)


def draw_footer(pdf: FPDF, t: Translator, story: Story, version: str, generated: date, top: float) -> None:
    pdf.set_draw_color(*LAND)
    pdf.set_line_width(0.3)
    pdf.line(MARGIN, top, PAGE_W - MARGIN, top)
    pdf.set_font(FONT, "", 6.8)
    pdf.set_text_color(*GREY)
    pdf.set_xy(MARGIN, top + 1.2)
    text = t("factsheet.generated", version=version, date=format_date(generated, t.lang))
    if story.sample:
        text += " " + t("factsheet.sample")
    pdf.multi_cell(INNER_W, 3.2, text, align="L")
