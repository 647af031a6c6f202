"""Reading uploaded files into plain rows of cells: .xlsx through openpyxl (after checking the
archive is not a zip bomb) and .csv in UTF-8, UTF-8 with BOM or Windows-1250/1252.

Nothing here interprets the cells; a file that cannot be read raises Unreadable with a
message key (ingest.problem.*) for the problem report. A formula cell whose result was never
saved (tools other than Excel write formulas without one) reads as empty; the reader notes
it, so the import can warn instead of losing the text silently.
"""
from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import PurePath

from popdash.i18n import LANGUAGES
from popdash.i18n.numbers import format_number

MAX_FILE_MB = float(os.environ.get("POPDASH_MAX_IMPORT_MB", "10"))
# A real monitoring workbook unpacks to a few MB; these bounds stop a small file that
# unpacks to gigabytes before openpyxl expands it in memory.
MAX_UNCOMPRESSED_BYTES = 150 * 1024 * 1024
MAX_COMPRESSION_RATIO = 120
MAX_ARCHIVE_MEMBERS = 500
MAX_ROWS_PER_SHEET = 200_000
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected .xlsx
TEXT_ENCODINGS = ("utf-8-sig", "cp1250", "cp1252")
# A formula element (<f> or <x:f>) in a worksheet's XML; <formula1> of data validations is not one.
FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")


class Unreadable(ValueError):
    """The file as a whole cannot be read; `key` names the message."""

    def __init__(self, key: str, /, **params):
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class UnsavedFormula:
    """A formula cell read as empty because the file holds no saved result for it."""
    row: int
    column: int  # index in the row, 0 for column A
    cell: str    # as Excel names it, e.g. "G2"
    formula: str


@dataclass
class RawSheet:
    """The cells of one sheet (or CSV file), with the row numbers a person sees."""
    file: str
    name: str
    rows: list[tuple[int, list]]
    is_csv: bool = False
    unsaved_formulas: list[UnsavedFormula] = field(default_factory=list)


def extension(name: str) -> str:
    return PurePath(name).suffix.lower()


def read_file(name: str, data: bytes) -> list[RawSheet]:
    """Every sheet of an .xlsx file, or the one table of a .csv file."""
    size_mb = len(data) / (1024 * 1024)
    if size_mb > MAX_FILE_MB:
        raise Unreadable("too_large", size=f"{size_mb:.1f}", limit=f"{MAX_FILE_MB:g}")
    kind = extension(name)
    if kind == ".xlsx":
        return read_xlsx(name, data)
    if kind in (".csv", ".txt"):
        return [read_csv(name, data)]
    if kind in (".xls", ".xlsm", ".xlsb") or data.startswith(OLE_SIGNATURE):
        raise Unreadable("legacy_excel")
    raise Unreadable("unsupported_type")


def check_archive(data: bytes) -> None:
    """Refuse an .xlsx whose zip would unpack too large, too compressed or too many parts;
    the declared sizes are what zipfile enforces when reading, so they bound the real work."""
    if data.startswith(OLE_SIGNATURE):
        raise Unreadable("legacy_excel")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise Unreadable("corrupt_xlsx") from None
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise Unreadable("suspicious_archive", size="?")
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES or total > MAX_COMPRESSION_RATIO * max(packed, 1):
        raise Unreadable("suspicious_archive", size=f"{total / (1024 * 1024):.0f}")
    for member in members:
        if member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1) and member.file_size > 1024 * 1024:
            raise Unreadable("suspicious_archive", size=f"{total / (1024 * 1024):.0f}")


def read_xlsx(name: str, data: bytes) -> list[RawSheet]:
    check_archive(data)
    values = open_workbook(data, data_only=True)
    formulas = None
    try:
        # Only a workbook with formulas is read a second time, for the formulas themselves.
        formulas = open_workbook(data, data_only=False) if has_formulas(data) else None
        return [read_worksheet(name, sheet, formulas[sheet.title] if formulas else None) for sheet in values.worksheets]
    finally:
        values.close()
        if formulas is not None:
            formulas.close()


def open_workbook(data: bytes, data_only: bool):
    import openpyxl  # heavy; only needed when a workbook arrives

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise Unreadable("corrupt_xlsx") from None


def has_formulas(data: bytes) -> bool:
    """Does any worksheet hold a formula? (The archive's sizes were checked before.)"""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return any(FORMULA_ELEMENT.search(archive.read(member)) for member in archive.namelist()
                   if member.startswith("xl/worksheets/") and member.endswith(".xml"))


def read_worksheet(name: str, sheet, formula_sheet=None) -> RawSheet:
    """The non-empty rows of a sheet; with the same sheet read for formulas, the formula cells
    that have no saved value."""
    from openpyxl.utils import get_column_letter

    sheet.reset_dimensions()  # some writers store a wrong size; read what is there
    formula_rows = ()
    if formula_sheet is not None:
        formula_sheet.reset_dimensions()
        formula_rows = formula_sheet.iter_rows(values_only=True)
    raw = RawSheet(name, sheet.title, [])
    pairs = zip_longest(sheet.iter_rows(values_only=True), formula_rows, fillvalue=())
    for number, (values, formulas) in enumerate(pairs, start=1):
        check_row_count(number, sheet.title)
        for index, (value, formula) in enumerate(zip_longest(values, formulas)):
            if value is None and formula is not None:  # only a formula reads differently in the two passes
                raw.unsaved_formulas.append(UnsavedFormula(number, index, f"{get_column_letter(index + 1)}{number}",
                                                             str(getattr(formula, "text", formula))))
        if any(v is not None and (not isinstance(v, str) or v.strip()) for v in values):
            raw.rows.append((number, list(values)))
    return raw


def check_row_count(number: int, sheet: str) -> None:
    """Row `number` (the header is row 1) may be at most the limit of data rows past it."""
    if number > MAX_ROWS_PER_SHEET + 1:
        # The limit as each language writes a number (200.000 / 200,000).
        raise Unreadable("too_many_rows", sheet=sheet,
                         limit={lang: format_number(MAX_ROWS_PER_SHEET, lang) for lang in LANGUAGES})


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; else Windows-1250, Albania's Windows code page, and
    Windows-1252 (both write ë and ç with the same bytes)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Unreadable("bad_encoding")


def sniff_delimiter(text: str) -> str:
    """Excel in Albanian saves CSV with ';' (the comma is the decimal sign); count on the
    header line, which holds no numbers."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_csv(name: str, data: bytes) -> RawSheet:
    text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text))
    rows = []
    try:
        for number, values in enumerate(reader, start=1):
            check_row_count(number, PurePath(name).stem)
            if any(v.strip() for v in values):
                rows.append((number, [v if v.strip() else None for v in values]))
    except csv.Error:
        raise Unreadable("corrupt_csv") from None
    return RawSheet(name, PurePath(name).stem, rows, is_csv=True)
