"""python -m storage check | backup FILE | restore FILE | audit: the shared database from the command line."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from storage import audit, backup
from storage.database import open_database, using_postgresql
from storage.errors import StorageError


def main(argv: list[str] | None = None) -> int:
    """Run one command; exit 1 with the message (password hidden) when the database cannot be used."""
    parser = argparse.ArgumentParser(prog="python -m storage", description=__doc__)
    parser.add_argument("--sqlite", type=Path, help="the embedded SQLite file, when PATCHWORK_DATABASE_URL is unset "
                        "(e.g. .cache/patchwork/local_store/store.sqlite3)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="connect, create or migrate the shared tables, say which database it is")
    commands.add_parser("backup", help="write a consistent copy while the app runs").add_argument("file", type=Path)
    commands.add_parser("restore", help="put a backup back; running apps read it on their next page (every change "
                        "counter moves past the old one)").add_argument("file", type=Path)
    commands.add_parser("audit", help="the newest audit entries as JSON lines").add_argument("--limit", type=int,
                                                                                             default=50)
    args = parser.parse_args(argv)
    try:
        if not args.sqlite and not using_postgresql():
            raise StorageError("PATCHWORK_DATABASE_URL is unset: name the embedded file with --sqlite FILE")
        database = open_database(args.sqlite or Path("unused"))
        if args.command == "check":
            database.ready("storage.check", ())
            print(f"ok: {database.kind} {database.shown}")
        elif args.command == "backup":
            print(f"backed up {database.shown} to {backup.backup(database, args.file)}")
        elif args.command == "restore":
            backup.restore(database, args.file)
            print(f"restored {database.shown} from {args.file}")
        else:
            for entry in audit.recent(database.ready("storage.check", ()), limit=args.limit):
                print(json.dumps(entry))
    except StorageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
