"""The audit log's hash chain: every entry names the hash of the one before it, and
`python -m popdash audit verify` finds the first entry that was edited, deleted, inserted or
moved; entries written before the chain are an unprotected prefix, said so."""
from __future__ import annotations

import hashlib
import json
import threading

import pytest

from popdash import cli
from popdash.data import audit_chain, audit_log
from popdash.ingest import importer
from test_ingest import events_file


def write_entries(root, n=4) -> list[dict]:
    return [audit_log.append(root, {"at": f"2026-01-0{i + 1}T10:00:00+00:00", "action": "import", "user": f"u{i}",
                                "version": f"v{i}"}) for i in range(n)]


def lines(root) -> list[str]:
    return audit_log.log_path(root).read_text(encoding="utf-8").splitlines()


def rewrite(root, rows: list[str]) -> None:
    audit_log.log_path(root).write_text("\n".join(rows) + "\n", encoding="utf-8")


def verify(root, capsys, lang="en") -> tuple[int, str]:
    status = cli.main(["audit", "verify", "--data-dir", str(root), "--lang", lang])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_each_entry_carries_the_hash_of_the_one_before(tmp_path):
    first, second = write_entries(tmp_path, 2)
    assert first["prev_hash"] == audit_chain.GENESIS
    assert second["prev_hash"] == first["hash"] == audit_chain.digest(json.loads(lines(tmp_path)[0]))
    canonical = json.dumps({k: v for k, v in second.items() if k != "hash"}, ensure_ascii=False, sort_keys=True,
                           separators=(",", ":"))
    assert second["hash"] == hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def test_an_intact_log_passes(tmp_path, capsys):
    entries = write_entries(tmp_path)
    status, out = verify(tmp_path, capsys)
    assert status == 0
    assert f"The audit log is intact, entries: 4. Last hash: {entries[-1]['hash']}" in out


def test_verification_detects_an_edited_entry(tmp_path, capsys):
    write_entries(tmp_path)
    rows = lines(tmp_path)
    edited = json.loads(rows[1])
    edited["version"] = "v-forged"
    rows[1] = json.dumps(edited, ensure_ascii=False, sort_keys=True)
    rewrite(tmp_path, rows)
    status, out = verify(tmp_path, capsys)
    assert status == 1
    assert out.strip() == ("Entry 2 (2026-01-02T10:00:00+00:00, import): "
                           "its content was changed after it was written.")
    assert (audit_log.verify(tmp_path).bad_line, audit_log.verify(tmp_path).problem) == (2, "edited")


def test_an_edit_with_its_own_hash_recomputed_breaks_the_next_link(tmp_path):
    write_entries(tmp_path)
    rows = lines(tmp_path)
    forged = json.loads(rows[1])
    forged["user"] = "someone-else"
    forged["hash"] = audit_chain.digest(forged)
    rows[1] = json.dumps(forged)
    rewrite(tmp_path, rows)
    report = audit_log.verify(tmp_path)
    assert (report.bad_line, report.problem) == (3, "out_of_place")


@pytest.mark.parametrize("change,line", [
    (lambda rows: rows[:1] + rows[2:], 2),               # the second entry deleted
    (lambda rows: rows[1:], 1),                          # the first entry deleted
    (lambda rows: [rows[0], rows[2], rows[1], rows[3]], 2),  # two entries swapped
])
def test_verification_detects_a_deleted_or_moved_entry(tmp_path, capsys, change, line):
    write_entries(tmp_path)
    rewrite(tmp_path, change(lines(tmp_path)))
    status, out = verify(tmp_path, capsys, lang="sq")
    assert status == 1
    assert out.startswith(f"Hyrja {line} (") and "një hyrje u fshi, u shtua ose u zhvendos" in out


def test_an_inserted_entry_without_hash_and_an_unreadable_line_are_found(tmp_path):
    write_entries(tmp_path, 2)
    rows = lines(tmp_path)
    rewrite(tmp_path, rows + [json.dumps({"action": "import", "user": "intruder"})])
    assert (audit_log.verify(tmp_path).bad_line, audit_log.verify(tmp_path).problem) == (3, "unchained")
    rewrite(tmp_path, [rows[0], "{not json", rows[1]])
    assert (audit_log.verify(tmp_path).bad_line, audit_log.verify(tmp_path).problem) == (2, "unreadable")


def test_entries_from_before_the_chain_are_an_unprotected_prefix(tmp_path, capsys):
    legacy = [json.dumps({"at": "2025-05-01T08:00:00+00:00", "action": "import", "user": "vjeter", "version": "a"}),
              json.dumps({"at": "2025-06-01T08:00:00+00:00", "action": "restore", "user": "vjeter", "version": "a"})]
    rewrite(tmp_path, legacy)
    write_entries(tmp_path, 2)
    status, out = verify(tmp_path, capsys)
    assert status == 0 and "The first 2 entries predate the hash chain and are not protected." in out
    rows = lines(tmp_path)
    # the last unchained entry is covered: the first chained one names it
    rewrite(tmp_path, [rows[0], rows[1].replace('"version": "a"', '"version": "b"'), *rows[2:]])
    assert (audit_log.verify(tmp_path).bad_line, audit_log.verify(tmp_path).problem) == (3, "out_of_place")
    # the ones before it are not: this is the documented limit
    rewrite(tmp_path, [rows[0].replace("vjeter", "tjeter"), *rows[1:]])
    assert audit_log.verify(tmp_path).intact and audit_log.verify(tmp_path).legacy == 2


def test_no_log_yet_is_not_an_error(tmp_path, capsys):
    status, out = verify(tmp_path, capsys)
    assert status == 0 and out.startswith("No audit log yet:")


def test_concurrent_writers_keep_one_chain(tmp_path):
    def write(worker: int) -> None:
        for i in range(15):
            audit_log.append(tmp_path, {"action": "login_refused", "user": f"w{worker}", "n": i})

    threads = [threading.Thread(target=write, args=(w,)) for w in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report = audit_log.verify(tmp_path)
    assert report.intact and report.entries == 90


def test_a_line_cut_short_by_a_crash_stays_visible_and_the_next_entry_starts_afresh(tmp_path):
    write_entries(tmp_path, 2)
    with open(audit_log.log_path(tmp_path), "ab") as log:
        log.write(b'{"action": "import", "us')  # the machine lost power here
    audit_log.append(tmp_path, {"action": "restore", "user": "rrjeti"})
    assert [e["user"] for e in audit_log.read_log(tmp_path)] == ["u0", "u1", "rrjeti"]
    report = audit_log.verify(tmp_path)
    assert (report.bad_line, report.problem) == (3, "unreadable")


def test_imports_write_chained_entries(sample_root):
    importer.commit(importer.prepare([events_file(["SHK-E-2025-901", "SHK", "14.05.2025", "forum", "Forum"])]), "shkoder")
    importer.restore("sample", "rrjeti")
    report = audit_log.verify(sample_root)
    assert report.intact and report.entries == 2 and report.legacy == 0
    assert [e["action"] for e in audit_log.read_log(sample_root)] == ["import", "restore"]
