"""The audit log's hash chain: each entry carries the SHA-256 of the entry before it
(`prev_hash`) and of itself (`hash`), both over a canonical JSON serialisation, so an entry that
is edited, deleted, inserted or moved is found by walking the file once.

What it cannot show: the newest entries cut off the end (keep the head hash that
`python -m popdash audit verify` prints somewhere else to check that), or a log rewritten
wholesale by someone with write access who recomputes every hash. Entries written before the
chain existed (no `hash` field) are accepted as an unprotected prefix; the first chained entry
names the last of them, so only that one is covered."""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

GENESIS = "0" * 64  # the `prev_hash` of the first entry of a log
HASH = "hash"
PREV = "prev_hash"
TAIL_CHUNK = 4096


def canonical(entry: dict) -> bytes:
    """One serialisation per entry whatever the key order or spacing of the line on disk."""
    return json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def digest(entry: dict) -> str:
    """The hash of an entry: over everything but its own `hash` field."""
    return hashlib.sha256(canonical({k: v for k, v in entry.items() if k != HASH})).hexdigest()


def parse(line: bytes) -> dict | None:
    """An entry, or None for a line that is not a JSON object."""
    try:
        entry = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    return entry if isinstance(entry, dict) else None


def line_digest(line: bytes) -> str:
    """What the next entry names as its predecessor: the stored hash of a chained entry, the
    digest of an older unchained one, or the bytes' hash of a line that is not an entry."""
    entry = parse(line)
    if entry is None:
        return hashlib.sha256(line).hexdigest()
    return entry[HASH] if isinstance(entry.get(HASH), str) else digest(entry)


def seal(entry: dict, prev_hash: str) -> dict:
    """The entry as it is written: chained to its predecessor and carrying its own hash."""
    chained = {k: v for k, v in entry.items() if k not in (HASH, PREV)}
    chained[PREV] = prev_hash
    chained[HASH] = digest(chained)
    return chained


def last_line(path: Path) -> bytes | None:
    """The last non-empty line of the file, read from its end (the log only grows)."""
    if not path.exists():
        return None
    with open(path, "rb") as handle:
        handle.seek(0, os.SEEK_END)
        position, tail = handle.tell(), b""
        while position > 0:
            step = min(TAIL_CHUNK, position)
            position -= step
            handle.seek(position)
            tail = handle.read(step) + tail
            if tail.rstrip(b"\r\n").count(b"\n") >= 1:
                break
    lines = [line for line in tail.splitlines() if line.strip()]
    return lines[-1] if lines else None


def head(path: Path) -> str:
    """The hash a new entry must name as its predecessor."""
    line = last_line(path)
    return GENESIS if line is None else line_digest(line)


@dataclass(frozen=True)
class Report:
    """The result of walking the chain. `bad_line` is 1-based; `problem` is one of
    "unreadable", "edited", "out_of_place", "unchained" (an entry without a hash after the chain
    began: inserted, or its hash fields removed)."""
    entries: int
    legacy: int                 # entries before the chain began, not protected
    head: str
    bad_line: int | None = None
    problem: str | None = None
    bad_entry: dict | None = None

    @property
    def intact(self) -> bool:
        return self.bad_line is None


def problem_with(entry: dict | None, expected_prev: str, chained: bool) -> str | None:
    """Why an entry does not fit where it stands, or None."""
    if entry is None:
        return "unreadable"
    if HASH not in entry and PREV not in entry:
        return "unchained" if chained else None
    if entry.get(HASH) != digest(entry):
        return "edited"
    if entry.get(PREV) != expected_prev:
        return "out_of_place"
    return None


def verify_lines(lines: list[bytes]) -> Report:
    """Walk the entries in order; stop at the first that does not fit."""
    expected_prev, legacy, chained = GENESIS, 0, False
    for number, line in enumerate(lines, start=1):
        entry = parse(line)
        problem = problem_with(entry, expected_prev, chained)
        if problem:
            return Report(number - 1, legacy, expected_prev, number, problem, entry)
        if HASH in entry:
            chained, expected_prev = True, entry[HASH]
        else:
            legacy, expected_prev = legacy + 1, digest(entry)
    return Report(len(lines), legacy, expected_prev)


def verify_file(path: Path) -> Report:
    """The chain of a log file (an absent file is an empty, intact log)."""
    if not path.exists():
        return Report(0, 0, GENESIS)
    return verify_lines(path.read_bytes().splitlines())
