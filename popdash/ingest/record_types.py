"""The record types of the templates: which sheet holds which table of the data model, its
columns and their bilingual headers, and how one spreadsheet row becomes records.

Everything about a column (type, required, allowed codes, limits, references) comes from
data/schema.toml; this module only says how tables are laid out on sheets. Council meetings
carry their eight meeting-level indicators in wide form (one column per indicator) and the
period indicators are one row per municipality and year, because that is how monitors fill
them in; both are stored long (one observation per row) as the schema defines.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from popdash.data.schema import Column, load_schema
from popdash.i18n import translate
from popdash.ingest.normalise import fold

INSTRUCTIONS_ID = "instructions"
LISTS_ID = "lists"
EVIDENCE_SUFFIX = "_evidence"
MONTH_COLUMNS = {("outreach", "month")}  # stored as the first day of the month
# Record types in the order of the workbook: (id, base table, wide table). A wide table is
# filled from one column per indicator code.
LAYOUT = (
    ("meetings", "meetings", "meeting_observations"),
    ("period_indicators", None, "period_observations"),
    ("events", "events", None),
    ("attendance", "attendance", None),
    ("candidates", "candidates", None),
    ("social_contracts", "social_contracts", None),
    ("priorities", "priorities", None),
    ("assessments", "assessments", None),
    ("reports", "reports", None),
    ("recommendations", "recommendations", None),
    ("outcomes", "outcomes", None),
    ("outreach", "outreach", None),
    ("targets", "targets", None),
)
WIDE_COLUMNS = ("indicator_code", "score", "evidence")


def bilingual(key: str, **values) -> str:
    """'Albanian / English' for a catalogue key."""
    return f"{translate('sq', key, **values)} / {translate('en', key, **values)}"


@dataclass(frozen=True)
class Field:
    """One column of a sheet: its key in a row, and the schema column that defines it."""
    key: str
    table: str
    column: Column
    indicator: str | None = None  # the indicator code of a wide score or evidence column

    @property
    def is_month(self) -> bool:
        return (self.table, self.column.name) in MONTH_COLUMNS

    @property
    def required(self) -> bool:
        return self.column.required

    def header_part(self, lang: str) -> str:
        if self.indicator and self.key.endswith(EVIDENCE_SUFFIX):
            return translate(lang, "ingest.header.indicator_evidence", code=self.indicator)
        if self.indicator:
            return f"{self.indicator} {translate(lang, f'ingest.indicator.{self.indicator}')}"
        return translate(lang, f"ingest.header.{self.key}")

    @property
    def header(self) -> str:
        return f"{self.header_part('sq')} / {self.header_part('en')}"

    def describe(self, lang: str) -> str:
        if self.indicator and self.key.endswith(EVIDENCE_SUFFIX):
            return translate(lang, "ingest.describe.indicator_evidence", code=self.indicator)
        if self.indicator:
            return translate(lang, "ingest.describe.indicator_score", code=self.indicator,
                             rule=translate(lang, f"ingest.indicator_rule.{self.indicator}"))
        return translate(lang, f"ingest.describe.{self.table}.{self.column.name}")

    def aliases(self) -> set[str]:
        """Folded spellings a header may take: in full, either language, or the column name."""
        names = {self.header, self.header_part("sq"), self.header_part("en"), self.key}
        if self.indicator and not self.key.endswith(EVIDENCE_SUFFIX):
            names.add(self.indicator)
        return {fold(n) for n in names}


@dataclass(frozen=True)
class RecordType:
    """A sheet of the template: the records it holds and how a row becomes table records."""
    id: str
    base_table: str | None
    wide_table: str | None
    fields: tuple[Field, ...]
    key: tuple[str, ...]          # field keys identifying a row
    indicators: tuple[str, ...] = ()

    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(t for t in (self.base_table, self.wide_table) if t)

    def sheet_part(self, lang: str) -> str:
        return translate(lang, f"ingest.sheet.{self.id}")

    @property
    def sheet_name(self) -> str:
        """Excel forbids '/' in sheet names and allows 31 characters."""
        return f"{self.sheet_part('sq')} - {self.sheet_part('en')}"[:31]

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)

    def explode(self, values: dict, present: set[str]) -> list[tuple[str, dict, set[str]]]:
        """(table, record, columns the sheet had) for one validated row."""
        out = []
        if self.base_table:
            columns = load_schema()[self.base_table].column_names
            out.append((self.base_table, {c: values.get(c) for c in columns}, present & set(columns)))
        if self.wide_table:
            shared = [c for c in load_schema()[self.wide_table].column_names if c not in WIDE_COLUMNS]
            for code in self.indicators:
                record = {c: values.get(c) for c in shared}
                record.update(indicator_code=code, score=values.get(code), evidence=values.get(code + EVIDENCE_SUFFIX))
                columns = set(shared) | {"indicator_code", "score"}
                if code + EVIDENCE_SUFFIX in present:
                    columns.add("evidence")
                out.append((self.wide_table, record, columns))
        return out


def build_record_type(record_id: str, base_table: str | None, wide_table: str | None) -> RecordType:
    schema = load_schema()
    fields: list[Field] = []
    if base_table:
        fields += [Field(c.name, base_table, c) for c in schema[base_table].columns]
    indicators: tuple[str, ...] = ()
    if wide_table:
        wide = schema[wide_table]
        if not base_table:
            fields += [Field(c.name, wide_table, c) for c in wide.columns if c.name not in WIDE_COLUMNS]
        indicators = wide.column("indicator_code").allowed
        fields += [Field(code, wide_table, wide.column("score"), code) for code in indicators]
        fields += [Field(code + EVIDENCE_SUFFIX, wide_table, wide.column("evidence"), code) for code in indicators]
    if base_table:
        key = schema[base_table].key
    else:
        key = tuple(k for k in schema[wide_table].key if k != "indicator_code")
    return RecordType(record_id, base_table, wide_table, tuple(fields), tuple(key), indicators)


@lru_cache(maxsize=1)
def record_types() -> tuple[RecordType, ...]:
    """Every record type of the template, in workbook order."""
    return tuple(build_record_type(*spec) for spec in LAYOUT)


def record_type(record_id: str) -> RecordType:
    return next(r for r in record_types() if r.id == record_id)


def imported_tables() -> set[str]:
    """Tables the templates fill; the others (municipalities, memberships) are reference data."""
    return {t for r in record_types() for t in r.tables}


def sheet_aliases(record_id: str) -> set[str]:
    names = {record_id, translate("sq", f"ingest.sheet.{record_id}"), translate("en", f"ingest.sheet.{record_id}")}
    names.add(f"{translate('sq', f'ingest.sheet.{record_id}')} - {translate('en', f'ingest.sheet.{record_id}')}")
    return {fold(n) for n in names}


def identify_by_name(name: str) -> str | None:
    """The record type (or 'instructions'/'lists') a sheet or CSV file name stands for."""
    folded = fold(name)
    for record_id in [INSTRUCTIONS_ID, LISTS_ID] + [r.id for r in record_types()]:
        aliases = sheet_aliases(record_id)
        full = record_type(record_id).sheet_name if record_id not in (INSTRUCTIONS_ID, LISTS_ID) else ""
        if folded in aliases or (full and folded == fold(full)):
            return record_id
    return None


def identify_by_headers(headers: list) -> str | None:
    """The one record type whose required columns all appear among the headers, if exactly
    one does best (a CSV file named differently from the template)."""
    folded = {fold(h) for h in headers if h is not None and str(h).strip()}
    scores = []
    for rtype in record_types():
        matched = [f for f in rtype.fields if f.aliases() & folded]
        required = [f for f in rtype.fields if f.required]
        if all(f in matched for f in required):
            scores.append((len(matched), rtype.id))
    scores.sort(reverse=True)
    if not scores or (len(scores) > 1 and scores[0][0] == scores[1][0]):
        return None
    return scores[0][1]
