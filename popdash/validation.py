"""Checking one sheet against its record type: headers found, each cell read as its column's
type (what people really type is accepted), required values, allowed codes, limits and dates.

Cross-row checks (duplicate keys, references, scope) need every file of the import and live
in popdash.ingest.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from popdash import normalise as nz
from popdash.exports import PERSONAL_COLUMNS
from popdash import problems as pb
from popdash.i18n import translate
from popdash.ingest_readers import RawSheet
from popdash.sheets import Field, RecordType

PROGRAMME_START = date(2015, 1, 1)
MAX_TEXT_LENGTH = 4000
HEADER_SEARCH_ROWS = 10
HIDDEN_VALUE = "•••"
MUNICIPALITY_PREFIXES = ("bashkia", "bashkise", "municipality of", "municipality")


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
    municipalities: dict[str, str]           # folded name or code -> code
    municipality_names: dict[str, str]       # code -> "Tiranë, Durrës, ..." per language
    today: date


def code_label(group: str, code: str, lang: str) -> str:
    """The label shown for a code in the templates (ingest.label.*), falling back to the
    app's shared labels (code.*) and then the code itself."""
    for key in (f"ingest.label.{group}.{code}", f"code.{group}.{code}"):
        text = translate(lang, key)
        if text != key:
            return text
    return code


def code_aliases(group: str, codes: tuple[str, ...]) -> dict[str, str]:
    """Codes, their labels in both languages, and the extra words people use for them."""
    pairs = []
    for code in codes:
        pairs.append((code, code))
        for lang in ("sq", "en"):
            pairs.append((code_label(group, code, lang), code))
            extra = translate(lang, f"ingest.alias.{group}.{code}")
            if extra != f"ingest.alias.{group}.{code}":
                pairs += [(word, code) for word in extra.split("|")]
    return nz.alias_index(pairs)


def build_vocabulary(columns, municipalities: list[dict], today: date) -> Vocabulary:
    """From the schema's coded columns and the current municipalities table."""
    codes = {c.name: code_aliases(c.name, c.allowed) for c in columns if c.allowed}
    pairs = []
    for m in municipalities:
        for name in (m["municipality_code"], m["name_sq"], m["name_sq_definite"], m["name_en"]):
            pairs.append((name, m["municipality_code"]))
    names = {"sq": ", ".join(m["name_sq"] for m in municipalities),
             "en": ", ".join(m["name_en"] for m in municipalities)}
    return Vocabulary(codes, nz.alias_index(pairs), names, today)


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
        return [], [pb.error(sheet.file, sheet.name, 1, "", "", "no_header", sheet=rtype.sheet_name)]
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
    return rows, problems


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
        try:
            return nz.match_alias(cell, vocabulary.municipalities, MUNICIPALITY_PREFIXES)
        except nz.Invalid:
            raise nz.Invalid("unknown_municipality", choices=vocabulary.municipality_names) from None
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
    if len(text) > MAX_TEXT_LENGTH:
        raise nz.Invalid("text_too_long", limit=MAX_TEXT_LENGTH)
    return text


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
