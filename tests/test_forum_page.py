"""Forum mode: the slides' HTML (popdash.views.forum_slides) piece by piece; through AppTest the
slides in order with the story's figures, navigation and its keyboard shortcuts, the chosen
municipality and language, escaping of data text, the story's downloads; and the Excel export
helper for any page."""
import html
import io

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from popdash.app.page_downloads import sheet_name, workbook
from popdash.data import db
from popdash.i18n.numbers import format_number
from popdash.views import forum_slides
from popdash.views.story import Chart, Figure, Series, Slide
from conftest import write_dataset
from pages import APP
from test_story import small_network_frames

FORUM = "pages/forum.py"


def forum(**params) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(FORUM).run()


def raw_screen(at) -> str:
    """The slide's HTML and the position indicator (the page's style block left out)."""
    return " ".join(m.value for m in at.markdown if "<style>" not in m.value)


def screen(at) -> str:
    """What the slide says: its HTML with the entities of escaped text resolved."""
    return html.unescape(raw_screen(at))


def step(at, times: int = 1) -> AppTest:
    for _ in range(times):
        at.button(key="forum_next").click().run()
    return at


def test_escape_writes_one_line_with_every_special_character_as_an_entity():
    assert forum_slides.escape("  Fier's [report](x) *now*\n $5 ") == \
        "Fier&#39;s &#91;report&#93;&#40;x&#41; &#42;now&#42; &#36;5"
    assert forum_slides.escape("<b>&amp;</b>") == "&#60;b&#62;&#38;amp;&#60;/b&#62;"
    assert forum_slides.escape(2025) == "2025"


def test_light_fills_get_dark_text():
    assert [forum_slides.is_light(c) for c in ("#9ecae1", "#E69F00", "#ffffff", "#0072B2", "#12355B")] == \
        [True, True, True, False, False]


def test_a_plain_chart_prints_each_value_after_its_bar_the_year_highlighted():
    chart = Chart("Ngjarje (2025)", ("2024", "2025"), (Series("events", "Ngjarje", (850.0, 1200.0), "#0072B2"),),
                  highlight="2025")
    # The longest bar takes 85% of the track; the other years are pale (dark text on them).
    assert forum_slides.chart_html(chart, "sq") == (
        '<div class="chart"><h2>Ngjarje &#40;2025&#41;</h2>'
        '<div class="row"><div class="name">2024</div><div class="track">'
        '<div class="bar light" style="width:60.2%;background:#9ecae1"></div>&nbsp;<span class="value">850</span>'
        '</div></div>'
        '<div class="row"><div class="name">2025</div><div class="track">'
        '<div class="bar" style="width:85.0%;background:#0072B2"></div>&nbsp;<span class="value">1.200</span>'
        '</div></div></div>')
    assert '<span class="value">1,200</span>' in forum_slides.chart_html(chart, "en")


def test_a_stacked_chart_prints_values_inside_and_has_a_legend():
    chart = Chart("Përgjigjet", ("Shkodër", "Fier"), (Series("a", "Pranuar", (3, 0), "#0072B2"),
                                                     Series("r", "Refuzuar <x>", (1, 2), "#E69F00")), stacked=True)
    assert forum_slides.chart_html(chart, "sq") == (
        '<div class="chart"><h2>Përgjigjet</h2>'
        '<div class="row"><div class="name">Shkodër</div><div class="track">'
        '<div class="bar" style="width:75.0%;background:#0072B2">3</div>'
        '<div class="bar light" style="width:25.0%;background:#E69F00">1</div></div></div>'
        '<div class="row"><div class="name">Fier</div><div class="track">'  # a zero draws no bar
        '<div class="bar light" style="width:50.0%;background:#E69F00">2</div></div></div>'
        '<div class="legend"><span><span class="swatch" style="background:#0072B2"></span>Pranuar</span>'
        '<span><span class="swatch" style="background:#E69F00"></span>Refuzuar &#60;x&#62;</span></div></div>')


def test_grouped_series_get_a_row_each_against_a_fixed_maximum():
    chart = Chart("Indeksi", ("2025",), (Series("own", "Shkodra", (50,), "#0072B2"),
                                         Series("net", "Rrjeti", (25,), "#999999")), maximum=100)
    html_text = forum_slides.chart_html(chart, "sq")
    assert '<div class="name">2025</div><div class="track"><div class="bar" style="width:42.5%;background:#0072B2">' \
           '</div>&nbsp;<span class="value">50</span>' in html_text
    assert '<div class="name"></div><div class="track"><div class="bar light" style="width:21.2%;background:#999999">' \
           '</div>&nbsp;<span class="value">25</span>' in html_text


def test_the_cover_slide_marks_the_sample_note():
    cover = Slide("cover", "Rrjeti POP", "Shkodër · 2025", bullets=("Partneri: A & B", "Të dhëna shembull"))
    assert forum_slides.slide_html(cover, "sq", "Programi <POP>", "Të dhëna shembull") == (
        '<div class="pop-forum cover"><h1>Rrjeti POP</h1><div class="subtitle">Programi &#60;POP&#62;</div>'
        '<div class="scope">Shkodër · 2025</div>'
        '<ul><li>Partneri&#58; A &#38; B</li><li class="hint">Të dhëna shembull</li></ul></div>')


def test_a_slide_shows_its_figures_bullets_and_chart():
    slide = Slide("engagement", "Angazhimi në 2025", bullets=("Më shumë *ngjarje*",),
                  figures=(Figure("m", "Mbledhje", 120, "120", note="+5"), Figure("r", "Raporte", 8, "8")))
    assert forum_slides.slide_html(slide, "sq", "x", "y") == (
        '<div class="pop-forum"><h1>Angazhimi në 2025</h1><div class="figures">'
        '<div class="figure"><div><span class="number">120</span><span class=note>+5</span></div>'
        '<div class="label">Mbledhje</div></div>'
        '<div class="figure"><div><span class="number">8</span></div><div class="label">Raporte</div></div></div>'
        '<div class="body"><ul class="bullets"><li>Më shumë &#42;ngjarje&#42;</li></ul></div></div>')
    chart = Chart("Ngjarje", ("2025",), (Series("e", "Ngjarje", (4,), "#0072B2"),))
    many = Slide("figures", "Shifrat", figures=tuple(Figure(str(i), "L", i, str(i)) for i in range(5)), chart=chart)
    html_text = forum_slides.slide_html(many, "en", "x", "y")
    assert '<div class="figures many">' in html_text  # more than four: smaller numbers
    assert html_text.endswith('<ul class="bullets"></ul>' + forum_slides.chart_html(chart, "en") + "</div></div>")


def test_the_position_stays_within_the_slides():
    assert [forum_slides.position(p, 6) for p in (-1, 0, 3, 5, 9)] == [0, 0, 3, 5, 5]
    assert forum_slides.position_html("Slide 2 / 6 <b>") == '<div class="pop-forum-position">Slide 2 / 6 &#60;b&#62;</div>'


def test_forum_walks_through_the_story_in_albanian(sample_root):
    at = forum()
    assert not at.exception
    assert "Rrjeti POP" in screen(at) and "Rrjeti: 10 bashki · 2025" in screen(at)
    assert "Sllajdi 1 / 6" in screen(at)
    assert at.button(key="forum_previous").disabled and not at.button(key="forum_next").disabled
    step(at)
    assert "Çfarë monitoruam në 2025" in screen(at) and '<span class="number">120</span>' in screen(at)
    assert "Sllajdi 2 / 6" in screen(at)
    step(at)
    assert '<span class="number">2.984</span>' in screen(at)
    assert '<span class="number">129.466</span>' in screen(at)
    step(at, 3)
    assert "Rekomandimet dhe përgjigjet e bashkive" in screen(at) and "Sllajdi 6 / 6" in screen(at)
    assert at.button(key="forum_next").disabled
    at.button(key="forum_previous").click().run()
    assert "Sllajdi 5 / 6" in screen(at) and "Premtimet e kontratës sociale 2023–2027" in screen(at)


def test_forum_shows_the_first_chosen_municipality_in_english(sample_root):
    at = forum(lang="en", municipality="SHK,FIE")
    assert "Shkodër · 2025" in screen(at) and "Partner organisation: Young Intellectuals, Hope" in screen(at)
    step(at, 2)
    expected = db.run("key_figures_by_year", municipalities=["SHK"]).query("year == 2025").iloc[0]
    assert f'<span class="number">{format_number(expected.unique_participants, "en")}</span>' in screen(at)
    assert "Civic engagement in 2025" in screen(at) and "Slide 3 / 6" in screen(at)


def test_navigation_has_keyboard_shortcuts(sample_root):
    at = forum()
    shortcuts = {key: at.button(key=key).proto.shortcut
                 for key in ("forum_next", "forum_previous", "forum_page_down", "forum_page_up")}
    assert shortcuts == {"forum_next": "right", "forum_previous": "left", "forum_page_down": "pagedown",
                         "forum_page_up": "pageup"}
    at.button(key="forum_page_down").click().run()  # a clicker's PageDown moves on as Next does
    assert "Sllajdi 2 / 6" in screen(at)


def test_forum_type_is_large_enough_for_a_hall(sample_root):
    style = next(m.value for m in forum().markdown if "<style>" in m.value)
    assert ".pop-forum { color: #111; font-size: max(28px, 1.6vw);" in style  # 30.7 px at 1920 wide
    assert "{" not in style.split(".pop-forum-position")[-1].split("}")[-1]  # nothing after the last rule


def test_data_text_is_escaped(data_root):
    hostile = "<script>alert('x')</script> & më ![x](http://evil.example/x.png)\n\n[a](http://evil.example)"
    write_dataset(data_root, small_network_frames(recommendation_text=hostile))
    at = forum()
    step(at, 5)
    raw = raw_screen(at)
    assert "<script>" not in raw and "![x]" not in raw and "](http" not in raw and "\n" not in raw
    assert "&#60;script&#62;alert&#40;&#39;x&#39;&#41;&#60;/script&#62; &#38; më" in raw
    assert "<script>alert('x')</script> & më ![x](http://evil.example/x.png) [a](http://evil.example)" in screen(at)


def test_story_downloads_sit_in_the_sidebar(sample_root):
    at = forum(lang="en")
    labels = [b.label for b in at.sidebar.get("download_button")]
    assert labels == ["Slide deck (PowerPoint)", "Factsheet (PDF)", "The data (Excel)"]
    assert "Keyboard: ← and → or PageUp and PageDown to move." in [c.value for c in at.sidebar.caption]


def test_a_municipality_without_data_in_the_year_shows_the_empty_state(data_root):
    frames = small_network_frames()
    kept = ~frames["meetings"].meeting_id.str.startswith("D24")  # Durrës: nothing recorded in 2024
    frames["meetings"] = frames["meetings"][kept]
    frames["meeting_observations"] = frames["meeting_observations"][
        frames["meeting_observations"].meeting_id.isin(frames["meetings"].meeting_id)]
    write_dataset(data_root, frames)
    at = forum(year="2024", municipality="DUR")
    assert not at.exception
    assert "Sllajdi" not in screen(at)
    assert any("Nuk ka të dhëna për këtë zgjedhje" in i.value for i in at.info)


def test_workbook_has_safe_unique_sheet_names():
    frames = {"Indeksi i transparencës [2025]": pd.DataFrame({"a": [1]}), "x" * 40: pd.DataFrame({"a": [2]}),
              "x" * 40 + "y": pd.DataFrame({"a": ["=1+1"]})}
    book = openpyxl.load_workbook(io.BytesIO(workbook(frames)))
    assert book.sheetnames == ["Indeksi i transparencës  2025", "x" * 31, "x" * 27 + " (2)"]
    assert book["x" * 27 + " (2)"]["A2"].value == "'=1+1"  # formulas neutralised
    taken = set()
    assert sheet_name("a/b", taken) == "a b" and sheet_name("A B", taken) == "A B (2)"


def test_workbook_refuses_personal_columns():
    with pytest.raises(ValueError):
        workbook({"people": pd.DataFrame({"participant_code": ["P-1"]})})
