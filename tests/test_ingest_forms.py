"""What coordinators really type, read with its meaning or refused at its row and column: the
Albanian and English forms of coded values, municipality names in any form, dates with month
names and month-first dates, formulas without a saved result, and long notes."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pandas as pd
import pytest

from conftest import write_dataset
from ingest_files import (MEETING_KEYS, OUTREACH_KEYS, TODAY, csv_bytes, events_sheet, fingerprint, header, headers,
                          meeting_row, reference_tables, xlsx)
from test_ingest import EVENTS, MEETINGS, events_file, files_dir, imported_events, located, prepare, ref_root  # noqa: F401
from popdash import cli
from popdash.data.schema import load_schema
from popdash.ingest import normalise as nz, readers, templates
from popdash.ingest.record_types import record_type
from popdash.ingest.validation import build_vocabulary, read_cell

INDICATORS = [f"I0{i}" for i in range(1, 9)]


def meetings_file(*rows: list, name: str = "m.xlsx") -> tuple[str, bytes]:
    return name, xlsx({MEETINGS: [headers("meetings", MEETING_KEYS), *rows]})


def scores_of(plan, meeting_id: str) -> dict[str, str]:
    return {o["indicator_code"]: o["score"] for o in plan.tables["meeting_observations"] if o["meeting_id"] == meeting_id}


def refused_without_a_trace(root, files_dir, name: str, data: bytes) -> None:  # noqa: F811
    """The command line refuses the file and no byte under the data root changes."""
    before = fingerprint(root)
    path = files_dir / name
    path.write_bytes(data)
    assert cli.main(["ingest", str(path), "--lang", "en"]) == 1
    assert fingerprint(root) == before


# Coded values: one normalisation for every coded column ----------------------------------------

@pytest.mark.parametrize("typed,score", [
    ("Po", "full"), ("po", "full"), ("PO", "full"), (" Po ", "full"), ("P", "full"), ("x", "full"), ("X", "full"),
    ("Yes", "full"), ("1", "full"), (1, "full"), ("✓", "full"), ("Po\u200b", "full"),
    ("Jo", "zero"), ("jo", "zero"), ("J", "zero"), ("No", "zero"), ("0", "zero"), (0, "zero"),
    ("plotësisht", "full"), ("pjeserisht", "half"), ("0,5", "half"), ("n/a", "not_observed")])
def test_meeting_indicators_take_albanian_and_english_yes_and_no(ref_root, typed, score):
    plan = prepare([meetings_file(meeting_row("SHK-2025-03-27", "SHK", "27.03.2025", scores=[typed] * 8))])
    assert plan.ok, [(p.key, p.column, p.value) for p in plan.errors]
    assert scores_of(plan, "SHK-2025-03-27") == dict.fromkeys(INDICATORS, score)


def test_a_word_that_is_no_form_of_a_score_is_refused_at_its_cell(ref_root, files_dir):
    scores = ["Po"] * 7 + ["ndoshta"]
    name, data = meetings_file(meeting_row("SHK-2025-03-27", "SHK", "27.03.2025", scores=scores))
    plan = prepare([(name, data)])
    assert located(plan) == {(MEETINGS, 2, header("meetings", "I08"), "not_allowed")}
    assert plan.errors[0].message("en") == "One of: full, half, zero, not observed."
    refused_without_a_trace(ref_root, files_dir, name, data)


def coded_fields_and_forms():
    """(field, code, form) for every form the accepted-forms table lists."""
    from popdash.ingest.validation import accepted_forms

    return [(f, code, form) for f in templates.coded_fields()
            for code, forms in accepted_forms(f.column.name, f.column.allowed).items() for form in forms]


def test_every_form_the_instructions_list_is_read_as_its_code():
    columns = [c for t in load_schema().values() for c in t.columns]
    vocabulary = build_vocabulary(columns, [], TODAY)
    cases = coded_fields_and_forms()
    assert len(cases) > 300
    for f, code, form in cases:
        for typed in (form, form.upper(), f" {form} "):
            value, problem = read_cell(typed, f, vocabulary)
            assert problem is None and value == code, (f.column.name, code, typed)


RECORD_OF_COLUMN = {"sex": "attendance", "role": "attendance", "response": "recommendations", "status": "assessments"}


@pytest.mark.parametrize("column,typed,code", [
    ("sex", "Femër", "F"), ("sex", "femer", "F"), ("sex", "grua", "F"), ("sex", "M", "M"), ("sex", "Mashkull", "M"),
    ("role", "OSHC", "cso"), ("role", "qytetar", "citizen"), ("role", "Civil society", "cso"),
    ("response", "pranoi", "accepted"), ("response", "Pjesërisht", "partly"), ("response", "no answer", "no_answer"),
    ("status", "plotësisht", "full"), ("status", "partly addressed", "partial")])
def test_sexes_roles_and_responses_in_either_language(column, typed, code):
    field = record_type(RECORD_OF_COLUMN[column]).field(column)
    value, problem = read_cell(typed, field, build_vocabulary([field.column], [], TODAY))
    assert problem is None and value == code


# Municipalities in any form ----------------------------------------------------------------------

@pytest.mark.parametrize("typed,code", [
    ("Vau-Dejes", "VDE"), ("Vau Dejes", "VDE"), ("vau i dejes", "VDE"), ("Bashkia e Vaut të Dejës", "VDE"),
    ("Bashkia e Shkodrës", "SHK"), ("bashkia e shkodres", "SHK"), ("Bashkia e Tiranës", "TIR"),
    ("Tiranë\u200b", "TIR"), ("\u200fTirana", "TIR"), ("Tiranë\u00a0", "TIR"), ("\ufeffTIRANË", "TIR"),
    ("Bashkia Durrës", "DUR"), ("Bashkia e Durrësit", "DUR"), ("KORÇË", "KOR"), ("Korce", "KOR"),
    ("Municipality of Fier", "FIE"), ("Kamza", "KAM"), ("shk", "SHK")])
def test_municipality_names_in_every_form_people_write(ref_root, typed, code):
    plan = prepare([events_file(["E-1", typed, "14.05.2025", "forum", "Forum"])])
    assert plan.ok, [(p.key, p.value) for p in plan.errors]
    assert imported_events(plan)["E-1"]["municipality_code"] == code


@pytest.fixture
def twin_root(data_root):
    """A municipalities table in which one name fits two codes (an old code kept beside the new)."""
    tables = reference_tables()
    shkoder = tables["municipalities"].set_index("municipality_code").loc["SHK"].to_dict()
    old = pd.DataFrame([{**shkoder, "municipality_code": "SHO", "name_sq_definite": "Shkodra e vjetër"}])
    tables["municipalities"] = pd.concat([tables["municipalities"], old], ignore_index=True)
    write_dataset(data_root, tables, version="twins")
    return data_root


def test_a_name_that_fits_two_municipalities_is_an_error_listing_both(twin_root, files_dir):
    name, data = events_file(["E-1", "Bashkia Shkodër", "14.05.2025", "forum", "Forum"],
                             ["E-2", "Shkodra", "14.05.2025", "forum", "Forum"])
    plan = prepare([(name, data)])
    assert located(plan) == {(EVENTS, 2, header("events", "municipality_code"), "ambiguous_municipality")}
    assert plan.errors[0].message("en") == "One municipality: this name fits several (Shkodër (SHK), Shkodër (SHO)). Write the code."
    assert plan.errors[0].message("sq").startswith("Një bashki e vetme: ky emër u përshtatet disa bashkive (Shkodër (SHK)")
    refused_without_a_trace(twin_root, files_dir, name, data)


# Dates with month names, and month-first dates ----------------------------------------------------

@pytest.mark.parametrize("typed,expected", [
    ("14 maj 2025", date(2025, 5, 14)), ("14 Maj 2025", date(2025, 5, 14)), ("14 maj, 2025", date(2025, 5, 14)),
    ("14 MAJ 2025", date(2025, 5, 14)), ("14-maj-2025", date(2025, 5, 14)), ("14 May 2025", date(2025, 5, 14)),
    ("3 dhjetor 2025", date(2025, 12, 3)), ("3 dhj 2025", date(2025, 12, 3)), ("3 Dhj. 2025", date(2025, 12, 3)),
    ("1 nëntor 2025", date(2025, 11, 1)), ("1 nentor 2025", date(2025, 11, 1)), ("1 nën 2025", date(2025, 11, 1)),
    ("05/06/2025", date(2025, 6, 5))])  # no month-first date elsewhere: day first, as Albania writes it
def test_dates_with_albanian_month_names(ref_root, typed, expected):
    plan = prepare([events_file(["E-1", "SHK", typed, "forum", "Forum"])])
    assert plan.ok, [(p.key, p.value) for p in plan.errors]
    assert imported_events(plan)["E-1"]["event_date"] == expected


ALBANIAN_MONTHS = ["janar", "shkurt", "mars", "prill", "maj", "qershor", "korrik", "gusht", "shtator", "tetor",
                   "nëntor", "dhjetor"]
SHORT_MONTHS = ["jan", "shk", "mar", "pri", "maj", "qer", "kor", "gus", "sht", "tet", "nën", "dhj"]


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_in_full_and_short(month):
    for name in (ALBANIAN_MONTHS[month - 1], SHORT_MONTHS[month - 1], ALBANIAN_MONTHS[month - 1].capitalize()):
        assert nz.parse_date(f"10 {name} 2025") == date(2025, month, 10), name
    assert nz.parse_month(f"{ALBANIAN_MONTHS[month - 1]} 2025") == date(2025, month, 1)


def test_a_month_in_words_in_the_outreach_sheet(ref_root):
    rows = [headers("outreach", OUTREACH_KEYS), ["SHK", "maj 2025", "tv", 100], ["SHK", "Qershor, 2025", "tv", 120]]
    plan = prepare([("o.csv", csv_bytes(rows))])
    assert plan.ok, [(p.key, p.value) for p in plan.errors]
    assert {r["month"] for r in plan.tables["outreach"]} == {date(2025, 5, 1), date(2025, 6, 1)}


def test_a_misspelt_or_two_letter_month_is_not_a_date(ref_root):
    plan = prepare([events_file(["E-1", "SHK", "14 mj 2025", "forum", "A"], ["E-2", "SHK", "14 majj 2025", "forum", "B"])])
    day = header("events", "event_date")
    assert located(plan) == {(EVENTS, 2, day, "not_date"), (EVENTS, 3, day, "not_date")}


def test_a_day_and_month_that_could_swap_are_refused_when_the_file_puts_the_month_first(ref_root, files_dir):
    name, data = events_file(["E-1", "SHK", "12/31/2025", "forum", "A"],     # row 2: month first
                             ["E-2", "SHK", "05/06/2025", "forum", "B"],     # row 3: 5 June or 6 May?
                             ["E-3", "SHK", "14 maj 2025", "forum", "C"],    # row 4: words are never ambiguous
                             ["E-4", "SHK", "07/07/2025", "forum", "D"])     # row 5: the same either way
    plan = prepare([(name, data)])
    day = header("events", "event_date")
    assert located(plan) == {(EVENTS, 2, day, "month_first_date"), (EVENTS, 3, day, "ambiguous_date")}
    first, ambiguous = plan.errors
    assert first.message("en") == "A date with the day first: this one puts the month first. Write it 31.12.2025 (day.month.year)."
    assert ambiguous.value == "05/06/2025"
    assert ambiguous.message("en").startswith("A date that reads one way only: elsewhere this file puts the month "
                                              f"first (12/31/2025, row 2, sheet {EVENTS})")
    refused_without_a_trace(ref_root, files_dir, name, data)


def test_month_first_in_one_sheet_makes_the_same_files_other_sheets_ambiguous_but_not_other_files(ref_root):
    workbook = xlsx({MEETINGS: [headers("meetings", MEETING_KEYS), meeting_row("SHK-2025-12-31", "SHK", "12/31/2025")],
                     EVENTS: events_sheet(["E-1", "SHK", "05/06/2025", "forum", "A"])})
    plan = prepare([("one.xlsx", workbook)])
    assert {(p.sheet, p.key) for p in plan.errors} == {(MEETINGS, "month_first_date"), (EVENTS, "ambiguous_date")}
    other = prepare([meetings_file(meeting_row("SHK-2025-12-31", "SHK", "12/31/2025")),
                     events_file(["E-1", "SHK", "05/06/2025", "forum", "A"])])
    assert [p.key for p in other.errors] == ["month_first_date"]


# Formulas without a saved result ------------------------------------------------------------------

def with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """The workbook as Excel saves it: each formula cell named in `values` with its result."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                for cell, value in values.items():
                    content = re.sub(rf'(<c r="{cell}")([^>]*>)(<f>.*?</f>)<v\s*/?>(?:</v>)?'.encode(),
                                     rf'\1 t="str"\2\3<v>{value}</v>'.encode(), content)
            target.writestr(item, content)
    return out.getvalue()


def meeting_with_formula_evidence() -> list:
    row = meeting_row("SHK-2025-03-27", "SHK", "27.03.2025")
    row[MEETING_KEYS.index("evidence")] = '="https://example.org/"&"njoftim"'
    return row


def test_a_formula_without_a_saved_result_is_a_warning_naming_its_cell(ref_root):
    plan = prepare([meetings_file(meeting_with_formula_evidence())])
    assert plan.ok
    (warning,) = plan.warnings
    assert (warning.sheet, warning.row, warning.column, warning.key) == (MEETINGS, 2, header("meetings", "evidence"),
                                                                          "formula_without_value")
    assert warning.value == '="https://example.org/"&"njoftim"'
    assert warning.message("en").startswith("Cell G2 holds a formula without a saved result")
    assert warning.message("sq").startswith("Qeliza G2 ka një formulë pa rezultat të ruajtur")
    assert plan.tables["meetings"][0]["evidence"] is None


def test_a_formula_with_its_saved_result_is_read_as_the_result(ref_root):
    name, data = meetings_file(meeting_with_formula_evidence())
    plan = prepare([(name, with_cached_values(data, {"G2": "https://example.org/njoftim"}))])
    assert plan.ok and not plan.warnings
    assert plan.tables["meetings"][0]["evidence"] == "https://example.org/njoftim"


def test_a_formula_in_a_required_column_is_refused_and_named(ref_root):
    plan = prepare([events_file(["E-1", "SHK", "14.05.2025", "forum", '="Forum " & "publik"'])])
    title = header("events", "title")
    assert located(plan) == {(EVENTS, 2, title, "required")}
    assert [(p.row, p.column, p.params["cell"]) for p in plan.warnings] == [(2, title, "E2")]


def test_a_sheet_of_nothing_but_unsaved_formulas_is_not_skipped(ref_root):
    """Every cell empty once read, yet the formulas' text is named, not lost."""
    plan = prepare([("e.xlsx", xlsx({EVENTS: [['="Kodi"', '="Bashkia"'], ['="E-"&1', '="SHK"']]}))])
    assert [(p.key, p.row) for p in plan.errors] == [("no_header", 1)]
    assert [p.params["cell"] for p in plan.warnings] == ["A1", "B1", "A2", "B2"]


def test_the_template_itself_holds_no_formula():
    """Its drop-down lists and date checks are <formula1> elements, not cell formulas."""
    workbook = templates.build_workbook(reference_tables()["municipalities"].to_dict("records"))
    assert not readers.has_formulas(workbook)


# Long text ------------------------------------------------------------------------------------------

def test_long_notes_are_accepted_up_to_the_documented_limit(ref_root, files_dir):
    at_limit, over = meeting_row("SHK-2025-03-27", "SHK", "27.03.2025"), meeting_row("SHK-2025-04-27", "SHK", "27.04.2025")
    evidence = MEETING_KEYS.index("evidence")
    at_limit[evidence], over[evidence] = "a" * 20_000, "b" * 20_001
    assert prepare([meetings_file(at_limit)]).ok
    name, data = meetings_file(at_limit, over)
    plan = prepare([(name, data)])
    assert located(plan) == {(MEETINGS, 3, header("meetings", "evidence"), "text_too_long")}
    assert plan.errors[0].message("en") == "A text of at most 20,000 characters; this one has 20,001."
    assert plan.errors[0].message("sq") == "Një tekst deri në 20.000 shenja; ky ka 20.001."
    assert len(plan.errors[0].value) <= 80  # the report shows the start of it, not all of it
    refused_without_a_trace(ref_root, files_dir, name, data)


def test_other_text_keeps_the_shorter_limit(ref_root):
    plan = prepare([events_file(["E-1", "SHK", "14.05.2025", "forum", "t" * 4_000],
                                ["E-2", "SHK", "14.05.2025", "forum", "t" * 4_001])])
    assert located(plan) == {(EVENTS, 3, header("events", "title"), "text_too_long")}
    assert plan.errors[0].message("en") == "A text of at most 4,000 characters; this one has 4,001."
