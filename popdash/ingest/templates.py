"""The import templates, generated from the data model: an Excel workbook (instructions sheet,
one sheet per record type, drop-down lists for coded values) and the same sheets as CSV files.

fill_workbook() writes the current data into the template, so coordinators can correct
records in place and the round trip (data -> template -> import) can be tested.
"""
from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict
from datetime import date

from popdash.i18n import LANGUAGES, translate
from popdash.i18n.numbers import format_number
from popdash.ingest.normalise import display
from popdash.ingest.record_types import Field, INSTRUCTIONS_ID, LISTS_ID, RecordType, bilingual, record_types
from popdash.ingest.validation import MAX_LONG_TEXT_LENGTH, MAX_TEXT_LENGTH, accepted_forms, code_label, text_limit

REQUIRED_FILL = "0B4F8A"   # dark blue: required column
OPTIONAL_FILL = "D6E6F5"   # light blue: may be left empty
DATE_FORMAT = "DD.MM.YYYY"
MONTH_FORMAT = "MM.YYYY"
LAST_ROW = 1_048_576
CSV_INSTRUCTIONS = "udhezime-instructions.csv"


def municipality_records(version: str | None = None) -> list[dict]:
    """The municipalities of a data version (for the drop-down list of names)."""
    from popdash.data import store

    return store.read_table("municipalities", version).to_dict("records")


def empty_workbook(version: str | None = None) -> bytes:
    """The empty template for a data version's municipalities."""
    return build_workbook(municipality_records(version))


def empty_csv_zip(version: str | None = None) -> bytes:
    """The empty CSV templates in one zip."""
    return zip_bytes(csv_files(municipality_records(version)))


def sheet_title(record_id: str) -> str:
    return f"{translate('sq', f'ingest.sheet.{record_id}')} - {translate('en', f'ingest.sheet.{record_id}')}"[:31]


def municipality_label(code: str | None, names: dict[str, str]) -> str | None:
    return None if code is None else names.get(code, code)


def cell_value(f: Field, value, names: dict[str, str]):
    """A stored value as the template shows it: names for municipalities, Albanian labels for
    codes, real dates."""
    if value is None:
        return None
    if f.column.name == "municipality_code" or f.column.references == "municipalities.municipality_code":
        return municipality_label(value, names)
    if f.column.allowed:
        return code_label(f.column.name, value, "sq")
    return value


def template_rows(rtype: RecordType, tables: dict[str, list[dict]], names: dict[str, str]) -> list[list]:
    """The records of a record type laid out as the sheet's rows (wide where the sheet is)."""
    if rtype.wide_table is None:
        return [[cell_value(f, r.get(f.key), names) for f in rtype.fields] for r in tables[rtype.base_table]]
    shared = [f.key for f in rtype.fields if not f.indicator]
    wide: dict[tuple, dict] = defaultdict(dict)
    for obs in tables[rtype.wide_table]:
        key = tuple(obs.get(k) for k in rtype.key)
        wide[key][obs["indicator_code"]] = obs.get("score")
        wide[key][obs["indicator_code"] + "_evidence"] = obs.get("evidence")
    if rtype.base_table:
        bases = tables[rtype.base_table]
    else:
        bases = [dict(zip(rtype.key, key)) for key in wide]
    rows = []
    for base in bases:
        values = {k: base.get(k) for k in shared}
        values.update(wide.get(tuple(base.get(k) for k in rtype.key), {}))
        rows.append([cell_value(f, values.get(f.key), names) for f in rtype.fields])
    return rows


def allowed_text(f: Field) -> str:
    """What a column accepts, in both languages, for the instructions."""
    column = f.column
    if column.name == "municipality_code" or column.references == "municipalities.municipality_code":
        return bilingual("ingest.template.municipality_choices")
    if column.allowed:
        return ", ".join(f"{code_label(column.name, c, 'sq')} ({code_label(column.name, c, 'en')})" for c in column.allowed)
    kind = "month" if f.is_month else column.type if column.type in ("int", "float", "date") else "text"
    text = bilingual(f"ingest.template.type_{kind}")
    if kind == "text":
        text += " · " + in_both("ingest.template.up_to_characters", limit=text_limit(column.name))
    if column.min is not None and column.max is not None:
        text += " · " + bilingual("ingest.template.range", min=limit(column.min), max=limit(column.max))
    elif column.min is not None:
        text += " · " + bilingual("ingest.template.at_least", min=limit(column.min))
    elif column.max is not None:
        text += " · " + bilingual("ingest.template.at_most", max=limit(column.max))
    return text


def limit(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def in_both(key: str, **counts: int) -> str:
    """'Albanian / English' for a key whose values are counts, each written as its language
    writes numbers (20 000 / 20,000)."""
    return " / ".join(translate(lang, key, **{k: format_number(v, lang) for k, v in counts.items()}) for lang in LANGUAGES)


def rule_text(rule: str, lang: str) -> str:
    """A rule of the instructions in one language (the text limits filled in)."""
    return translate(lang, f"ingest.template.{rule}", long=format_number(MAX_LONG_TEXT_LENGTH, lang),
                     short=format_number(MAX_TEXT_LENGTH, lang))


def example_text(f: Field, names: dict[str, str]) -> str:
    column = f.column
    example = column.example
    if column.name == "municipality_code" or column.references == "municipalities.municipality_code":
        return names.get(example, example)
    if column.allowed and example in column.allowed:
        return code_label(column.name, example, "sq")
    if column.type == "date" and example:
        day = date.fromisoformat(example)
        return day.strftime("%m.%Y") if f.is_month else day.strftime("%d.%m.%Y")
    return example


def instruction_rows(names: dict[str, str]) -> list[list[str]]:
    """One row per column of every sheet: sheet, header, required, descriptions, allowed, example."""
    rows = []
    for rtype in record_types():
        for f in rtype.fields:
            rows.append([rtype.sheet_name, f.header,
                         bilingual("ingest.template.yes") if f.required else bilingual("ingest.template.no"),
                         f.describe("sq"), f.describe("en"), allowed_text(f), example_text(f, names)])
    return rows


INSTRUCTION_COLUMNS = ("column_sheet", "column_column", "column_required", "column_description",
                       "column_description_en", "column_allowed", "column_example")
FORMS_COLUMNS = ("column_column", "column_value", "column_forms")
RULES = ("intro", "rule_rows", "rule_required", "rule_dates", "rule_municipality", "rule_codes", "rule_text",
         "rule_formulas", "rule_merge", "rule_privacy")
# The rules on what the import accepts, which the Methodology page repeats.
IMPORT_RULES = ("rule_dates", "rule_municipality", "rule_codes", "rule_text", "rule_formulas")


def coded_fields() -> list[Field]:
    """One field per coded column of the templates, in workbook order; the twelve indicator
    scores share one set of codes and appear once."""
    fields: dict[str, Field] = {}
    for rtype in record_types():
        for f in rtype.fields:
            if f.column.allowed and not f.key.endswith("_evidence"):
                fields.setdefault(f.column.name, f)
    return list(fields.values())


def coded_column_name(f: Field, lang: str | None) -> str:
    if f.indicator:
        return translate(lang, "ingest.template.score_columns") if lang else bilingual("ingest.template.score_columns")
    return f.header_part(lang) if lang else f.header


def forms_rows(lang: str | None = None) -> list[list[str]]:
    """Column, value and every accepted form of each coded value: in one language, or in both
    (for the template's instructions)."""
    rows = []
    for f in coded_fields():
        name = f.column.name
        for code, forms in accepted_forms(name, f.column.allowed).items():
            value = code_label(name, code, lang) if lang else f"{code_label(name, code, 'sq')} ({code_label(name, code, 'en')})"
            rows.append([coded_column_name(f, lang), value, ", ".join(forms)])
    return rows


def list_values(f: Field, municipality_names: list[str]) -> list[str] | None:
    column = f.column
    if column.name == "municipality_code" or column.references == "municipalities.municipality_code":
        return municipality_names
    if column.allowed:
        return [code_label(column.name, c, "sq") for c in column.allowed]
    return None


def build_workbook(municipalities: list[dict], tables: dict[str, list[dict]] | None = None) -> bytes:
    """The template as .xlsx bytes; with `tables`, filled with those records."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    names = {m["municipality_code"]: m["name_sq"] for m in municipalities}
    workbook = Workbook()
    write_instructions(workbook.active, names)
    lists = workbook.create_sheet(sheet_title(LISTS_ID))
    list_ranges: dict[str, str] = {}
    bold_white = Font(bold=True, color="FFFFFF")
    bold_dark = Font(bold=True, color="0B2540")
    for rtype in record_types():
        sheet = workbook.create_sheet(rtype.sheet_name)
        sheet.freeze_panes = "A2"
        for index, f in enumerate(rtype.fields, start=1):
            letter = get_column_letter(index)
            cell = sheet.cell(row=1, column=index, value=f.header)
            cell.font = bold_white if f.required else bold_dark
            cell.fill = PatternFill("solid", fgColor=REQUIRED_FILL if f.required else OPTIONAL_FILL)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.comment = Comment(f"{f.describe('sq')}\n\n{f.describe('en')}", "Rrjeti POP", width=320, height=160)
            sheet.column_dimensions[letter].width = min(max(len(f.header) * 0.75, 14), 42)
            span = f"{letter}2:{letter}{LAST_ROW}"
            values = list_values(f, list(names.values()))
            if values:
                group = "municipality" if f.column.name == "municipality_code" or f.column.references == "municipalities.municipality_code" else f.column.name
                if group not in list_ranges:
                    list_ranges[group] = add_list(lists, group, values)
                add_validation(sheet, DataValidation(type="list", formula1=list_ranges[group], allow_blank=True), span, "list")
                sheet.column_dimensions[letter].number_format = "@"
            elif f.column.type == "date":
                sheet.column_dimensions[letter].number_format = MONTH_FORMAT if f.is_month else DATE_FORMAT
                add_validation(sheet, DataValidation(type="date", operator="between", formula1="DATE(2015,1,1)",
                                                     formula2="TODAY()", allow_blank=True), span, "date")
            elif f.column.type in ("int", "float") and (f.column.min is not None or f.column.max is not None):
                operator, low, high = bounds(f)
                add_validation(sheet, DataValidation(type="whole" if f.column.type == "int" else "decimal",
                                                     operator=operator, formula1=low, formula2=high, allow_blank=True),
                               span, "number")
            elif f.column.type == "string":
                sheet.column_dimensions[letter].number_format = "@"
        sheet.row_dimensions[1].height = 45
        if tables is not None:
            fill_sheet(sheet, rtype, template_rows(rtype, tables, names))
    lists.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def bounds(f: Field) -> tuple[str, str, str | None]:
    low, high = f.column.min, f.column.max
    if low is not None and high is not None:
        return "between", limit(low), limit(high)
    if low is not None:
        return "greaterThanOrEqual", limit(low), None
    return "lessThanOrEqual", limit(high), None


def add_validation(sheet, validation, span: str, kind: str) -> None:
    """A soft check in Excel (a warning the person may override): the import is the judge and
    accepts more spellings than a drop-down list shows."""
    validation.errorStyle = "warning"
    validation.showErrorMessage = True
    validation.errorTitle = bilingual(f"ingest.template.{kind}_error_title")[:32]
    validation.error = f"{translate('sq', f'ingest.template.{kind}_error')}\n{translate('en', f'ingest.template.{kind}_error')}"[:255]
    validation.add(span)
    sheet.add_data_validation(validation)


def add_list(lists, group: str, values: list[str]) -> str:
    """Write a drop-down list into a column of the hidden Lists sheet; return its range."""
    from openpyxl.utils import get_column_letter

    column = lists.max_column + 1 if lists.cell(row=1, column=1).value else 1
    lists.cell(row=1, column=column, value=group)
    for row, value in enumerate(values, start=2):
        lists.cell(row=row, column=column, value=value)
    letter = get_column_letter(column)
    return f"'{lists.title}'!${letter}$2:${letter}${len(values) + 1}"


def fill_sheet(sheet, rtype: RecordType, rows: list[list]) -> None:
    formats = {i: (MONTH_FORMAT if f.is_month else DATE_FORMAT) for i, f in enumerate(rtype.fields, start=1)
               if f.column.type == "date"}
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=number, column=column, value=value)
            if cell.data_type == "f":  # text that starts with '=' stays text, never a formula
                cell.data_type = "s"
            if column in formats:
                cell.number_format = formats[column]


def write_instructions(sheet, names: dict[str, str]) -> None:
    from openpyxl.styles import Font, PatternFill

    sheet.title = sheet_title(INSTRUCTIONS_ID)
    sheet.append([translate("sq", "ingest.template.title")])
    sheet.append([translate("en", "ingest.template.title")])
    sheet["A1"].font = Font(bold=True, size=14, color="0B2540")
    sheet["A2"].font = Font(italic=True, size=12, color="4A5A6A")
    sheet.append([])
    for rule in RULES:
        sheet.append([rule_text(rule, "sq")])
        sheet.append([rule_text(rule, "en")])
        sheet.cell(row=sheet.max_row, column=1).font = Font(italic=True, color="4A5A6A")
    sheet.append([])
    legend = sheet.max_row + 1
    sheet.append([bilingual("ingest.template.legend_required")])
    sheet.append([bilingual("ingest.template.legend_optional")])
    sheet.cell(row=legend, column=1).fill = PatternFill("solid", fgColor=REQUIRED_FILL)
    sheet.cell(row=legend, column=1).font = Font(bold=True, color="FFFFFF")
    sheet.cell(row=legend + 1, column=1).fill = PatternFill("solid", fgColor=OPTIONAL_FILL)
    sheet.append([])
    append_table(sheet, INSTRUCTION_COLUMNS, instruction_rows(names))
    sheet.append([])
    sheet.append([bilingual("ingest.template.forms_title")])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12, color="0B2540")
    append_table(sheet, FORMS_COLUMNS, forms_rows())
    for letter, width in zip("ABCDEFG", (28, 34, 14, 55, 55, 48, 26)):
        sheet.column_dimensions[letter].width = width


def append_table(sheet, columns: tuple[str, ...], rows: list[list[str]]) -> None:
    """A table below what the sheet holds: a bilingual header row in the required colour, then
    the rows, wrapped."""
    from openpyxl.styles import Alignment, Font, PatternFill

    header_row = sheet.max_row + 1
    sheet.append([bilingual(f"ingest.template.{c}") for c in columns])
    for cell in sheet[header_row]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=REQUIRED_FILL)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def csv_files(municipalities: list[dict], tables: dict[str, list[dict]] | None = None) -> dict[str, bytes]:
    """The template as CSV files (UTF-8 with BOM, so Excel shows ë and ç): one per record type,
    plus the instructions."""
    names = {m["municipality_code"]: m["name_sq"] for m in municipalities}
    forms = [[], [bilingual("ingest.template.forms_title")], [bilingual(f"ingest.template.{c}") for c in FORMS_COLUMNS]]
    files = {CSV_INSTRUCTIONS: to_csv([bilingual(f"ingest.template.{c}") for c in INSTRUCTION_COLUMNS],
                                      instruction_rows(names) + forms + forms_rows())}
    for rtype in record_types():
        rows = template_rows(rtype, tables, names) if tables is not None else []
        files[f"{rtype.id}.csv"] = to_csv([f.header for f in rtype.fields], [[csv_cell(v, f) for v, f in zip(r, rtype.fields)] for r in rows])
    return files


def csv_cell(value, f: Field):
    if isinstance(value, date):
        return value.strftime("%m.%Y") if f.is_month else display(value)
    return value


def to_csv(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()
