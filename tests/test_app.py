"""The app shell through AppTest: default view, filters from the URL, every page in both
languages."""
import pytest
from streamlit.testing.v1 import AppTest

from popdash.data import db
from popdash.i18n.numbers import format_number
from pages import APP, registered_pages

ALL_2025 = ["TIR", "DUR", "ELB", "SHK", "VLO", "FIE", "KOR", "KUK", "PUK", "VDE"]


def app(**params) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at


def metric_values(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_default_view_is_latest_year_all_municipalities_in_albanian(sample_root):
    at = app().run()
    assert not at.exception
    assert at.sidebar.radio(key="lang").value == "sq"
    assert at.sidebar.selectbox(key="year").value == 2025
    assert at.sidebar.multiselect(key="municipality").value == []
    values = metric_values(at)
    assert values["Mbledhje këshilli bashkiak të monitoruara"] == "120"
    assert values["Pjesëmarrës unikë"] == "2.984"
    assert values["Persona të arritur"] == "129.466"
    assert any("Të dhëna shembull" in i.value for i in at.info)


def test_url_parameters_reproduce_the_view(sample_root):
    at = app(lang="en", year="2024", municipality="SHK,FIE").run()
    assert not at.exception
    assert at.sidebar.radio(key="lang").value == "en"
    assert at.sidebar.selectbox(key="year").value == 2024
    assert at.sidebar.multiselect(key="municipality").value == ["SHK", "FIE"]
    expected = db.run("key_figures_by_year", municipalities=["SHK", "FIE"]).query("year == 2024").iloc[0]
    values = metric_values(at)
    assert values["Unique participants"] == format_number(expected.unique_participants, "en")
    assert values["Municipal council meetings monitored"] == format_number(expected.meetings_monitored, "en")
    # The URL is rewritten from the filters, so a copied link opens the same view.
    assert at.query_params["lang"] == "en" and at.query_params["year"] == "2024"
    assert at.query_params["municipality"] == "SHK,FIE"


def test_changing_a_filter_changes_the_figures(sample_root):
    at = app().run()
    at.sidebar.selectbox(key="year").set_value(2023).run()
    assert metric_values(at)["Bashki të monitoruara"] == "12"
    at.sidebar.multiselect(key="municipality").set_value(["KAM"]).run()
    expected = db.run("key_figures_by_year", municipalities=["KAM"]).query("year == 2023").iloc[0]
    assert metric_values(at)["Mbledhje këshilli bashkiak të monitoruara"] == str(int(expected.meetings_monitored))
    assert at.query_params["municipality"] == "KAM"


def test_unknown_url_values_fall_back_and_say_so(sample_root):
    at = app(lang="xx", year="1999", municipality="TIR,NOPE").run()
    assert not at.exception
    assert at.sidebar.radio(key="lang").value == "sq"
    assert at.sidebar.selectbox(key="year").value == 2025
    assert at.sidebar.multiselect(key="municipality").value == ["TIR"]
    warning = " ".join(w.value for w in at.warning).replace("\\", "")  # shown escaped
    assert "lang=xx" in warning and "year=1999" in warning and "municipality=NOPE" in warning


@pytest.mark.parametrize("lang", ["sq", "en"])
@pytest.mark.parametrize("page", [p["path"] for p in registered_pages()])
def test_every_page_renders(sample_root, page, lang):
    at = app(lang=lang).run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title or at.header or at.subheader or at.markdown, "page shows nothing"
