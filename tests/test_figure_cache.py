"""Figures kept between reruns: the same arguments give the same figure, any change in the
data, language or options gives a new one, and what cannot be compared is never kept."""
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import pytest

from popdash.i18n import Translator
from popdash.views import figure_cache
from popdash.views.figure_cache import remembered

CALLS = []


@remembered
def bars(frame: pd.DataFrame, t: Translator, names: dict, highlight=None) -> go.Figure:
    CALLS.append(len(frame))
    return go.Figure(go.Bar(x=[names.get(c, c) for c in frame.code], y=frame.n.tolist(), name=t("common.no_data")))


@pytest.fixture(autouse=True)
def empty_cache():
    figure_cache.clear()
    CALLS.clear()
    yield
    figure_cache.clear()


def frame(*values) -> pd.DataFrame:
    return pd.DataFrame({"code": ["TIR", "FIE"][:len(values)], "n": list(values)})


def test_the_same_arguments_give_the_figure_made_before():
    first = bars(frame(1, 2), Translator("sq"), {"TIR": "Tiranë"})
    again = bars(frame(1, 2), Translator("sq"), {"TIR": "Tiranë"})  # equal content, new objects
    assert again is first and CALLS == [2]


@pytest.mark.parametrize("change", [
    lambda: bars(frame(1, 3), Translator("sq"), {"TIR": "Tiranë"}),             # another value
    lambda: bars(frame(1, 2).astype({"n": float}), Translator("sq"), {"TIR": "Tiranë"}),  # another type
    lambda: bars(frame(1, 2).set_axis([5, 6]), Translator("sq"), {"TIR": "Tiranë"}),      # another index
    lambda: bars(frame(1, 2), Translator("en"), {"TIR": "Tiranë"}),              # another language
    lambda: bars(frame(1, 2), Translator("sq"), {"TIR": "Tirana"}),              # another name
    lambda: bars(frame(1, 2), Translator("sq"), {"TIR": "Tiranë"}, highlight="FIE"),  # another option
])
def test_any_change_in_the_arguments_gives_a_new_figure(change):
    first = bars(frame(1, 2), Translator("sq"), {"TIR": "Tiranë"})
    assert change() is not first and len(CALLS) == 2


def test_arguments_that_cannot_be_compared_are_never_kept():
    listy = pd.DataFrame({"code": ["TIR"], "n": [[1, 2]]})  # a cell holding a list cannot be hashed
    assert bars(listy, Translator("sq"), {}) is not bars(listy, Translator("sq"), {})
    assert len(CALLS) == 2


def test_frozen_dataclasses_are_compared_by_value():
    @dataclass(frozen=True)
    class Options:
        metric: str
        years: tuple

    assert figure_cache.fingerprint(Options("a", (1, 2))) == figure_cache.fingerprint(Options("a", (1, 2)))
    assert figure_cache.fingerprint(Options("a", (1, 2))) != figure_cache.fingerprint(Options("a", (1, 3)))


def test_only_the_most_recent_figures_are_kept(monkeypatch):
    monkeypatch.setattr(figure_cache, "FIGURES_KEPT", 2)
    first = bars(frame(1), Translator("sq"), {})
    bars(frame(2), Translator("sq"), {})
    bars(frame(3), Translator("sq"), {})
    assert bars(frame(1), Translator("sq"), {}) is not first and len(CALLS) == 4


def test_dates_and_timestamps_stand_for_themselves():
    from datetime import date

    assert figure_cache.fingerprint([date(2025, 9, 15), pd.Timestamp("2025-09-15")]) == \
        figure_cache.fingerprint([date(2025, 9, 15), pd.Timestamp("2025-09-15")])
    assert figure_cache.fingerprint(date(2025, 9, 15)) != figure_cache.fingerprint(date(2025, 9, 16))
