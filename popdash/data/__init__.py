"""The data layer: the schema, the stored data versions, the audit log and the query layer.

Only this package talks to DuckDB (popdash.data.db). Code outside it reads data through
popdash.data.named_queries (named queries and a version's tables, via a runner) and the
rubric through popdash.data.rubric; tests/test_architecture.py keeps it that way."""
