"""`koll authority ...`: authority (huvudman) accounts, their API tokens, and the users who
sign in to the web view."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.authorities import accounts, users
from app.authorities.models import Authority
from app.cli.database import unit_of_work
from app.platform.settings import Settings
from app.platform.tables import utc_now


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
    add_user = authority_commands.add_parser(
        "add-user", help="add a user to an account; prints a one-time link to set a password"
    )
    add_user.add_argument("authority_id")
    add_user.add_argument("email")
    add_user.set_defaults(run=_add_user)
    list_users = authority_commands.add_parser("list-users", help="list an account's users")
    list_users.add_argument("authority_id")
    list_users.set_defaults(run=_list_users)
    remove_user = authority_commands.add_parser(
        "remove-user", help="remove a user; their sessions end at once"
    )
    remove_user.add_argument("user_id")
    remove_user.set_defaults(run=_remove_user)


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


def _add_user(args: argparse.Namespace, settings: Settings) -> int:
    try:
        with unit_of_work(settings, write=True) as session:
            if session.get(Authority, args.authority_id) is None:
                print(f"koll: no authority with id {args.authority_id}", file=sys.stderr)
                return 1
            user, token = users.add_user(session, args.authority_id, args.email, utc_now())
    except users.InvalidEmail:
        print(f"koll: not an e-mail address: {args.email!r}", file=sys.stderr)
        return 2
    except users.EmailTaken:
        print(f"koll: a user with the address {args.email.strip()} exists already", file=sys.stderr)
        return 1
    path = users.PASSWORD_PATH.format(token=token)
    print(f"Created user {user.id} ({user.email}).")
    print(f"Send this link to {user.email}: it sets a password, once, within 72 hours.")
    if settings.public_url is None:
        print(
            "KOLL_PUBLIC_URL is not set, so the link is a path: put the site's address "
            "(such as https://koll.example.se) in front of it."
        )
    print((settings.public_url or "") + path)
    return 0


def _list_users(args: argparse.Namespace, settings: Settings) -> int:
    with unit_of_work(settings) as session:
        if session.get(Authority, args.authority_id) is None:
            print(f"koll: no authority with id {args.authority_id}", file=sys.stderr)
            return 1
        for user in users.list_users(session, args.authority_id):
            state = "password set" if user.password_hash else "no password yet"
            print(f"{user.id}\t{user.email}\t{user.created_at:%Y-%m-%d}\t{state}")
    return 0


def _remove_user(args: argparse.Namespace, settings: Settings) -> int:
    with unit_of_work(settings, write=True) as session:
        removed = users.remove_user(session, args.user_id)
    if removed is None:
        print(f"koll: no user with id {args.user_id}", file=sys.stderr)
        return 1
    print(f"Removed user {removed.id} ({removed.email}); their sessions have ended.")
    return 0
