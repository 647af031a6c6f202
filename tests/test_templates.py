"""The import templates are generated from the data model: a sheet per record type with
bilingual headers, an instructions sheet documenting every column in both languages, drop-down
lists for coded values, the same sheets as CSV, and the command that writes them."""
from __future__ import annotations

import io

import openpyxl
import pytest

from ingest_files import reference_tables
from popdash import cli
from popdash.data.schema import load_schema
from popdash.i18n import translate
from popdash.ingest import importer, templates
from popdash.ingest.record_types import bilingual, imported_tables, record_type, record_types

MUNICIPALITIES = reference_tables()["municipalities"].to_dict("records")


@pytest.fixture(scope="module")
def workbook():
    return openpyxl.load_workbook(io.BytesIO(templates.build_workbook(MUNICIPALITIES)))


def header_row(sheet) -> list[str]:
    return [c.value for c in sheet[1] if c.value is not None]


def test_sheets_instructions_first_then_one_per_record_type(workbook):
    assert workbook.sheetnames[0] == "Udhëzime - Instructions"
    data_sheets = [s for s in workbook.sheetnames if s not in ("Udhëzime - Instructions", "Listat - Lists")]
    assert data_sheets == [r.sheet_name for r in record_types()]
    assert "Mbledhjet - Meetings" in data_sheets and "Treguesit vjetorë - Yearly" in data_sheets
    assert workbook["Listat - Lists"].sheet_state == "hidden"
    assert all(len(name) <= 31 and "/" not in name for name in workbook.sheetnames)


def test_headers_are_albanian_with_the_english_name_beside(workbook):
    events = header_row(workbook["Aktivitetet - Events"])
    assert events == ["Kodi i aktivitetit / Event ID", "Bashkia / Municipality", "Data e aktivitetit / Event date",
                      "Lloji i aktivitetit / Event type", "Titulli / Title"]
    meetings = header_row(workbook["Mbledhjet - Meetings"])
    assert "Bashkia / Municipality" in meetings
    assert [h.split(" ")[0] for h in meetings if h[:1] == "I" and h[1:3].isdigit()] == [f"I0{i}" for i in range(1, 9)]
    assert "I01 Njoftimi 5 ditë përpara / I01 Notice 5 days before" in meetings
    period = header_row(workbook["Treguesit vjetorë - Yearly"])
    assert period[:2] == ["Bashkia / Municipality", "Viti / Year"]
    assert [h[:3] for h in period[2:6]] == ["I09", "I10", "I11", "I12"]


def test_every_column_of_every_imported_table_is_on_a_sheet():
    assert imported_tables() == set(load_schema()) - {"municipalities", "memberships"}
    for rtype in record_types():
        names = {f.key for f in rtype.fields}
        for table in rtype.tables:
            for column in load_schema()[table].columns:
                wide = table == rtype.wide_table and column.name in ("indicator_code", "score", "evidence")
                assert wide or column.name in names, f"{table}.{column.name} is on no sheet"
        if rtype.wide_table:
            assert set(rtype.indicators) <= names


def test_headers_are_unambiguous_within_a_sheet():
    for rtype in record_types():
        seen = {}
        for f in rtype.fields:
            for alias in f.aliases():
                assert seen.setdefault(alias, f.key) == f.key, (rtype.id, alias)


def test_every_column_is_documented_in_both_languages():
    for rtype in record_types():
        for f in rtype.fields:
            for lang in ("sq", "en"):
                assert "ingest." not in f.describe(lang) and "ingest." not in f.header_part(lang), (rtype.id, f.key, lang)
    sq_meeting = record_type("meetings").field("notice_days").describe("sq")
    assert sq_meeting == "Ditët nga njoftimi publik deri te mbledhja; ligji kërkon të paktën 5."


def test_english_descriptions_are_the_schemas():
    for name in imported_tables():
        for column in load_schema()[name].columns:
            assert translate("en", f"ingest.describe.{name}.{column.name}") == column.description, (name, column.name)
            assert translate("sq", f"ingest.describe.{name}.{column.name}") != column.description, (name, column.name)


def test_instructions_explain_each_column_with_an_example(workbook):
    sheet = workbook["Udhëzime - Instructions"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Shablloni i të dhënave të monitorimit – Rrjeti POP"
    table_start = next(i for i, r in enumerate(rows) if r[0] == "Fleta / Sheet")
    assert rows[table_start][:7] == ["Fleta / Sheet", "Kolona / Column", "E detyrueshme / Required",
                                     "Përshkrimi (shqip) / Description (Albanian)",
                                     "Përshkrimi (anglisht) / Description (English)",
                                     "Vlerat e lejuara / Allowed values", "Shembull / Example"]
    table_end = next(i for i, r in enumerate(rows) if r[0] == bilingual("ingest.template.forms_title"))
    documented = {(r[0], r[1]): r for r in rows[table_start + 1:table_end] if r[0]}
    assert len(documented) == sum(len(r.fields) for r in record_types())
    event_type = documented[("Aktivitetet - Events", "Lloji i aktivitetit / Event type")]
    assert event_type[2] == "Po / Yes"
    assert event_type[5].startswith("workshop qytetar (citizen workshop), forum publik (public forum)")
    assert event_type[6] == "workshop qytetar"
    meeting_date = documented[("Mbledhjet - Meetings", "Data e mbledhjes / Meeting date")]
    assert meeting_date[6] == "27.03.2025" and meeting_date[4] == "Date of the meeting."
    assert documented[("Mbledhjet - Meetings", "Bashkia / Municipality")][6] == "Shkodër"
    reached = documented[("Shtrirja - Outreach", "Persona të arritur / People reached")]
    assert "numër i plotë / whole number" in reached[5] and "të paktën 0 / at least 0" in reached[5]
    score = documented[("Mbledhjet - Meetings", "I03 Mbledhje e hapur / I03 Open meeting")]
    assert score[5] == "plotësisht (full), pjesërisht (half), aspak (zero), pa vëzhguar (not observed)"


def validations(sheet) -> dict[str, object]:
    return {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv for dv in sheet.data_validations.dataValidation}


def list_values(workbook, formula: str) -> list[str]:
    sheet_name, cells = formula.split("!")
    sheet = workbook[sheet_name.strip("'")]
    return [c[0].value for c in sheet[cells.replace("$", "")]]


def test_drop_down_lists_for_coded_values_and_municipalities(workbook):
    meetings = workbook["Mbledhjet - Meetings"]
    columns = {c.value: c.column_letter for c in meetings[1] if c.value}
    checks = validations(meetings)
    municipality = checks[columns["Bashkia / Municipality"]]
    assert municipality.type == "list" and municipality.errorStyle == "warning"
    assert list_values(workbook, municipality.formula1)[:4] == ["Tiranë", "Durrës", "Elbasan", "Shkodër"]
    score = checks[columns["I01 Njoftimi 5 ditë përpara / I01 Notice 5 days before"]]
    assert list_values(workbook, score.formula1) == ["plotësisht", "pjesërisht", "aspak", "pa vëzhguar"]
    kind = checks[columns["Lloji i mbledhjes / Meeting type"]]
    assert list_values(workbook, kind.formula1) == ["e zakonshme", "e jashtëzakonshme"]
    day = checks[columns["Data e mbledhjes / Meeting date"]]
    assert day.type == "date" and day.formula1 == "DATE(2015,1,1)"
    notice = checks[columns["Ditë njoftimi përpara / Days of notice"]]
    assert (notice.type, notice.operator, notice.formula1, notice.formula2) == ("whole", "between", "0", "365")


def test_the_empty_template_imports_as_nothing_to_import(data_root):
    from conftest import write_dataset

    write_dataset(data_root, reference_tables())
    plan = importer.prepare([("template.xlsx", templates.build_workbook(MUNICIPALITIES))])
    assert [p.key for p in plan.problems] == ["no_records"]


def test_csv_templates_have_the_same_headers_with_a_bom():
    files = templates.csv_files(MUNICIPALITIES)
    assert set(files) == {f"{r.id}.csv" for r in record_types()} | {templates.CSV_INSTRUCTIONS}
    events = files["events.csv"]
    assert events.startswith(b"\xef\xbb\xbf")
    assert events.decode("utf-8-sig").strip() == ",".join(f.header for f in record_type("events").fields)
    instructions = files[templates.CSV_INSTRUCTIONS].decode("utf-8-sig")
    assert "Lloji i aktivitetit / Event type" in instructions and "forum publik (public forum)" in instructions


def test_text_that_looks_like_a_formula_stays_text_in_the_filled_template():
    tables = {name: [] for name in load_schema()}
    tables["events"] = [{"event_id": "E1", "municipality_code": "SHK", "event_date": None, "event_type": "forum",
                         "title": '=HYPERLINK("http://evil.example","x")'}]
    sheet = openpyxl.load_workbook(io.BytesIO(templates.build_workbook(MUNICIPALITIES, tables)))["Aktivitetet - Events"]
    assert sheet["E2"].data_type == "s" and sheet["E2"].value.startswith("=HYPERLINK")
    assert sheet["B2"].value == "Shkodër" and sheet["D2"].value == "forum publik"


def test_the_command_writes_the_workbook_and_the_csv_files(data_root, tmp_path_factory, capsys):
    from conftest import write_dataset

    write_dataset(data_root, reference_tables())
    out = tmp_path_factory.mktemp("out")
    assert cli.main(["template", "-o", str(out / "t.xlsx"), "--csv", str(out / "csv"), "--lang", "en"]) == 0
    assert "Template written" in capsys.readouterr().out
    assert openpyxl.load_workbook(out / "t.xlsx").sheetnames[1] == "Listat - Lists"
    assert (out / "csv" / "meetings.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert cli.main(["template"]) == 2


def instruction_rows(workbook) -> list[list]:
    return [[c.value for c in row] for row in workbook["Udhëzime - Instructions"].iter_rows()]


def test_instructions_list_the_accepted_forms_of_every_coded_value(workbook):
    rows = instruction_rows(workbook)
    start = next(i for i, r in enumerate(rows) if r[0] == "Trajtat e pranuara të vlerave me kod / Accepted forms of coded values")
    assert rows[start + 1][:3] == [
        "Kolona / Column", "Vlera / Value",
        "Trajtat e pranuara (shkronjat e mëdha, ë dhe ç, hapësirat dhe vizat nuk kanë rëndësi) / "
        "Accepted forms (capitals, ë and ç, spaces and hyphens do not matter)"]
    forms = {(r[0], r[1]): r[2].split(", ") for r in rows[start + 2:] if r[0]}
    assert len(forms) == sum(len(f.column.allowed) for f in templates.coded_fields())
    scores = "Pikët e treguesve (I01–I12) / Indicator scores (I01–I12)"
    assert {"plotësisht", "full", "Po", "P", "x", "Yes", "1"} <= set(forms[(scores, "plotësisht (full)")])
    assert {"aspak", "zero", "Jo", "J", "No", "0"} <= set(forms[(scores, "aspak (zero)")])
    assert {"F", "femër", "female", "grua"} <= set(forms[(record_type("attendance").field("sex").header, "femër (female)")])
    response = record_type("recommendations").field("response").header
    assert {"pranoi", "accepted"} <= set(forms[(response, "pranuar (accepted)")])


def test_instructions_state_the_rules_in_both_languages(workbook):
    text = [r[0] for r in instruction_rows(workbook) if r[0]]
    for words in ("janar … dhjetor, jan … dhj", "Bashkia e Shkodrës", "Vau-Dejes", "Po, P, x, Yes"):
        assert len([line for line in text if words in line]) == 2, words  # the Albanian line and the English one
    assert any("deri në 20.000 shenja" in line for line in text) and any("up to 20,000 characters" in line for line in text)
    assert any(line.startswith("Formulat:") for line in text) and any(line.startswith("Formulas:") for line in text)


def test_each_text_column_states_its_length_limit(workbook):
    rows = {(r[0], r[1]): r for r in instruction_rows(workbook) if r[0]}
    evidence = rows[("Mbledhjet - Meetings", record_type("meetings").field("evidence").header)]
    assert evidence[5] == "tekst / text · deri në 20.000 shenja / up to 20,000 characters"
    title = rows[("Aktivitetet - Events", record_type("events").field("title").header)]
    assert title[5] == "tekst / text · deri në 4.000 shenja / up to 4,000 characters"


def test_the_csv_instructions_end_with_the_accepted_forms():
    instructions = templates.csv_files(MUNICIPALITIES)[templates.CSV_INSTRUCTIONS].decode("utf-8-sig")
    tail = instructions.split("Trajtat e pranuara të vlerave me kod / Accepted forms of coded values", 1)[1]
    assert '"full, plotësisht, e plotë, plotë, fully, Po, P, Yes, Y, x, 1' in tail
