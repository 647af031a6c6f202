"""The data model, read from data/schema.toml: table definitions and parquet schemas."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

import pyarrow as pa

from popdash.paths import DATA_DIR

SCHEMA_FILE = DATA_DIR / "schema.toml"

# Columns that identify a person; they never leave the query layer.
# participant_code, and person_id: the number that stands for it inside the derived tables.
PERSONAL_COLUMNS = {"participant_code", "person_id"}

ARROW_TYPES = {
    "string": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "date": pa.date32(),
    "bool": pa.bool_(),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    required: bool
    description: str
    example: str = ""
    allowed: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    references: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    key: tuple[str, ...]
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def arrow_schema(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, ARROW_TYPES[c.type], nullable=not c.required) for c in self.columns])


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Table]:
    """Table name -> Table, in the order of the schema file."""
    raw = tomllib.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    tables = {}
    for name, spec in raw["tables"].items():
        columns = tuple(
            Column(
                name=c["name"],
                type=c["type"],
                required=c.get("required", False),
                description=c.get("description", ""),
                example=str(c.get("example", "")),
                allowed=tuple(c.get("allowed", ())),
                min=c.get("min"),
                max=c.get("max"),
                references=c.get("references"),
            )
            for c in spec["columns"]
        )
        tables[name] = Table(name, spec["description"], tuple(spec["key"]), columns)
    return tables


def table_names() -> list[str]:
    return list(load_schema())
