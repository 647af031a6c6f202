"""Checking one sheet against its record type: headers found, each cell read as its column's
type (what people really type is accepted), required values, allowed codes, limits and dates.

Cross-row checks (duplicate keys, references, scope) need every file of the import and live
in popdash.ingest.importer.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from popdash.data.schema import PERSONAL_COLUMNS
from popdash.i18n import LANGUAGES, translate
from popdash.i18n.numbers import format_number
from popdash.ingest import normalise as nz, problems as pb
from popdash.ingest.place_names import PlaceMatcher
from popdash.ingest.readers import RawSheet
from popdash.ingest.record_types import Field, RecordType

PROGRAMME_START = date(2015, 1, 1)
# Text limits in characters. Notes and evidence are written at length (a paragraph of the
# minutes, a list of links): 20,000 characters is some eight pages, well inside an Excel
# cell's 32,767. Other text (titles, names, identifiers) past 4,000 is a pasting slip.
MAX_TEXT_LENGTH = 4_000
MAX_LONG_TEXT_LENGTH = 20_000
LONG_TEXT_COLUMNS = {"evidence", "note_sq", "note_en", "change_sq", "change_en", "contribution_sq",
                     "contribution_en", "text_sq"}
HEADER_SEARCH_ROWS = 10
HIDDEN_VALUE = "•••"
# A rubric level answers a yes/no question, so "Po" in an indicator column means full and
# "Jo" zero: column -> (the code for yes, the code for no).
YES_NO_CODES = {"score": ("full", "zero")}


@dataclass(frozen=True)
class Source:
    """Where a row came from, as the person sees it."""
    file: str
    sheet: str
    row: int


@dataclass
class Row:
    """One validated spreadsheet row: values by field key, the headers as written."""
    record_type: str
    source: Source
    values: dict
    headers: dict[str, str]
    present: set[str]
    raw: dict = field(default_factory=dict)


@dataclass
class Vocabulary:
    """What typed words mean in this dataset: codes of each coded column, municipalities."""
    codes: dict[str, dict[str, str]]         # column name -> folded alias -> code
    places: PlaceMatcher                     # municipality names and codes in any form
    municipality_names: dict[str, str]       # language -> "Tiranë, Durrës, ..."
    today: date
    names_by_code: dict[str, dict[str, str]] = field(default_factory=dict)  # code -> language -> name


def code_label(group: str, code: str, lang: str) -> str:
    """The label shown for a code in the templates (ingest.label.*), falling back to the
    app's shared labels (code.*) and then the code itself."""
    for key in (f"ingest.label.{group}.{code}", f"code.{group}.{code}"):
        text = translate(lang, key)
        if text != key:
            return text
    return code


def accepted_forms(group: str, codes: tuple[str, ...]) -> dict[str, list[str]]:
    """Every form accepted for each code of a coded column, as written and without repeats:
    the code, its labels in both languages, the other words people use for it
    (ingest.alias.*) and, where the codes answer yes or no, the forms of yes and no."""
    yes_no = dict(zip(YES_NO_CODES.get(group, ()), (nz.YES_FORMS, nz.NO_FORMS)))
    forms = {}
    for code in codes:
        words = [code] + [code_label(group, code, lang) for lang in LANGUAGES]
        for lang in LANGUAGES:
            extra = translate(lang, f"ingest.alias.{group}.{code}")
            if extra != f"ingest.alias.{group}.{code}":
                words += extra.split("|")
        forms[code] = distinct_forms(words + list(yes_no.get(code, ())))
    return forms


def distinct_forms(words: list[str]) -> list[str]:
    """The words in order, each folded form once (plotësisht and plotesisht are one form)."""
    kept: dict[str, str] = {}
    for word in words:
        kept.setdefault(nz.fold(word), word)
    return [w for key, w in kept.items() if key]


def code_aliases(group: str, codes: tuple[str, ...]) -> dict[str, str]:
    """Folded form -> code for a coded column."""
    return nz.alias_index((form, code) for code, forms in accepted_forms(group, codes).items() for form in forms)


def build_vocabulary(columns, municipalities: list[dict], today: date) -> Vocabulary:
    """From the schema's coded columns and the current municipalities table."""
    codes = {c.name: code_aliases(c.name, c.allowed) for c in columns if c.allowed}
    names = {"sq": ", ".join(m["name_sq"] for m in municipalities),
             "en": ", ".join(m["name_en"] for m in municipalities)}
    by_code = {m["municipality_code"]: {"sq": m["name_sq"], "en": m["name_en"]} for m in municipalities}
    return Vocabulary(codes, PlaceMatcher(municipalities), names, today, by_code)


def text_limit(column_name: str) -> int:
    return MAX_LONG_TEXT_LENGTH if column_name in LONG_TEXT_COLUMNS else MAX_TEXT_LENGTH


def locate_header(sheet: RawSheet, rtype: RecordType) -> tuple[int, dict[int, Field], list[pb.Problem]] | None:
    """The header row (the first of the top rows naming a column of the record type) and
    the field each column holds; unknown and repeated columns are reported."""
    for position, (number, cells) in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        found: dict[int, Field] = {}
        problems: list[pb.Problem] = []
        for index, cell in enumerate(cells):
            if nz.is_blank(cell):
                continue
            folded = nz.fold(cell)
            match = next((f for f in rtype.fields if folded in f.aliases()), None)
            if match is None:
                problems.append(pb.warning(sheet.file, sheet.name, number, nz.display(cell), "", "unknown_column"))
            elif match in found.values():
                problems.append(pb.error(sheet.file, sheet.name, number, nz.display(cell), "", "duplicate_column"))
            else:
                found[index] = match
        if found:
            return position, found, problems
    return None


def read_sheet(sheet: RawSheet, rtype: RecordType, vocabulary: Vocabulary) -> tuple[list[Row], list[pb.Problem]]:
    """Validated rows of a sheet and every problem in it."""
    located = locate_header(sheet, rtype)
    if located is None:
        return [], [pb.error(sheet.file, sheet.name, 1, "", "", "no_header", sheet=rtype.sheet_name),
                    *formula_warnings(sheet, {})]
    position, columns, problems = located
    header_row = sheet.rows[position][0]
    headers = {f.key: nz.display(sheet.rows[position][1][i]) for i, f in columns.items()}
    missing = [f for f in rtype.fields if f.required and f.key not in headers]
    for f in missing:
        problems.append(pb.error(sheet.file, sheet.name, header_row, f.header, "", "missing_column"))
    rows = []
    for number, cells in sheet.rows[position + 1:]:
        values, raw = {}, {}
        for index, f in columns.items():
            cell = cells[index] if index < len(cells) else None
            raw[f.key] = cell
            value, problem = read_cell(cell, f, vocabulary)
            if problem is not None:
                problems.append(pb.Problem(problem.severity, sheet.file, sheet.name, number, headers[f.key],
                                           shown(f.column.name, cell), problem.key, problem.params))
            values[f.key] = value
        rows.append(Row(rtype.id, Source(sheet.file, sheet.name, number), values, headers, set(headers), raw))
    return rows, problems + formula_warnings(sheet, {i: (f, headers[f.key]) for i, f in columns.items()})


def formula_warnings(sheet: RawSheet, columns: dict[int, tuple[Field, str]]) -> list[pb.Problem]:
    """A formula without a saved result was read as empty: say which cell, so its text is not
    lost without notice."""
    problems = []
    for formula in sheet.unsaved_formulas:
        f, header = columns.get(formula.column, (None, formula.cell.rstrip("0123456789")))
        value = shown(f.column.name, formula.formula) if f else nz.display(formula.formula)
        problems.append(pb.warning(sheet.file, sheet.name, formula.row, header, value, "formula_without_value",
                                   cell=formula.cell))
    return problems


def shown(column: str, cell) -> str:
    """A cell as the problem report may show it: a participant's code never leaves the import,
    not even back to the person who typed it."""
    return HIDDEN_VALUE if column in PERSONAL_COLUMNS and not nz.is_blank(cell) else nz.display(cell)


def read_cell(cell, f: Field, vocabulary: Vocabulary) -> tuple[object, pb.Problem | None]:
    """The cell as its column's type, or the problem (located by the caller)."""
    column = f.column
    if column.type == "bool":
        return check(lambda: nz.parse_bool(cell))
    if nz.is_blank(cell):
        return None, (pb.error("", "", None, "", "", "required") if column.required else None)
    value, problem = check(lambda: parse_typed(cell, f, vocabulary))
    if problem is not None:
        return None, problem
    return value, check_limits(value, f, vocabulary.today)


def check(parse) -> tuple[object, pb.Problem | None]:
    try:
        return parse(), None
    except nz.Invalid as invalid:
        return None, pb.error("", "", None, "", "", invalid.key, **invalid.params)


def parse_typed(cell, f: Field, vocabulary: Vocabulary):
    column = f.column
    if column.references == "municipalities.municipality_code" or column.name == "municipality_code":
        return match_municipality(cell, vocabulary)
    if column.allowed:
        try:
            return nz.match_alias(cell, vocabulary.codes[column.name])
        except nz.Invalid:
            labels = {lang: ", ".join(code_label(column.name, c, lang) for c in column.allowed) for lang in ("sq", "en")}
            raise nz.Invalid("not_allowed", choices=labels) from None
    if column.type == "int":
        return nz.parse_int(cell)
    if column.type == "float":
        return nz.parse_float(cell)
    if column.type == "date":
        return nz.parse_month(cell) if f.is_month else nz.parse_date(cell)
    text = nz.parse_identifier(cell) if column.name.endswith(("_id", "_code")) else nz.parse_text(cell)
    limit = text_limit(column.name)
    if len(text) > limit:
        raise nz.Invalid("text_too_long", limit=numbers(limit), length=numbers(len(text)))
    return text


def numbers(n: int) -> dict[str, str]:
    """A count as each language writes it (20 000, 20,000)."""
    return {lang: format_number(n, lang) for lang in LANGUAGES}


def match_municipality(cell, vocabulary: Vocabulary) -> str:
    """The code of a municipality named in any form; several candidates are an error that
    lists them, never a guess."""
    found = vocabulary.places.match(nz.parse_text(cell))
    if found.code is not None:
        return found.code
    if found.candidates:
        listed = {lang: ", ".join(f"{vocabulary.names_by_code.get(c, {}).get(lang, c)} ({c})" for c in found.candidates)
                  for lang in LANGUAGES}
        raise nz.Invalid("ambiguous_municipality", candidates=listed)
    raise nz.Invalid("unknown_municipality", choices=vocabulary.municipality_names)


def check_limits(value, f: Field, today: date) -> pb.Problem | None:
    """Schema minimum and maximum; dates within the programme's years and not in the future."""
    column = f.column
    if isinstance(value, date):
        if value > today:
            return pb.error("", "", None, "", "", "date_in_future", today=today.strftime("%d.%m.%Y"))
        if value < PROGRAMME_START:
            return pb.error("", "", None, "", "", "date_too_early", year=PROGRAMME_START.year)
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if column.min is not None and value < column.min:
            return pb.error("", "", None, "", "", "below_min", min=fmt_limit(column.min))
        if column.max is not None and value > column.max:
            return pb.error("", "", None, "", "", "above_max", max=fmt_limit(column.max))
    return None


def fmt_limit(limit: float) -> str:
    return str(int(limit)) if float(limit).is_integer() else str(limit)
