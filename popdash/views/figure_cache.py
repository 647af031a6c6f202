"""Figures (and other pure results) kept between reruns: a builder given the same data,
language and options draws the same figure, so the figure made once is given again.

Every widget click reruns a whole page, and making a Plotly figure costs milliseconds a trace
(Plotly validates every property); a page redrew a dozen unchanged charts on every click. A
figure given from here is shared by every session: callers pass it to st.plotly_chart, which
only reads it, and must not change it. A builder returning a table is kept the same way; its
caller hands out copies (results.results_table).
"""
from __future__ import annotations

import dataclasses
import datetime
import functools
import threading
from collections import OrderedDict
from decimal import Decimal

import numpy as np
import pandas as pd

from popdash.i18n import Translator

# Immutable values that compare by content and can stand for themselves in a key.
PLAIN = (str, int, float, bool, datetime.date, datetime.time, datetime.timedelta, Decimal, pd.Timestamp, pd.Timedelta)
FIGURES_KEPT = 256  # a few pages x languages x filters; a figure is a few kilobytes to ~100 KB

_figures: OrderedDict = OrderedDict()
_lock = threading.Lock()


class Unkeyable(TypeError):
    """An argument this cache cannot compare by value (the builder then runs as usual)."""


def fingerprint(value):
    """A hashable stand-in for an argument that is equal exactly when the argument's content is."""
    if value is None or isinstance(value, PLAIN):
        return value
    if isinstance(value, Translator):
        return ("translator", value.lang)
    if isinstance(value, pd.DataFrame):
        return ("frame", tuple(map(str, value.columns)), tuple(map(str, value.dtypes)), rows(value))
    if isinstance(value, pd.Series):
        return ("series", str(value.name), str(value.dtype), rows(value))
    if isinstance(value, dict):
        return ("dict", tuple((fingerprint(k), fingerprint(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(fingerprint(v) for v in value))
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted(fingerprint(v) for v in value)))
    if isinstance(value, np.generic):
        return value.item()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):  # e.g. a results framework
        return (type(value).__qualname__, tuple(fingerprint(getattr(value, f.name)) for f in dataclasses.fields(value)))
    raise Unkeyable(type(value).__name__)


def rows(data) -> bytes:
    """The content of a frame or series, index included, as one hash per row."""
    try:
        return pd.util.hash_pandas_object(data, index=True).to_numpy().tobytes()
    except (TypeError, ValueError) as error:  # cells holding lists or dicts
        raise Unkeyable(str(error)) from error


def remembered(builder):
    """Decorate a figure builder (a pure function of its arguments) to keep what it returns."""
    @functools.wraps(builder)
    def build(*args, **kwargs):
        try:
            key = (builder.__module__, builder.__qualname__, fingerprint(args), fingerprint(sorted(kwargs.items())))
        except Unkeyable:
            return builder(*args, **kwargs)
        with _lock:
            if key in _figures:
                _figures.move_to_end(key)
                return _figures[key]
        figure = builder(*args, **kwargs)
        with _lock:
            _figures[key] = figure
            while len(_figures) > FIGURES_KEPT:
                _figures.popitem(last=False)
        return figure
    return build


def clear() -> None:
    with _lock:
        _figures.clear()
