"""The one logging configuration of the app, the command line and the developer tools.

configure() is called by app.py, popdash.cli.main and popdash.dev; modules only ever take
`log = logging.getLogger(__name__)`. Lines go to standard error, with the time, the level and
the logger's name; the level comes from $POPDASH_LOG_LEVEL (default INFO).

The handler sits on the "popdash" logger, not on the root one: libraries keep their own
settings (fontTools, which fpdf2 uses, says a lot at INFO), and Streamlit keeps its own
handler on its loggers. Records still propagate to the root logger, so pytest's caplog sees
them.

Privacy: never log participant names or contact details, cell values of imported files,
passwords, or query parameter values; log counts, identifiers of versions, account names and
client addresses.
"""
from __future__ import annotations

import logging
import os
import sys

LEVEL_VARIABLE = "POPDASH_LOG_LEVEL"
DEFAULT_LEVEL = "INFO"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
PACKAGE_LOGGER = "popdash"


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a line is logged, not to the stream of the moment
    it was made: pytest and tqdm replace sys.stderr, and a handler holding a replaced (and then
    closed) stream would fail on every later line."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:  # StreamHandler.__init__ and setStream assign it
        pass


def level_from_environment() -> int:
    """$POPDASH_LOG_LEVEL as a level: a name (debug, INFO, WARNING, ...) or a number; INFO if
    unset or not a level."""
    value = os.environ.get(LEVEL_VARIABLE, "").strip()
    if not value:
        return logging.INFO
    if value.isdigit():
        return int(value)
    level = logging.getLevelName(value.upper())
    return level if isinstance(level, int) else logging.INFO


def configure() -> logging.Logger:
    """Set up the package's logging once; later calls only apply the level again (so a changed
    $POPDASH_LOG_LEVEL takes effect on the app's next run)."""
    logger = logging.getLogger(PACKAGE_LOGGER)
    logger.setLevel(level_from_environment())
    if any(isinstance(h, StderrHandler) for h in logger.handlers):
        return logger
    handler = StderrHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    logger.addHandler(handler)
    raw = os.environ.get(LEVEL_VARIABLE, "").strip()
    if raw and not raw.isdigit() and not isinstance(logging.getLevelName(raw.upper()), int):
        logger.warning("%s=%r is not a log level; using INFO", LEVEL_VARIABLE, raw)
    return logger
