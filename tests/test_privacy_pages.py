"""Personal data never leaves the query layer: no participant code (or per-person row) on any
page, in any download or in any named query's result, and small counts of people are hidden
where groups of people are shown."""
from __future__ import annotations

import io
import re
from datetime import date

import pandas as pd
import pytest

from browser_support import (FOCUS_MUNICIPALITY, captured_media, dataframe_values, page_specs, payload_texts,
                             proto_text, run_app_page, walk)
from conftest import current_dataset
from popdash.data import db

PAGES = page_specs()
# popdash.dev.sample writes participant codes as P- and seven digits (the schema's example is
# pseudonymous too); any of them in a page, a file or a result is a leak.
PARTICIPANT = re.compile(r"\bP-\d{7}\b")
PERSONAL_COLUMNS = {"participant_code"}
# Columns that count people: 1 to 4 must not be shown (popdash.views.privacy.suppress_small).
PEOPLE_COUNTS = {"participants", "unique_participants", "visits", "women", "young", "people"}


@pytest.fixture(scope="module")
def sample_data(tmp_path_factory, sample_frames):
    root = tmp_path_factory.mktemp("privacy-data")
    with current_dataset(root, sample_frames, version="sample"):
        yield root


def test_the_pattern_matches_every_participant_code_of_the_sample(sample_frames):
    codes = sample_frames["attendance"].participant_code
    assert len(codes) > 1000 and codes.map(lambda c: bool(PARTICIPANT.fullmatch(c))).all()


def leaks_in(at, media) -> list[str]:
    """Where participant codes or personal columns appear in what the page sent the browser."""
    found = []
    for node in walk(at._tree):
        kind = getattr(node, "type", "?")
        text = proto_text(node)  # markdown, metrics, captions, labels, options, Plotly JSON, Arrow bytes
        for frame in dataframe_values(node):
            text += "\n" + frame.to_csv(index=False)
            if PERSONAL_COLUMNS & {str(c) for c in frame.columns}:
                found.append(f"{kind}: a table with column participant_code")
        match = PARTICIPANT.search(text)
        if match:
            found.append(f"{kind}: {match.group()} in {text[max(0, match.start() - 80):match.end() + 40]!r}")
    for button in at.download_button:
        payload = media.payload(button)
        if payload is None:
            found.append(f"download {button.label!r}: data could not be read")
            continue
        for text in payload_texts(payload):
            match = PARTICIPANT.search(text)
            header = text.lstrip("\ufeff").split("\n", 1)[0]
            if match:
                found.append(f"download {button.label!r}: {match.group()}")
                break
            if "participant_code" in header.split(","):
                found.append(f"download {button.label!r}: column participant_code")
                break
    return found


@pytest.mark.parametrize("lang, scope", [("sq", "network"), ("en", "network"), ("sq", FOCUS_MUNICIPALITY)])
@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.name)
def test_no_participant_code_reaches_a_page_or_download(sample_data, spec, lang, scope):
    with captured_media() as media:
        at = run_app_page(spec.path, lang, **({} if scope == "network" else {"municipality": scope}))
    assert not at.exception, [e.value for e in at.exception]
    leaks = leaks_in(at, media)
    assert not leaks, f"{spec.path} ({lang}, {scope}) shows personal data:\n" + "\n".join(leaks[:10])


# --- small counts -----------------------------------------------------------------------------

def small_counts(frame: pd.DataFrame) -> list[str]:
    cells = []
    for column in frame.columns:
        if str(column).lower() in PEOPLE_COUNTS:
            values = pd.to_numeric(frame[column], errors="coerce")
            cells += [f"{column}={int(v)}" for v in values if pd.notna(v) and 1 <= v < 5 and float(v).is_integer()]
    return cells


def read_csv(payload: bytes) -> pd.DataFrame | None:
    if payload[:2] == b"PK" or payload[:5] == b"%PDF-":
        return None
    try:
        return pd.read_csv(io.BytesIO(payload), encoding="utf-8-sig", dtype=str)
    except (ValueError, pd.errors.ParserError):
        return None


# Pukë in 2025: 3 participants of sex X, 1 of unknown age, 4 candidates among the participants.
SMALL_MUNICIPALITY = "PUK"


def test_the_small_municipality_has_small_groups(sample_data):
    groups = db.run("participants_by_group", year=2025, municipalities=[SMALL_MUNICIPALITY], dimension="sex")
    assert ((groups.participants >= 1) & (groups.participants < 5)).any()


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.name)
def test_small_counts_of_people_are_hidden_in_tables_and_downloads(sample_data, spec):
    with captured_media() as media:
        at = run_app_page(spec.path, "sq", municipality=SMALL_MUNICIPALITY)
    assert not at.exception, [e.value for e in at.exception]
    shown = []
    for node in walk(at._tree):
        for frame in dataframe_values(node):
            shown += [f"table: {c}" for c in small_counts(frame)]
    for button in at.download_button:
        frame = read_csv(media.payload(button) or b"")
        if frame is not None:
            shown += [f"download {button.label!r}: {c}" for c in small_counts(frame)]
    assert not shown, f"{spec.path} shows counts of 1-4 people for {SMALL_MUNICIPALITY} " \
                      f"(use popdash.views.privacy.suppress_small):\n" + "\n".join(shown[:10])


# --- named queries ----------------------------------------------------------------------------

ALL_2025 = ["TIR", "DUR", "ELB", "SHK", "VLO", "FIE", "KOR", "KUK", "PUK", "VDE", "KAM", "POG"]
# Typical values for the parameters pages pass; queries needing anything else are skipped (listed).
TYPICAL = {
    "year": 2025, "municipalities": ALL_2025, "lang": "sq", "search": "", "report": "", "query": "",
    "municipality": "TIR", "municipality_code": "TIR", "dimension": "sex", "event_type": "forum",
    "pillar": "infrastructure", "cycle": "2023-2027", "election": "parliamentary-2025",
    "indicator": "I01", "indicator_code": "I01", "metric": "meetings_monitored", "channel": "social",
    "contract": "", "contract_id": "TIR-2023", "report_id": "TIR-R-2025", "status": "", "response": "",
    "years": [2023, 2024, 2025], "start_year": 2023, "end_year": 2025, "first_year": 2023, "last_year": 2025,
    "limit": 1000, "threshold": 5, "min_count": 5,
    "today": date(2025, 12, 31), "cycle_end": 2027, "statuses": ["full", "partial", "none"],
}


def typical_parameters(name: str) -> tuple[dict, set[str]]:
    """Parameters for a query, and the ones that could not be guessed."""
    needed = db.query_parameters(name)
    values = dict(TYPICAL)
    try:
        from popdash.views.transparency import rubric_params
        values.update(rubric_params())
    except ImportError:
        pass
    return {k: values[k] for k in needed if k in values}, needed - values.keys()


@pytest.mark.parametrize("name", db.query_names())
def test_no_query_returns_participant_codes(sample_data, name):
    params, unknown = typical_parameters(name)
    if unknown:
        pytest.skip(f"cannot guess ${', $'.join(sorted(unknown))} for {name}")
    result = db.run(name, **params)
    assert not PERSONAL_COLUMNS & set(result.columns), f"{name} returns {PERSONAL_COLUMNS & set(result.columns)}"
    text = result.astype(str).to_csv(index=False)
    match = PARTICIPANT.search(text)
    assert match is None, f"{name} returns participant code {match.group() if match else ''}"
