"""Commands for data management: `template`, `ingest`, `versions`, `restore`, `hash-password`.

    python -m popdash template -o template.xlsx [--with-data]
    python -m popdash template --csv DIR
    python -m popdash ingest FILE... [--dry-run] [--replace] [--lang sq|en] [--user NAME]
    python -m popdash versions
    python -m popdash restore VERSION
    python -m popdash hash-password [--stdin]
"""
from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from popdash import cli
from popdash.data import store
from popdash.i18n import translate

STALE_RETRIES = 3  # checks again after another import landed first, before giving up


def root_of(args: argparse.Namespace) -> Path:
    return Path(args.data_dir) if getattr(args, "data_dir", None) else store.data_root()


def run_template(args: argparse.Namespace) -> int:
    from popdash.ingest import importer
    from popdash.ingest import templates

    root = root_of(args)
    tables = importer.read_existing(root, store.current_version(root))
    filled = tables if args.with_data else None
    if args.output:
        Path(args.output).write_bytes(templates.build_workbook(tables["municipalities"], filled))
        print(translate(args.lang, "ingest.cli.template_written", path=args.output))
    if args.csv:
        folder = Path(args.csv)
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in templates.csv_files(tables["municipalities"], filled).items():
            (folder / name).write_bytes(data)
        print(translate(args.lang, "ingest.cli.csv_written", path=folder))
    if not args.output and not args.csv:
        print("template: give -o FILE.xlsx and/or --csv DIR", file=sys.stderr)
        return 2
    return 0


def run_ingest(args: argparse.Namespace) -> int:
    """Check the files and write them. Another import (the upload page, a second command) may
    land between this one's check and its write: the files are then checked again against the
    new data and written after it, so both imports count, one after the other. A progress bar
    on standard error (a terminal only) follows the stages: read, check, merge, write."""
    from popdash.commands.progress import stage_bar
    from popdash.ingest import importer
    from popdash.ingest.problems import format_report

    root = root_of(args)
    files = [(Path(p).name, Path(p).read_bytes()) for p in args.files]
    t = lambda key, **v: translate(args.lang, key, **v)  # noqa: E731
    labels = {stage: t(f"upload.progress.{stage}") for stage in importer.STAGES}
    for attempt in range(STALE_RETRIES + 1):
        if attempt:
            print(t("ingest.cli.rechecking"))
        with stage_bar(importer.STAGES, labels) as progress:
            plan = importer.prepare(files, root=root, replace=args.replace, progress=progress)
        if plan.problems:
            print(format_report(plan.problems, args.lang))
            print(t("ingest.cli.problems", errors=len(plan.errors), warnings=len(plan.warnings)))
        if not plan.ok:
            print(t("ingest.cli.refused"))
            return 1
        print(plan.summary(args.lang).to_string(index=False))
        if args.dry_run:
            importer.log_dry_run(plan)
            print(t("ingest.cli.dry_run"))
            return 0
        try:
            with stage_bar(importer.STAGES, labels) as progress:
                version = importer.commit(plan, args.user or importer.default_user(), root=root, progress=progress)
        except importer.StaleData:
            continue
        print(t("ingest.cli.written", version=version) if version else t("ingest.cli.unchanged"))
        return 0
    print(t("ingest.cli.stale"))
    return 1


def run_versions(args: argparse.Namespace) -> int:
    from popdash.ingest import importer

    for v in importer.versions(root_of(args)):
        changes = ", ".join(f"{table} +{c.get('added', 0)}/~{c.get('changed', 0)}/-{c.get('removed', 0)}"
                            for table, c in v["changes"].items())
        flags = ("* " if v["current"] else "  ") + ("sample " if v["sample"] else "")
        print(f"{flags}{v['version']}  {v['written_at'][:19]}  {v['source']}  {v['imported_by']}  {changes}".rstrip())
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from popdash.ingest import importer

    root = root_of(args)
    if args.version not in store.list_versions(root):
        print(translate(args.lang, "ingest.cli.no_version", version=args.version), file=sys.stderr)
        return 1
    importer.restore(args.version, args.user or importer.default_user(), root=root)
    print(translate(args.lang, "ingest.cli.restored", version=args.version))
    return 0


def run_hash_password(args: argparse.Namespace) -> int:
    from popdash.app import accounts

    t = lambda key, **v: translate(args.lang, key, **v)  # noqa: E731
    if args.stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(t("ingest.cli.password_prompt"))
        if getpass.getpass(t("ingest.cli.password_again")) != password:
            print(t("ingest.cli.password_mismatch"), file=sys.stderr)
            return 1
    if len(password) < accounts.MIN_PASSWORD_LENGTH:
        print(t("ingest.cli.password_short", n=accounts.MIN_PASSWORD_LENGTH), file=sys.stderr)
        return 1
    print(accounts.hash_password(password))
    return 0


def add_command(sub) -> None:
    parser = sub.add_parser("template", help="write the import template (.xlsx and/or CSV files)")
    parser.add_argument("-o", "--output", help="workbook to write, e.g. template.xlsx")
    parser.add_argument("--csv", help="folder to write one CSV file per sheet into")
    parser.add_argument("--with-data", action="store_true", help="fill the template with the current data")
    cli.add_common(parser)
    parser.set_defaults(func=run_template)

    parser = sub.add_parser("ingest", help="check and import filled templates (.xlsx or .csv)")
    parser.add_argument("files", nargs="+", help="files to import")
    parser.add_argument("--dry-run", action="store_true", help="check and show the changes, write nothing")
    parser.add_argument("--replace", action="store_true",
                        help="start the monitoring tables from empty instead of merging (sample -> real data)")
    parser.add_argument("--user", help="name recorded in the audit log (default: the system user)")
    cli.add_common(parser)
    parser.set_defaults(func=run_ingest)

    parser = sub.add_parser("versions", help="list the stored data versions (* marks the current one)")
    cli.add_common(parser)
    parser.set_defaults(func=run_versions)

    parser = sub.add_parser("restore", help="make a stored data version current again")
    parser.add_argument("version")
    parser.add_argument("--user", help="name recorded in the audit log")
    cli.add_common(parser)
    parser.set_defaults(func=run_restore)

    parser = sub.add_parser("hash-password", help="print a password hash for a coordinator account")
    parser.add_argument("--stdin", action="store_true", help="read the password from standard input")
    cli.add_common(parser, data_dir=False)
    parser.set_defaults(func=run_hash_password)
