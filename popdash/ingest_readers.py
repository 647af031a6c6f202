"""Reading uploaded files into plain rows of cells: .xlsx through openpyxl (after checking the
archive is not a zip bomb) and .csv in UTF-8, UTF-8 with BOM or Windows-1250/1252.

Nothing here interprets the cells; a file that cannot be read raises Unreadable with a
message key (ingest.problem.*) for the problem report.
"""
from __future__ import annotations

import csv
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

MAX_FILE_MB = float(os.environ.get("POPDASH_MAX_IMPORT_MB", "10"))
# A real monitoring workbook unpacks to a few MB; these bounds stop a small file that
# unpacks to gigabytes before openpyxl expands it in memory.
MAX_UNCOMPRESSED_BYTES = 150 * 1024 * 1024
MAX_COMPRESSION_RATIO = 120
MAX_ARCHIVE_MEMBERS = 500
MAX_ROWS_PER_SHEET = 200_000
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected .xlsx
TEXT_ENCODINGS = ("utf-8-sig", "cp1250", "cp1252")


class Unreadable(ValueError):
    """The file as a whole cannot be read; `key` names the message."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass
class RawSheet:
    """The cells of one sheet (or CSV file), with the row numbers a person sees."""
    file: str
    name: str
    rows: list[tuple[int, list]]
    is_csv: bool = False


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
    import openpyxl  # heavy; only needed when a workbook arrives

    check_archive(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise Unreadable("corrupt_xlsx") from None
    try:
        sheets = []
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # some writers store a wrong size; read what is there
            rows = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if number > MAX_ROWS_PER_SHEET + 1:
                    raise Unreadable("too_many_rows", sheet=sheet.title, limit=MAX_ROWS_PER_SHEET)
                if any(v is not None and (not isinstance(v, str) or v.strip()) for v in values):
                    rows.append((number, list(values)))
            sheets.append(RawSheet(name, sheet.title, rows))
        return sheets
    finally:
        workbook.close()


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
            if number > MAX_ROWS_PER_SHEET + 1:
                raise Unreadable("too_many_rows", sheet=PurePath(name).stem, limit=MAX_ROWS_PER_SHEET)
            if any(v.strip() for v in values):
                rows.append((number, [v if v.strip() else None for v in values]))
    except csv.Error:
        raise Unreadable("corrupt_csv") from None
    return RawSheet(name, PurePath(name).stem, rows, is_csv=True)
