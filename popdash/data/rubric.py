"""The transparency rubric (data/rubric.toml): the one place that reads it.

The file is read once and kept until it changes (keyed by its modification time), so an edit
is seen on the next call without a restart. Callers get copies: what they change stays theirs.
"""
from __future__ import annotations

import copy
import tomllib
from functools import lru_cache
from pathlib import Path

import pandas as pd

from popdash.paths import DATA_DIR

RUBRIC_FILE = DATA_DIR / "rubric.toml"


def stamp() -> int:
    """The rubric file's modification time (ns): changes when the file is edited."""
    return RUBRIC_FILE.stat().st_mtime_ns


@lru_cache(maxsize=2)
def parsed(path: str, mtime: int) -> dict:
    """The file's TOML tree; the modification time is part of the key so an edit is read again."""
    return tomllib.loads(Path(path).read_text(encoding="utf-8"))


def load() -> dict:
    """The whole rubric file as a TOML tree (a copy)."""
    return copy.deepcopy(parsed(str(RUBRIC_FILE), stamp()))


def indicators() -> pd.DataFrame:
    """The rubric's indicators (code, level, weight, legal minimum, dimension, law), one row each."""
    return pd.DataFrame(parsed(str(RUBRIC_FILE), stamp())["indicators"])


def settings() -> dict:
    """The rubric's [settings]: scores, the minimum number of meetings and the index bands."""
    return dict(parsed(str(RUBRIC_FILE), stamp())["settings"])


def query_params() -> dict:
    """The [settings] as the bound parameters of the transparency queries (pass with **); the
    indicators themselves are the `rubric` table the query layer registers."""
    values = settings()
    return {
        "min_meetings": int(values["min_meetings"]),
        "score_full": float(values["score_full"]),
        "score_half": float(values["score_half"]),
        "score_zero": float(values["score_zero"]),
    }


def min_meetings() -> int:
    """Below this many scored meetings an index is shown as insufficient data."""
    return int(settings()["min_meetings"])


def band_bounds() -> dict:
    """The lower bounds of the rubric's medium and high bands (0-100)."""
    values = settings()
    return {"medium": int(values["band_medium"]), "high": int(values["band_high"])}
