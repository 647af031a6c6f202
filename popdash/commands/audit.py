"""Command `audit verify`: walk the audit log's hash chain and say whether it is intact.

    python -m popdash audit verify [--data-dir DIR] [--lang sq|en]

Exit status 0 when intact (or there is no log yet), 1 naming the first entry that does not fit.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from popdash import cli
from popdash.data import audit_log, store
from popdash.i18n import translate


def run_verify(args: argparse.Namespace) -> int:
    t = lambda key, **v: translate(args.lang, key, **v)  # noqa: E731
    root = Path(args.data_dir) if args.data_dir else store.data_root()
    path = audit_log.log_path(root)
    if not path.exists():
        print(t("audit.cli.empty", path=path))
        return 0
    report = audit_log.verify(root)
    if not report.intact:
        entry = report.bad_entry or {}
        print(t("audit.cli.broken", line=report.bad_line, at=entry.get("at", "?"), action=entry.get("action", "?"),
                problem=t(f"audit.problem.{report.problem}")), file=sys.stderr)
        return 1
    print(t("audit.cli.intact", n=report.entries, head=report.head))
    if report.legacy:
        print(t("audit.cli.legacy", legacy=report.legacy))
    print(t("audit.cli.head_note"))
    return 0


def add_command(sub) -> None:
    verify = cli.add_action(sub, "audit", "check the audit log", "verify",
                            "check the audit log's hash chain (exit 1 at the first bad entry)", run_verify)
    cli.add_common(verify)
