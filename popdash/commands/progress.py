"""Progress bars for the command line and the developer tools (tqdm).

Bars go to standard error and only when it is a terminal (tqdm's disable=None), so tests,
pipes and CI logs get none; they disappear once done (leave=False), leaving the command's own
output. Log lines written while a bar shows go above it (tqdm's logging redirection).

The code doing the work never imports tqdm: it takes a `progress(stage, fraction)` callback
(popdash.ingest.importer, popdash.dev.sample and popdash.dev.scale), and StageBar is one.
"""
from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext

from tqdm import tqdm
from tqdm.contrib.logging import logging_redirect_tqdm

from popdash.logs import PACKAGE_LOGGER

RESOLUTION = 1000  # steps of a stage bar: fine enough for a fraction of one stage
BAR_FORMAT = "{desc} {percentage:3.0f}%|{bar}| {elapsed}"


def make_bar(**options) -> tqdm:
    """A tqdm bar on standard error, shown only on a terminal and removed when closed."""
    return tqdm(**{"file": sys.stderr, "disable": None, "leave": False, "dynamic_ncols": True, **options})


def logs_above(bar: tqdm):
    """While the bar shows, the package's log lines are written above it, not through it."""
    return nullcontext() if bar.disable else logging_redirect_tqdm([logging.getLogger(PACKAGE_LOGGER)])


def writing_above(bar: tqdm, say: Callable[[str], None]) -> Callable[[str], None]:
    """`say` (a print to the terminal) with the bar cleared first and drawn again after."""
    if bar.disable:
        return say

    def write(line: str) -> None:
        with tqdm.external_write_mode(file=sys.stderr):  # clears bars on stderr, and on stdout's terminal
            say(line)
    return write


class StageBar:
    """One bar over named stages of equal weight, as a progress(stage, fraction) callback: the
    bar stands at (the stage's position + fraction) / the number of stages and names the stage.
    A stage not listed only changes the description."""

    def __init__(self, stages: Sequence[str], labels: dict[str, str] | None = None, title: str = ""):
        self.stages = list(stages)
        self.labels = labels or {}
        self.title = title
        self.bar = make_bar(total=RESOLUTION, bar_format=BAR_FORMAT)

    def __call__(self, stage: str, fraction: float) -> None:
        label = self.labels.get(stage, stage)
        self.bar.set_description_str(f"{self.title}: {label}" if self.title else label, refresh=False)
        if stage in self.stages:
            done = (self.stages.index(stage) + min(max(fraction, 0.0), 1.0)) / len(self.stages)
            self.bar.n = round(done * RESOLUTION)
        self.bar.refresh()

    def close(self) -> None:
        self.bar.close()


@contextmanager
def stage_bar(stages: Sequence[str], labels: dict[str, str] | None = None, title: str = "") -> Iterator[StageBar]:
    """A StageBar for the block, log lines above it, closed at the end."""
    bar = StageBar(stages, labels, title)
    try:
        with logs_above(bar.bar):
            yield bar
    finally:
        bar.close()
