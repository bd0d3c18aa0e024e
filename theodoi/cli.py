"""The `theodoi` console script: Django's management commands under one name.

`theodoi ingest FILE --json` runs the ingestion pipeline without touching the database;
`theodoi eval-ingest` measures it against the hand-made gold annotations.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "ingest":
        from theodoi.ingest.cli import run_ingest

        return run_ingest(args[1:], sys.stdout, sys.stderr)
    if args and args[0] == "eval-ingest":
        from theodoi.ingest.evaluate import run_eval_ingest

        return run_eval_ingest(args[1:], sys.stdout, sys.stderr)
    if args and args[0] == "import":
        args[0] = "import_plan"  # `theodoi import FILE --unit …`
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "theodoi.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["theodoi", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
