"""Hypothesis strategies for import files generated from data/schema.toml, valid and broken.

A generated import is a few sheets of the template (any record types, with the sheets their
required references need), each with rows of canonical values (codes, dates, numbers, text)
drawn from the schema's types, codes, limits and references, and each value written as people
write it (a code, its label in either language or another accepted form; a municipality by
code or name; a date as a date, 14.05.2025 or 2025-05-14; a number as a number or as text).
The files are one workbook written with openpyxl, the real template (popdash.ingest.templates) filled
in, or one CSV file per sheet.

A broken import is a valid one with faults put into chosen cells, each remembering the sheet,
row and column where the import must report it and the message keys that may describe it.
The faults are placed so that one does not cause errors elsewhere (a key that other rows refer
to is never removed), so the errors reported must be exactly the faults.

`expected_tables` is an independent model of what an import does to the stored data (records
merged by key; columns a sheet does not have keep their stored values) for the round trip.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from hypothesis import strategies as st

from ingest_files import csv_bytes, reference_tables
from popdash.data.schema import load_schema
from popdash.ingest.record_types import EVIDENCE_SUFFIX, Field, RecordType, WIDE_COLUMNS, record_type, record_types
from popdash.ingest.validation import PROGRAMME_START, accepted_forms

# Valid dates end before today (the import refuses future dates) and before the fixed day the
# other import tests use, so a generated example does not depend on when it runs.
LATEST_DAY = min(date.today(), date(2026, 6, 30))
MAX_ROWS = 4
MUNICIPALITY_REFERENCE = "municipalities.municipality_code"
TEXT_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZëçËÇ0123456789 .,:;/()'-"
FORMATS = ("xlsx", "template", "csv")
WORKBOOK_NAME = "import.xlsx"
NO_SUCH_REFERENCE = "ZZ-NO-SUCH-{}"
GARBAGE = "abc?!"
UNKNOWN_CODE = "zzz-not-a-code"
UNKNOWN_PLACE = "Xanadu"

# Message keys (ingest.problem.*) a fault of each kind may be reported with.
FAULT_KEYS = {
    "wrong_type": {"not_whole_number", "not_number", "not_date"},
    "disallowed_code": {"not_allowed"},
    "unknown_municipality": {"unknown_municipality"},
    "missing_key": {"required"},
    "missing_required": {"required"},
    "broken_reference": {"unknown_reference", "unknown_reference_hint"},
    "duplicate_key": {"duplicate_key"},
    "out_of_range": {"below_min", "above_max", "date_in_future", "date_too_early"},
    "missing_column": {"missing_column"},
}
FAULT_KINDS = tuple(FAULT_KEYS)


@lru_cache(maxsize=1)
def stored_records() -> dict[str, list[dict]]:
    """The reference data the tests import into (municipalities, memberships, two events)."""
    frames = reference_tables()
    return {name: frames[name].astype(object).where(frames[name].notna(), None).to_dict("records")
            for name in frames}


def municipality_forms(code: str) -> list[str]:
    record = next(m for m in stored_records()["municipalities"] if m["municipality_code"] == code)
    return [code, code.lower(), record["name_sq"], record["name_sq_definite"], record["name_en"]]


def is_municipality(f: Field) -> bool:
    return f.column.name == "municipality_code" or f.column.references == MUNICIPALITY_REFERENCE


def reference_target(f: Field) -> tuple[str, str] | None:
    """(table, column) another table's field refers to; None for municipalities and plain fields."""
    if not f.column.references or f.column.references == MUNICIPALITY_REFERENCE:
        return None
    table, column = f.column.references.split(".")
    return table, column


def is_identifier(f: Field) -> bool:
    return f.column.type == "string" and f.column.name.endswith(("_id", "_code")) and not f.column.allowed


def record_type_of_table(table: str) -> RecordType:
    return next(r for r in record_types() if r.base_table == table or r.wide_table == table)


def with_required_targets(chosen: set[str]) -> list[RecordType]:
    """The chosen record types and those their required references need (a priority needs its
    contract unless contracts are stored), in workbook order."""
    stored = stored_records()
    todo = set(chosen)
    while True:
        needed = set()
        for record_id in todo:
            for f in record_type(record_id).fields:
                target = reference_target(f)
                if f.required and target and not stored.get(target[0]):
                    needed.add(record_type_of_table(target[0]).id)
        if needed <= todo:
            return [r for r in record_types() if r.id in todo]
        todo |= needed


# Canonical values --------------------------------------------------------------------------

def text_values(max_size: int = 24) -> st.SearchStrategy[str]:
    """Free text as people type it (Albanian letters, punctuation, inner spaces), never blank
    and without spaces at either end (the import strips them)."""
    first = st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZëçËÇ0123456789")
    return st.builds(lambda a, b: (a + b).rstrip(), first, st.text(TEXT_ALPHABET, max_size=max_size - 1))


def identifier_pool(table: str, column: str) -> list[str]:
    """Identifiers for a key column: a few stored ones (an import may correct a stored record)
    and new ones, from a small set so that keys repeat across examples."""
    stored = [r[column] for r in stored_records().get(table, []) if r.get(column)]
    prefix = "".join(part[0] for part in column.split("_")).upper()
    return stored + [f"{prefix}-{n}" for n in range(1, 31)]


def canonical_value(f: Field, table: str, targets: dict[tuple[str, str], list]) -> st.SearchStrategy:
    """A value of the field's schema column, as the import should store it."""
    column = f.column
    target = reference_target(f)
    if is_municipality(f):
        value = st.sampled_from([m["municipality_code"] for m in stored_records()["municipalities"]])
    elif target is not None:
        candidates = targets.get(target, [])
        if not candidates:
            assert not f.required, f"{f.key}: no record to refer to"
            return st.none()
        value = st.sampled_from(candidates)
    elif column.allowed:
        value = st.sampled_from(column.allowed)
    elif column.type == "int":
        low = int(column.min) if column.min is not None else 0
        high = int(column.max) if column.max is not None else 5_000
        if "year" in column.name:
            high = min(high, LATEST_DAY.year)
        value = st.integers(low, high)
    elif column.type == "float":
        low = int((column.min or 0) * 100)
        high = int(column.max * 100) if column.max is not None else 10_000_000
        value = st.integers(low, high).map(lambda n: n / 100)
    elif column.type == "date":
        value = st.dates(PROGRAMME_START, LATEST_DAY)
        if f.is_month:
            value = value.map(lambda d: d.replace(day=1))
    elif column.type == "bool":
        value = st.booleans()
    elif is_identifier(f):
        value = st.sampled_from(identifier_pool(table, column.name))
    else:
        value = text_values()
    return value if f.required else st.one_of(st.none(), value)


# Values as people write them -----------------------------------------------------------------

def written_forms(f: Field, value, fmt: str) -> list:
    """The ways a canonical value may be written in a cell (CSV cells are text)."""
    column = f.column
    if value is None:
        return [None, "", "  "]
    if is_municipality(f):
        forms = municipality_forms(value)
    elif column.allowed:
        forms = accepted_forms(column.name, column.allowed)[value]
    elif column.type == "date" and f.is_month:
        forms = [value, value.strftime("%m.%Y"), value.strftime("%Y-%m"), value.strftime("%d.%m.%Y")]
    elif column.type == "date":
        forms = [value, datetime(value.year, value.month, value.day), value.strftime("%d.%m.%Y"), value.isoformat()]
    elif column.type == "int":
        forms = [value, str(value), float(value)]
    elif column.type == "float":
        forms = [value, repr(value), repr(value).replace(".", ",")]
    else:
        forms = [value]
    if fmt == "csv":
        forms = [as_csv_text(v) for v in forms]
    return list(dict.fromkeys(forms))


def as_csv_text(value) -> str:
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return "" if value is None else str(value)


# Imports -------------------------------------------------------------------------------------

@dataclass
class Fault:
    kind: str
    sheet: int          # index into Import.sheets
    row: int | None     # index into the sheet's rows; None for the header row
    key: str            # field key of the column reported

    @property
    def keys(self) -> set[str]:
        return FAULT_KEYS[self.kind]


@dataclass
class Sheet:
    rtype: RecordType
    fields: list[Field]          # the sheet's columns, in order
    values: list[dict]           # canonical value per field key, per row
    cells: list[list]            # what is written, per row, in the order of `fields`

    @property
    def header(self) -> list[str]:
        return [f.header for f in self.fields]

    def index(self, key: str) -> int:
        return next(i for i, f in enumerate(self.fields) if f.key == key)

    def field(self, key: str) -> Field:
        return self.fields[self.index(key)]


@dataclass
class Import:
    fmt: str
    sheets: list[Sheet]
    faults: list[Fault] = field(default_factory=list)

    def file_name(self, sheet: Sheet) -> str:
        return f"{sheet.rtype.id}.csv" if self.fmt == "csv" else WORKBOOK_NAME

    def files(self) -> list[tuple[str, bytes]]:
        if self.fmt == "csv":
            return [(self.file_name(s), csv_bytes([s.header, *s.cells], "utf-8-sig", ";")) for s in self.sheets]
        if self.fmt == "template":
            return [(WORKBOOK_NAME, filled_template(self.sheets))]
        return [(WORKBOOK_NAME, workbook(self.sheets))]

    def expected_errors(self) -> dict[tuple, set[str]]:
        """(file, sheet, row, column) of each fault -> the message keys that may report it."""
        out = {}
        for fault in self.faults:
            sheet = self.sheets[fault.sheet]
            row = 1 if fault.row is None else fault.row + 2
            header = fault_header(sheet, fault)
            out[(self.file_name(sheet), sheet.rtype.sheet_name, row, header)] = fault.keys
        return out

    def __repr__(self) -> str:  # what Hypothesis prints for a failing example
        lines = [f"Import(fmt={self.fmt!r}, faults={self.faults!r})"]
        for s in self.sheets:
            lines.append(f"  sheet {s.rtype.id}: {[f.key for f in s.fields]}")
            lines += [f"    {row!r}" for row in s.cells]
        return "\n".join(lines)


def fault_header(sheet: Sheet, fault: Fault) -> str:
    if fault.kind == "missing_column":
        return record_type(sheet.rtype.id).field(fault.key).header
    return sheet.field(fault.key).header


def workbook(sheets: list[Sheet]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for s in sheets:
        sheet = book.create_sheet(s.rtype.sheet_name)
        sheet.append(s.header)
        for row in s.cells:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@lru_cache(maxsize=1)
def empty_template() -> bytes:
    from popdash.ingest.templates import build_workbook

    return build_workbook(stored_records()["municipalities"])


def filled_template(sheets: list[Sheet]) -> bytes:
    """The real template with the rows typed into its sheets (header row rewritten, since a
    broken import may lack a column)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(empty_template()))
    for s in sheets:
        sheet = book[s.rtype.sheet_name]
        width = max(sheet.max_column, len(s.fields))
        for column in range(1, width + 1):
            sheet.cell(row=1, column=column).value = s.header[column - 1] if column <= len(s.fields) else None
        for number, row in enumerate(s.cells, start=2):
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row=number, column=column)
                cell.value = value
                if cell.data_type == "f":
                    cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def key_of(rtype: RecordType, values: dict) -> tuple:
    return tuple(values.get(k) for k in rtype.key)


# Record types an import must include so that a fault of a kind has a place: a date and a
# code (events), a reference to stored records (attendance).
FAULT_NEEDS = {"wrong_type": {"events"}, "out_of_range": {"events"}, "disallowed_code": {"events"},
               "unknown_municipality": {"events"}, "broken_reference": {"attendance"}}


@st.composite
def valid_imports(draw, formats=FORMATS, include: frozenset = frozenset(), min_rows: int = 1) -> Import:
    fmt = draw(st.sampled_from(formats))
    chosen = draw(st.sets(st.sampled_from([r.id for r in record_types()]), min_size=1, max_size=4)) | include
    targets: dict[tuple[str, str], list] = {}
    for table, records in stored_records().items():
        for column in load_schema()[table].column_names:
            targets[(table, column)] = [r[column] for r in records if r.get(column) is not None]
    sheets = []
    for rtype in with_required_targets(chosen):
        table = rtype.base_table or rtype.wide_table
        optional = [f for f in rtype.fields if not f.required and f.key not in rtype.key]
        left_out = set()
        if optional and fmt != "template":  # the template has every column; a sheet made by hand may not
            left_out = draw(st.sets(st.sampled_from([f.key for f in optional])))
        fields = [f for f in rtype.fields if f.key not in left_out]
        row = st.fixed_dictionaries({f.key: canonical_value(f, table, targets) for f in fields})
        rows = draw(st.lists(row, min_size=min_rows, max_size=MAX_ROWS, unique_by=lambda v, r=rtype: key_of(r, v)))
        cells = [[draw(st.sampled_from(written_forms(f, values[f.key], fmt))) for f in fields] for values in rows]
        sheets.append(Sheet(rtype, fields, rows, cells))
        if rtype.base_table:
            for column in load_schema()[rtype.base_table].column_names:
                if any(column == f.key for f in fields):
                    targets[(rtype.base_table, column)] = list(dict.fromkeys(
                        targets.get((rtype.base_table, column), []) + [v[column] for v in rows]))
    return Import(fmt, sheets)


# Faults --------------------------------------------------------------------------------------

def referenced_rows(imp: Import) -> set[tuple[int, int]]:
    """(sheet, row) of every row whose key another row of the import refers to."""
    referred = set()
    for s in imp.sheets:
        for f in s.fields:
            target = reference_target(f)
            if target:
                referred |= {(target, v[f.key]) for v in s.values if v[f.key] is not None}
    out = set()
    for i, s in enumerate(imp.sheets):
        if not s.rtype.base_table:
            continue
        for j, values in enumerate(s.values):
            if any(((s.rtype.base_table, f.key), values[f.key]) in referred for f in s.fields):
                out.add((i, j))
    return out


def fault_options(imp: Import, kind: str, used: set[tuple[int, int]], dropped: set[int],
                  referenced: set[tuple[int, int]]) -> list[tuple]:
    """Where a fault of this kind can go: (sheet, row, field key[, other row])."""
    options = []
    for i, s in enumerate(imp.sheets):
        if i in dropped:
            continue
        if kind == "missing_column":
            if any((i, j) in used for j in range(len(s.values))):
                continue
            referred_to = any((i, j) in referenced for j in range(len(s.values)))
            for f in s.fields:
                if f.required and (f.key not in s.rtype.key or not referred_to):
                    options.append((i, None, f.key))
            continue
        for j, values in enumerate(s.values):
            if (i, j) in used:
                continue
            for f in s.fields:
                column, value = f.column, values[f.key]
                if kind == "wrong_type" and column.type in ("int", "float", "date") and not column.allowed:
                    options.append((i, j, f.key))
                elif kind == "disallowed_code" and column.allowed:
                    options.append((i, j, f.key))
                elif kind == "unknown_municipality" and is_municipality(f):
                    options.append((i, j, f.key))
                elif kind == "missing_key" and f.key in s.rtype.key and (i, j) not in referenced:
                    options.append((i, j, f.key))
                elif kind == "missing_required" and f.required and f.key not in s.rtype.key:
                    options.append((i, j, f.key))
                elif kind == "broken_reference" and reference_target(f) and value is not None:
                    options.append((i, j, f.key))
                elif kind == "out_of_range" and (column.type == "date" or (
                        column.type in ("int", "float") and (column.min is not None or column.max is not None))):
                    options.append((i, j, f.key))
            if kind == "duplicate_key" and j > 0 and (i, j) not in referenced:
                options += [(i, j, s.rtype.key[0], earlier) for earlier in range(j) if (i, earlier) not in used]
    return options


def out_of_range_value(f: Field, serial: int, low: bool):
    """A value past the column's limit: below its minimum (before the programme for a date) or
    above its maximum (after today); `serial` keeps two faults from making a duplicate key."""
    column = f.column
    if column.type == "date":
        if low:
            return date(2014, 12, 31) - timedelta(days=31 * serial)
        return date.today() + timedelta(days=62 + 31 * serial)
    step = 1 + serial
    if column.min is not None and (low or column.max is None):
        return column.min - step if column.type == "int" else column.min - step / 2
    return column.max + step if column.type == "int" else column.max + step / 2


def place_fault(draw, imp: Import, kind: str, serial: int, used: set, dropped: set, referenced: set) -> bool:
    """Put a fault of this kind into a cell (or drop a column) not used by another fault."""
    options = fault_options(imp, kind, used, dropped, referenced)
    if not options:
        return False
    choice = draw(st.sampled_from(options))
    i, j, key = choice[:3]
    s = imp.sheets[i]
    if kind == "missing_column":
        position = s.index(key)
        del s.fields[position]
        for row in s.cells:
            del row[position]
        dropped.add(i)
        used |= {(i, r) for r in range(len(s.values))}
        imp.faults.append(Fault(kind, i, None, key))
        return True
    column = s.index(key)
    f = s.fields[column]
    if kind == "wrong_type":
        s.cells[j][column] = GARBAGE
    elif kind == "disallowed_code":
        s.cells[j][column] = UNKNOWN_CODE
    elif kind == "unknown_municipality":
        s.cells[j][column] = UNKNOWN_PLACE
    elif kind in ("missing_key", "missing_required"):
        s.cells[j][column] = draw(st.sampled_from([None, "", "  "]))
    elif kind == "broken_reference":
        s.cells[j][column] = NO_SUCH_REFERENCE.format(serial)
    elif kind == "out_of_range":
        value = out_of_range_value(f, serial, draw(st.booleans()))
        s.cells[j][column] = as_csv_text(value) if imp.fmt == "csv" else value
    elif kind == "duplicate_key":
        earlier = choice[3]
        for k in s.rtype.key:
            position = s.index(k)
            s.cells[j][position] = s.cells[earlier][position]
        used.add((i, earlier))
    used.add((i, j))
    imp.faults.append(Fault(kind, i, j, key))
    return True


@st.composite
def broken_imports(draw, kind: str | None = None, formats=FORMATS) -> Import:
    """A valid import with a fault of the given kind (or any) and up to two more of any kind,
    each in a row of its own."""
    first = kind or draw(st.sampled_from(FAULT_KINDS))
    imp = draw(valid_imports(formats, include=frozenset(FAULT_NEEDS.get(first, ())),
                             min_rows=2 if first == "duplicate_key" else 1))
    used: set[tuple[int, int]] = set()
    dropped: set[int] = set()
    referenced = referenced_rows(imp)
    placed = place_fault(draw, imp, first, 0, used, dropped, referenced)
    assert placed, f"no place for a fault of kind {first} in {imp!r}"
    more = draw(st.lists(st.sampled_from(FAULT_KINDS), max_size=2))
    for serial, other in enumerate(more, start=1):
        place_fault(draw, imp, other, serial, used, dropped, referenced)
    return imp


# The model of an import ------------------------------------------------------------------------

def exploded(sheet: Sheet) -> list[tuple[str, dict, set[str]]]:
    """(table, record, columns the sheet has) for each row: a base record, and for a wide sheet
    one record per indicator (score and evidence from the indicator's columns)."""
    schema = load_schema()
    keys = {f.key for f in sheet.fields}
    out = []
    for values in sheet.values:
        rtype = sheet.rtype
        if rtype.base_table:
            columns = schema[rtype.base_table].column_names
            out.append((rtype.base_table, {c: values.get(c) for c in columns}, {c for c in columns if c in keys}))
        if rtype.wide_table:
            wide = schema[rtype.wide_table]
            shared = [c for c in wide.column_names if c not in WIDE_COLUMNS]
            for code in wide.column("indicator_code").allowed:
                record = {c: values.get(c) for c in shared}
                record.update(indicator_code=code, score=values.get(code), evidence=values.get(code + EVIDENCE_SUFFIX))
                present = set(shared) | {"indicator_code", "score"}
                if code + EVIDENCE_SUFFIX in keys:
                    present.add("evidence")
                out.append((rtype.wide_table, record, present))
    return out


def expected_tables(stored: dict[str, list[dict]], imp: Import) -> tuple[dict[str, dict], dict[str, dict]]:
    """Every table after the import, by key; and (added, changed, unchanged) per table touched."""
    schema = load_schema()
    tables = {name: {tuple(r[k] for k in schema[name].key): dict(r) for r in records}
              for name, records in stored.items()}
    counts: dict[str, dict] = {}
    for sheet in imp.sheets:
        for table, record, present in exploded(sheet):
            spec = schema[table]
            key = tuple(record[k] for k in spec.key)
            old = tables[table].get(key)
            new = {**old, **{c: record[c] for c in present}} if old else \
                {c: (record[c] if c in present else None) for c in spec.column_names}
            tables[table][key] = new
            tally = counts.setdefault(table, {"added": 0, "changed": 0, "unchanged": 0})
            tally["added" if old is None else "unchanged" if new == old else "changed"] += 1
    return tables, counts
