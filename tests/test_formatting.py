"""Numbers in each language's convention."""
from popdash.i18n.numbers import format_change, format_number, format_percent, plotly_separators


def test_albanian_and_english_number_formats():
    assert format_number(2984, "sq") == "2.984"
    assert format_number(2984, "en") == "2,984"
    assert format_number(129466, "sq") == "129.466"
    assert format_number(1234.5, "sq", 1) == "1.234,5"
    assert format_percent(0.745, "sq", 1) == "74,5%"
    assert format_percent(0.745, "en", 1) == "74.5%"
    assert format_change(-3, "en") == "−3"
    assert format_change(1500, "sq") == "+1.500"
    assert format_number(float("nan"), "sq") == "–"
    assert plotly_separators("sq") == ",." and plotly_separators("en") == ".,"
