"""The story as a PowerPoint deck: the POP Network's title slide, one slide per message with
native, editable charts, and the definitions in the speaker notes."""
from __future__ import annotations

import io

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_LABEL_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from popdash.i18n import Translator
from popdash.i18n.safe_text import one_line, xml_safe
from popdash.views.story import Chart, Slide, Story

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.6)
NAVY = RGBColor(0x12, 0x35, 0x5B)
BLUE = RGBColor(0x00, 0x72, 0xB2)
INK = RGBColor(0x1A, 0x1A, 0x1A)
GREY = RGBColor(0x55, 0x55, 0x55)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
SAMPLE = RGBColor(0xB3, 0x5C, 0x00)  # dark orange: readable on white and on navy
LIGHT = RGBColor(0x9E, 0xCA, 0xE1)
BLANK_LAYOUT = 6


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def build_deck(story: Story, lang: str | None = None) -> bytes:
    """The story's slides as a .pptx file (bytes), in the story's language."""
    if lang is not None and lang != story.lang:
        raise ValueError(f"the story is in {story.lang!r}; build it again in {lang!r}")
    t = Translator(story.lang)
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    footer = t("slides.footer", scope=story.scope, year=story.year)
    for number, slide in enumerate(story.slides, start=1):
        page = deck.slides.add_slide(deck.slide_layouts[BLANK_LAYOUT])
        if slide.key == "cover":
            draw_cover(page, slide, t, story.sample)
        else:
            draw_content(page, slide)
            draw_footer(page, footer, number, len(story.slides), t("slides.sample") if story.sample else "")
        # Paragraphs split at line feeds; python-pptx would write a CR as the literal "_x000D_".
        page.notes_slide.notes_text_frame.text = xml_safe(slide.notes).replace("\r\n", "\n").replace("\r", "\n")
    deck.core_properties.title = f"{t('forum.cover.title')} – {story.scope} – {story.year}"
    deck.core_properties.language = story.lang
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def add_text(page, left, top, width, height, text: str, size: int, colour=INK, bold=False,
             align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP):
    """A text box with one paragraph; returns its text frame for more paragraphs.

    Texts quote data (promises, recommendations, partners), so each is made one line (as on
    the Forum page) and XML-safe: python-pptx writes a control character or a CR in a run as
    a literal "_x0007_" / "_x000D_", a raw line feed inside a run, and refuses U+FFFE."""
    box = page.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Inches(0.05)
    paragraph = frame.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run()
    run.text = one_line(text)
    run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, colour
    return frame


def add_paragraph(frame, text: str, size: int, colour=INK, bold=False, space_before=0):
    paragraph = frame.add_paragraph()
    paragraph.space_before = Pt(space_before)
    run = paragraph.add_run()
    run.text = one_line(text)
    run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, colour
    return paragraph


def fill(shape, colour: RGBColor) -> None:
    shape.fill.solid()
    shape.fill.fore_color.rgb = colour
    shape.line.fill.background()


def draw_cover(page, slide: Slide, t: Translator, sample: bool) -> None:
    """The POP Network's title slide: navy background, network name, scope and year."""
    background = page.shapes.add_shape(1, 0, 0, WIDTH, HEIGHT)  # 1 = rectangle
    fill(background, NAVY)
    band = page.shapes.add_shape(1, MARGIN, Inches(1.55), Inches(1.2), Inches(0.12))
    fill(band, BLUE)
    add_text(page, MARGIN, Inches(1.8), WIDTH - 2 * MARGIN, Inches(1.2), slide.title, 60, WHITE, bold=True)
    add_text(page, MARGIN, Inches(2.95), WIDTH - 2 * MARGIN, Inches(0.7), t("forum.cover.subtitle"), 26, LIGHT)
    add_text(page, MARGIN, Inches(3.75), WIDTH - 2 * MARGIN, Inches(0.8), slide.subtitle, 34, WHITE, bold=True)
    bullets = [b for b in slide.bullets if not (sample and b == t("forum.cover.sample"))]
    frame = add_text(page, MARGIN, Inches(4.9), WIDTH - 2 * MARGIN, Inches(1.4), bullets[0], 20, WHITE)
    for bullet in bullets[1:]:
        add_paragraph(frame, bullet, 20, WHITE, space_before=6)
    if sample:
        tag = add_text(page, MARGIN, Inches(6.55), WIDTH - 2 * MARGIN, Inches(0.5), t("forum.cover.sample"), 16,
                       WHITE, bold=True)
        tag.paragraphs[0].runs[0].font.color.rgb = RGBColor(0xFF, 0xC2, 0x66)


def draw_footer(page, text: str, number: int, total: int, sample: str) -> None:
    top = HEIGHT - Inches(0.5)
    add_text(page, MARGIN, top, Inches(8), Inches(0.35), text, 11, GREY)
    if sample:
        add_text(page, Inches(8.7), top, Inches(2.6), Inches(0.35), sample, 11, SAMPLE, bold=True, align=PP_ALIGN.RIGHT)
    add_text(page, WIDTH - MARGIN - Inches(1.2), top, Inches(1.2), Inches(0.35), f"{number} / {total}", 11, GREY,
             align=PP_ALIGN.RIGHT)


def draw_content(page, slide: Slide) -> None:
    """Title, a row of big numbers, then the sentences beside the chart."""
    add_text(page, MARGIN, Inches(0.35), WIDTH - 2 * MARGIN, Inches(0.9), slide.title,
             34 if len(slide.title) <= 42 else 28, NAVY, bold=True, anchor=MSO_ANCHOR.MIDDLE)
    rule = page.shapes.add_shape(1, MARGIN, Inches(1.25), Inches(1.0), Inches(0.07))
    fill(rule, BLUE)
    top = Inches(1.5)
    if slide.figures:
        draw_figures(page, slide, top)
        top = Inches(3.25)
    body_height = HEIGHT - top - Inches(0.7)
    text_width = Inches(6.4) if slide.chart else WIDTH - 2 * MARGIN
    if slide.bullets:
        size = 17 if sum(len(b) for b in slide.bullets) <= 320 else 15
        frame = add_text(page, MARGIN, top, text_width, body_height, "• " + slide.bullets[0], size)
        for bullet in slide.bullets[1:]:
            add_paragraph(frame, "• " + bullet, size, space_before=8)
    if slide.chart:
        left = MARGIN + text_width + Inches(0.3)
        draw_chart(page, slide.chart, left, top, WIDTH - MARGIN - left, body_height)


def draw_figures(page, slide: Slide, top) -> None:
    """One card per figure: the number large, its unit or share beside it, the label below."""
    count = len(slide.figures)
    gap = Inches(0.25)
    width = Emu(int((WIDTH - 2 * MARGIN - gap * (count - 1)) / count))
    longest = max(len(f.text) for f in slide.figures)
    size = 40 if count <= 4 else 34 if longest <= 6 else 28
    for i, figure in enumerate(slide.figures):
        left = MARGIN + i * (width + gap)
        card = page.shapes.add_shape(1, left, top, width, Inches(1.55))
        fill(card, RGBColor(0xEE, 0xF4, 0xF9))
        frame = add_text(page, left + Inches(0.1), top + Inches(0.08), width - Inches(0.2), Inches(0.75), figure.text,
                         size, BLUE, bold=True)
        if figure.note:
            run = frame.paragraphs[0].add_run()
            run.text = f"  {figure.note}"
            run.font.size, run.font.color.rgb = Pt(16), GREY
        add_text(page, left + Inches(0.1), top + Inches(0.85), width - Inches(0.2), Inches(0.65), figure.label, 14, GREY)


def readable_on(hex_colour: str) -> RGBColor:
    """White or black text, whichever reads better on the given fill."""
    red, green, blue = (int(hex_colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return INK if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else WHITE


CHART_TYPES = {
    ("column", False): XL_CHART_TYPE.COLUMN_CLUSTERED,
    ("column", True): XL_CHART_TYPE.COLUMN_STACKED,
    ("bar", False): XL_CHART_TYPE.BAR_CLUSTERED,
    ("bar", True): XL_CHART_TYPE.BAR_STACKED,
}


def draw_chart(page, chart: Chart, left, top, width, height) -> None:
    """A native PowerPoint chart (editable, data embedded) with its title."""
    add_text(page, left, top, width, Inches(0.45), chart.title, 16, NAVY, bold=True)
    data = CategoryChartData(number_format="#,##0")
    data.categories = list(chart.categories)
    for series in chart.series:
        # An empty segment of a stacked bar would still print its "0" label.
        values = [None if chart.stacked and not v else v for v in series.values]
        data.add_series(series.name, values)
    frame = page.shapes.add_chart(CHART_TYPES[(chart.kind, chart.stacked)], left, top + Inches(0.45), width,
                                  height - Inches(0.45), data)
    plot_chart = frame.chart
    plot_chart.font.size = Pt(13)
    plot_chart.has_title = False  # the title is a text box above, in the slide's own type
    plot_chart.has_legend = len(chart.series) > 1
    if plot_chart.has_legend:
        plot_chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        plot_chart.legend.include_in_layout = False
    plot = plot_chart.plots[0]
    plot.gap_width = 60
    if chart.stacked:
        plot.overlap = 100
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format, labels.number_format_is_linked = "#,##0", False
    labels.font.size = Pt(12)
    if not chart.stacked:
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
    value_axis = plot_chart.value_axis
    value_axis.has_major_gridlines = False
    value_axis.visible = False
    if chart.maximum is not None:
        value_axis.maximum_scale = chart.maximum
    value_axis.minimum_scale = 0
    if chart.kind == "bar":
        plot_chart.category_axis.reverse_order = True  # first category on top, as read
    for index, series in enumerate(chart.series):
        shape = plot.series[index]
        shape.format.fill.solid()
        shape.format.fill.fore_color.rgb = rgb(series.color)
        if chart.stacked:
            shape.data_labels.show_value = True
            shape.data_labels.font.color.rgb = readable_on(series.color)
            shape.data_labels.font.size = Pt(12)
            shape.data_labels.number_format, shape.data_labels.number_format_is_linked = "#,##0", False
        if chart.highlight and len(chart.series) == 1:
            for point_index, category in enumerate(chart.categories):
                if category != chart.highlight:
                    point = shape.points[point_index]
                    point.format.fill.solid()
                    point.format.fill.fore_color.rgb = LIGHT
