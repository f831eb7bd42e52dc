"""The `koll` command: serve, database migrations, authority accounts and questionnaire files.

Each command group is a module of this package with an `add_commands` of its own.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app.cli import authorities, catalogues, db, questionnaires, serve
from app.platform.settings import get_settings


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    result: int = args.run(args, get_settings())
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="koll", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(title="commands")
    for group in (serve, db, authorities, questionnaires, catalogues):
        group.add_commands(commands)
    return parser


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
