"""Merging imported records into a table by its key: new keys are added, a record with a known
key replaces the stored one (columns the file did not have keep their stored values), and
what changed is counted so that an unchanged import writes nothing."""
from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter


@dataclass
class TableChange:
    """What an import does to one table."""
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    added_keys: list = field(default_factory=list)
    changed_keys: list = field(default_factory=list)

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def counts(self) -> dict[str, int]:
        return {"added": self.added, "changed": self.changed, "removed": self.removed}


def record_key(record: dict, key: tuple[str, ...]) -> tuple:
    return tuple(record.get(k) for k in key)


def key_getter(key: tuple[str, ...]):
    """record_key for records that have every key column (stored rows do): itemgetter runs in C,
    which matters when a large network's attendance is indexed by its key on every import."""
    getter = itemgetter(*key)
    return getter if len(key) > 1 else (lambda record: (getter(record),))


def merge_table(existing: list[dict], incoming: list[tuple[dict, set[str]]], key: tuple[str, ...],
                replace: bool = False) -> tuple[list[dict], TableChange]:
    """The merged rows (stored order kept, new rows appended) and the change counts.

    With replace the import is the whole table: stored rows it does not name are removed and
    columns it lacks are empty; counts still compare with what was stored, so bringing back
    an identical record counts as unchanged.
    """
    change = TableChange()
    if not incoming and not replace:
        return existing, change
    # Stored records are never changed in place (an updated one is a new dict), so the list is
    # copied, not each record.
    rows = list(existing)
    stored_key = key_getter(key)
    position = {stored_key(r): i for i, r in enumerate(rows)}
    named = set()
    for record, present in incoming:
        k = record_key(record, key)
        named.add(k)
        if k in position:
            stored = rows[position[k]]
            updated = dict(record) if replace else {**stored, **{c: v for c, v in record.items() if c in present}}
            if updated == stored:
                change.unchanged += 1
            else:
                rows[position[k]] = updated
                change.changed += 1
                change.changed_keys.append(k)
        else:
            position[k] = len(rows)
            rows.append(dict(record))
            change.added += 1
            change.added_keys.append(k)
    if replace:
        kept = [r for r in rows if record_key(r, key) in named]
        change.removed = len(rows) - len(kept)
        rows = kept
    return rows, change
