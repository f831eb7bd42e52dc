"""`koll authority ...`: authority (huvudman) accounts and their API tokens."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.authorities import accounts
from app.cli.database import unit_of_work
from app.platform.settings import Settings


def add_commands(commands: Any) -> None:
    authority = commands.add_parser("authority", help="authority (huvudman) accounts")
    authority_commands = authority.add_subparsers(title="commands")
    create = authority_commands.add_parser("create", help="create an account; prints its token")
    create.add_argument("name")
    create.set_defaults(run=_authority_create)
    authority_commands.add_parser("list", help="list the accounts").set_defaults(
        run=_authority_list
    )
    rotate = authority_commands.add_parser(
        "rotate-token", help="give an account a new token; the old one stops working at once"
    )
    rotate.add_argument("id")
    rotate.set_defaults(run=_authority_rotate)


def _authority_create(args: argparse.Namespace, settings: Settings) -> int:
    name = args.name.strip()
    if not name:
        print("koll: the authority needs a name", file=sys.stderr)
        return 2
    with unit_of_work(settings, write=True) as session:
        authority, token = accounts.create_authority(session, name)
    print(f"Created authority {authority.id} ({authority.name}).")
    print("Its API token is shown once only; it is stored as a hash and cannot be shown again:")
    print(token)
    return 0


def _authority_list(_args: argparse.Namespace, settings: Settings) -> int:
    with unit_of_work(settings, write=True) as session:
        for authority in accounts.list_authorities(session):
            print(f"{authority.id}\t{authority.name}\t{authority.created_at:%Y-%m-%d}")
    return 0


def _authority_rotate(args: argparse.Namespace, settings: Settings) -> int:
    with unit_of_work(settings, write=True) as session:
        token = accounts.rotate_token(session, args.id)
    if token is None:
        print(f"koll: no authority with id {args.id}", file=sys.stderr)
        return 1
    print(f"New API token for {args.id}; the old token no longer works:")
    print(token)
    return 0
