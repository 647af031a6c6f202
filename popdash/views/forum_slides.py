"""Forum mode's slides as HTML: pure functions from the story's slides (popdash.views.story) to the
markup the forum page draws, in type large enough to read from the back of a hall. Every piece of
data text is escaped (HTML's and markdown's special characters as numeric entities)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from popdash.i18n.numbers import format_number

if TYPE_CHECKING:
    from popdash.views.story import Chart, Slide

# HTML's special characters and markdown's: the slide is raw HTML inside st.markdown, and data
# text must show literally whatever Streamlit's renderer would make of it (links, images, LaTeX).
SPECIAL = re.compile(r"""[&<>"'\\`*_{}\[\]()#!|:$~]""")

# Static CSS only (no data in it). Sizes follow the viewport so a 1920x1080 projector gets body
# text of about 31 px and never below 28 px; the sidebar starts collapsed on this page.
STYLE = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 4rem; padding-bottom: 1rem; max-width: 100%; }
.st-key-forum_clicker { display: none; }
.pop-forum { color: #111; font-size: max(28px, 1.6vw); line-height: 1.3; margin-bottom: 1.2rem; }
.pop-forum h1 { color: #12355B; font-size: max(40px, 3vw); line-height: 1.1; margin: 0 0 0.5rem 0; padding: 0;
  font-weight: 700; border-bottom: 0.25rem solid #0072B2; padding-bottom: 0.4rem; }
.pop-forum .figures { display: flex; gap: 1.2rem; margin: 0.8rem 0 1rem 0; }
.pop-forum .figure { flex: 1 1 0; background: #EEF4F9; border-left: 0.45rem solid #0072B2; padding: 0.6rem 1rem; }
.pop-forum .number { color: #12355B; font-weight: 700; font-size: max(52px, 3.8vw); line-height: 1.05; }
.pop-forum .figures.many .number { font-size: max(44px, 3.1vw); }
.pop-forum .note { color: #333; font-size: max(28px, 1.6vw); font-weight: 600; margin-left: 0.4rem; }
.pop-forum .label { color: #222; font-size: max(28px, 1.5vw); line-height: 1.2; }
.pop-forum .body { display: flex; gap: 2.5rem; align-items: flex-start; }
.pop-forum .bullets { flex: 3 1 0; margin: 0; padding-left: 1.6rem; }
.pop-forum .bullets li { margin-bottom: 0.45rem; }
.pop-forum .chart { flex: 2 1 0; }
.pop-forum .chart h2 { font-size: max(28px, 1.6vw); color: #12355B; margin: 0 0 0.5rem 0; padding: 0; }
.pop-forum .row { display: flex; align-items: center; gap: 0.6rem; margin: 0.25rem 0; }
.pop-forum .row .name { flex: 0 0 30%; text-align: right; font-size: max(28px, 1.5vw); }
.pop-forum .row .track { flex: 1 1 auto; display: flex; height: 2.6rem; align-items: stretch; }
.pop-forum .row .bar { display: flex; align-items: center; justify-content: flex-end; padding-right: 0.4rem;
  color: #fff; font-weight: 700; font-size: max(28px, 1.5vw); min-width: 0.3rem; }
.pop-forum .row .bar.light { color: #111; }
.pop-forum .row .value { font-weight: 700; font-size: max(28px, 1.5vw); white-space: nowrap; }
.pop-forum .legend { display: flex; flex-wrap: wrap; gap: 1rem; margin: 0.4rem 0 0 0; font-size: max(28px, 1.4vw); }
.pop-forum .swatch { display: inline-block; width: 1.1rem; height: 1.1rem; margin-right: 0.4rem; vertical-align: middle; }
.pop-forum .hint { font-size: max(28px, 1.5vw); color: #B35C00; font-weight: 600; }
.pop-forum.cover { background: #12355B; color: #fff; padding: 3rem 3.5rem; min-height: 62vh; }
.pop-forum.cover h1 { color: #fff; font-size: max(72px, 5.5vw); border: none; }
.pop-forum.cover .subtitle { color: #CFE3F1; font-size: max(34px, 2.2vw); }
.pop-forum.cover .scope { font-size: max(48px, 3.4vw); font-weight: 700; margin: 1.5rem 0; }
.pop-forum.cover ul { padding-left: 0; margin-left: 0; list-style: none; }
.pop-forum.cover li { padding-left: 0; margin: 0 0 0.4rem 0; }
.pop-forum.cover .hint { color: #FFC266; }
.st-key-forum_previous button, .st-key-forum_next button { min-height: 4rem; border: 2px solid #12355B; }
.st-key-forum_previous button p, .st-key-forum_next button p { font-size: max(28px, 1.5vw); font-weight: 600; }
.pop-forum-position { font-size: max(28px, 1.5vw); text-align: center; font-weight: 600; color: #12355B; }
</style>
"""


def escape(text) -> str:
    """Text for the slide's HTML: one line, every special character as a numeric entity."""
    return SPECIAL.sub(lambda match: f"&#{ord(match.group())};", " ".join(str(text).split()))


def is_light(colour: str) -> bool:
    """Is a "#rrggbb" fill light enough to want dark text on it (perceived brightness)?"""
    red, green, blue = (int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return 0.299 * red + 0.587 * green + 0.114 * blue > 150


def chart_html(chart: Chart, lang: str) -> str:
    """The chart as labelled horizontal bars (stacked where the chart is), values printed."""
    totals = [sum(s.values[i] for s in chart.series) if chart.stacked else max(s.values[i] for s in chart.series)
              for i in range(len(chart.categories))]
    # Plain bars stop at 85% of the track so the value printed after the longest one still fits.
    top = (chart.maximum or max(totals) or 1) / (1.0 if chart.stacked else 0.85)
    rows = []
    for i, category in enumerate(chart.categories):
        groups = [chart.series] if chart.stacked else [[s] for s in chart.series]
        for n, group in enumerate(groups):
            bars, value_text = [], ""
            for series in group:
                value = series.values[i]
                colour = series.color
                if len(chart.series) == 1 and chart.highlight and category != chart.highlight:
                    colour = "#9ecae1"
                if not value:
                    continue
                inside = escape(format_number(value, lang)) if chart.stacked else ""
                bars.append(f'<div class="bar{" light" if is_light(colour) else ""}" '
                            f'style="width:{100 * value / top:.1f}%;background:{colour}">{inside}</div>')
                if not chart.stacked:
                    value_text = f'<span class="value">{escape(format_number(value, lang))}</span>'
            name = escape(category) if n == 0 else ""
            rows.append(f'<div class="row"><div class="name">{name}</div><div class="track">{"".join(bars)}'
                        f'{"&nbsp;" + value_text if value_text else ""}</div></div>')
    legend = ""
    if len(chart.series) > 1:
        legend = '<div class="legend">' + "".join(
            f'<span><span class="swatch" style="background:{s.color}"></span>{escape(s.name)}</span>'
            for s in chart.series) + "</div>"
    return f'<div class="chart"><h2>{escape(chart.title)}</h2>{"".join(rows)}{legend}</div>'


def slide_html(slide: Slide, lang: str, programme: str, sample_note: str) -> str:
    """One slide as HTML; every piece of data text is escaped."""
    if slide.key == "cover":
        items = "".join(f'<li class="hint">{escape(b)}</li>' if b == sample_note else f"<li>{escape(b)}</li>"
                        for b in slide.bullets)
        return (f'<div class="pop-forum cover"><h1>{escape(slide.title)}</h1>'
                f'<div class="subtitle">{escape(programme)}</div>'
                f'<div class="scope">{escape(slide.subtitle)}</div><ul>{items}</ul></div>')
    figures = "".join(
        f'<div class="figure"><div><span class="number">{escape(f.text)}</span>'
        f'{f"<span class=note>{escape(f.note)}</span>" if f.note else ""}</div>'
        f'<div class="label">{escape(f.label)}</div></div>' for f in slide.figures)
    if figures:
        figures = f'<div class="figures{" many" if len(slide.figures) > 4 else ""}">{figures}</div>'
    bullets = "".join(f"<li>{escape(b)}</li>" for b in slide.bullets)
    chart = chart_html(slide.chart, lang) if slide.chart else ""
    return (f'<div class="pop-forum"><h1>{escape(slide.title)}</h1>{figures}'
            f'<div class="body"><ul class="bullets">{bullets}</ul>{chart}</div></div>')


def position(stored: int, total: int) -> int:
    """The slide to show: a stored (or stepped) position kept within the story's `total` slides."""
    return min(max(stored, 0), total - 1)


def position_html(text: str) -> str:
    """The "Slide 2 / 6" line under the slide."""
    return f'<div class="pop-forum-position">{escape(text)}</div>'
