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


def test_thousands_and_percent_by_hand():
    # 2 984: a full stop in Albanian (the app's choice, not CLDR's space), a comma in English.
    assert format_number(2984, "sq") == "2.984" and format_number(2984, "en") == "2,984"
    assert format_number(999, "sq") == "999" and format_number(1000, "sq") == "1.000"
    assert format_number(1234567.891, "sq", 2) == "1.234.567,89"
    assert format_number(1234567.891, "en", 2) == "1,234,567.89"
    assert "\u00a0" not in format_number(2984, "sq") and "\u202f" not in format_number(2984, "sq")
    assert format_percent(0.125, "sq", 1) == "12,5%" and format_percent(0.125, "en", 1) == "12.5%"
    assert format_percent(0.125, "sq") == "12%" and format_percent(0.875, "en") == "88%"  # 12.5, 87.5: half to even
    assert format_percent(12.345, "sq", 1) == "1.234,5%"
    assert format_number(3, "sq", 1) == "3,0" and format_number(-1234, "sq") == "-1.234"
    assert format_change(0, "sq") == "±0" and format_change(2.5, "en", 1) == "+2.5"
    assert format_number(None, "en") == "–" and format_percent(float("nan"), "sq") == "–"


def test_numpy_numbers_and_an_unknown_language():
    import numpy as np

    assert format_number(np.int64(129466), "sq") == "129.466"
    assert format_percent(np.float64(0.745), "en", 1) == "74.5%"
    assert format_number(2984, "fr") == "2,984"  # a language the app does not know: English


def test_separators_follow_format_number():
    from popdash.i18n.numbers import separators

    assert separators("sq") == (".", ",") and separators("en") == (",", ".")
    assert format_number(1234.5, "sq", 1) == "1" + separators("sq")[0] + "234" + separators("sq")[1] + "5"


def test_month_names_in_both_languages():
    from popdash.i18n.numbers import month_name, month_names

    assert month_name(1, "sq") == "janar" and month_name(12, "sq") == "dhjetor"
    assert month_name(1, "en") == "January" and month_name(12, "en") == "December"
    assert month_names("sq")[10] == "nëntor" and len(month_names("en")) == 12
    assert month_names("sq", "abbreviated") == ["jan", "shk", "mar", "pri", "maj", "qer", "korr", "gush", "sht", "tet",
                                                 "nën", "dhj"]
    assert month_names("en", "abbreviated")[:3] == ["Jan", "Feb", "Mar"]
    assert month_names("sq", "abbreviated", capitalize=True)[:2] == ["Jan", "Shk"]
    assert month_name(12, "sq", "abbreviated", capitalize=True) == "Dhj"


def test_dates_day_first_in_both_languages():
    from datetime import date, datetime

    import pandas as pd

    from popdash.i18n.numbers import date_column_format, format_date

    day = date(2025, 9, 15)
    assert format_date(day, "sq") == "15.09.2025" and format_date(day, "en") == "15 Sep 2025"
    assert format_date(day, "sq", "text") == "15 shtator 2025" and format_date(day, "en", "text") == "15 Sep 2025"
    assert format_date(day, "sq", "long") == "15 shtator 2025" and format_date(day, "en", "long") == "15 September 2025"
    assert format_date(date(2026, 1, 5), "sq", "long") == "5 janar 2026"
    assert format_date(date(2025, 12, 31), "en", "long") == "31 December 2025"
    # Timestamps, datetimes and ISO text give the same day; nothing gives "–".
    assert format_date(pd.Timestamp("2025-09-15 23:10"), "sq") == "15.09.2025"
    assert format_date(datetime(2025, 9, 15, 8, 0), "en", "long") == "15 September 2025"
    assert format_date("2025-09-15", "sq") == "15.09.2025"
    assert format_date(None, "sq") == format_date(pd.NaT, "en") == format_date(float("nan"), "sq") == "–"
    assert date_column_format("sq") == "DD.MM.YYYY" and date_column_format("en") == "D MMM YYYY"


def test_plural_forms():
    import numpy as np

    from popdash.i18n.numbers import plural_form

    for lang in ("sq", "en"):
        assert plural_form(1, lang) == "one"
        assert [plural_form(n, lang) for n in (0, 2, 5, 21, 100)] == ["other"] * 5
        assert plural_form(np.int64(1), lang) == "one" and plural_form(1.0, lang) == "one"  # a count from pandas
        assert plural_form(1.5, lang) == "other"
