"""The staff of an authority who use the web view, and their one-time password links.

A link's token is random and kept only as its SHA-256; it works once, for 72 hours. Setting
a password, or removing a user, ends every session of that user at once.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlmodel import Session, col

from app.authorities import passwords, sessions
from app.authorities.accounts import hash_token, new_id
from app.authorities.models import AuthorityUser, PasswordLink
from app.platform.settings import EMAIL
from app.platform.tables import as_utc

LINK_VALID_FOR = timedelta(hours=72)
# Where a one-time link leads: the page's route and `koll authority add-user` both use it.
PASSWORD_PATH = "/authority/password/{token}"
MAX_EMAIL = 254


class InvalidEmail(ValueError):
    pass


class EmailTaken(ValueError):
    pass


class LinkGone(LookupError):
    """A link that was used already, or has expired: the page answers 410."""


def normalised_email(text: str) -> str:
    """The address as it is kept and compared: without surrounding spaces, in lower case."""
    email = text.strip().lower()
    if len(email) > MAX_EMAIL or not EMAIL.fullmatch(email):
        raise InvalidEmail(text)
    return email


def add_user(
    session: Session, authority_id: str, email: str, now: datetime
) -> tuple[AuthorityUser, str]:
    """A new user without a password, and the token of their first one-time link."""
    address = normalised_email(email)
    if find_by_email(session, address) is not None:
        raise EmailTaken(address)
    user = AuthorityUser(id=new_id(), authority_id=authority_id, email=address)
    session.add(user)
    session.flush()
    return user, new_password_link(session, user, now)


def new_password_link(session: Session, user: AuthorityUser, now: datetime) -> str:
    token = secrets.token_urlsafe(32)
    session.add(
        PasswordLink(token_hash=hash_token(token), user_id=user.id, expires_at=now + LINK_VALID_FOR)
    )
    session.flush()
    return token


def find_by_email(session: Session, email: str) -> AuthorityUser | None:
    return session.scalars(
        select(AuthorityUser).where(col(AuthorityUser.email) == email.strip().lower())
    ).one_or_none()


def list_users(session: Session, authority_id: str) -> Sequence[AuthorityUser]:
    return session.scalars(
        select(AuthorityUser)
        .where(col(AuthorityUser.authority_id) == authority_id)
        .order_by(col(AuthorityUser.email))
    ).all()


def remove_user(session: Session, user_id: str) -> AuthorityUser | None:
    """Remove the user, their links and their sessions; None if there is no such user."""
    user = session.get(AuthorityUser, user_id)
    if user is None:
        return None
    sessions.end_all(session, user.id)
    session.execute(delete(PasswordLink).where(col(PasswordLink.user_id) == user.id))
    session.delete(user)
    session.flush()
    return user


@dataclass(frozen=True)
class OpenLink:
    token_hash: str
    user: AuthorityUser


def open_link(session: Session, token: str, now: datetime) -> OpenLink | None:
    """The link of `token` if it may still be used; None if there is none; `LinkGone` if it
    was used or has expired."""
    link = session.get(PasswordLink, hash_token(token))
    if link is None:
        return None
    if link.used_at is not None or as_utc(link.expires_at) <= now:
        raise LinkGone(token)
    return OpenLink(link.token_hash, session.get_one(AuthorityUser, link.user_id))


def set_password(session: Session, link: OpenLink, password_hash: str, now: datetime) -> None:
    """Store the new hash (made by `passwords.hash_password`, outside the transaction), use up
    every open link of the user, and end all their sessions."""
    user = session.get_one(AuthorityUser, link.user.id)
    user.password_hash = password_hash
    session.execute(
        update(PasswordLink)
        .where(col(PasswordLink.user_id) == user.id, col(PasswordLink.used_at).is_(None))
        .values(used_at=now)
    )
    sessions.end_all(session, user.id)
    session.flush()


def check_password(user: AuthorityUser | None, password: str) -> bool:
    """Whether the password is the user's; the same work whether or not there is a user."""
    return passwords.verify(user.password_hash if user else None, password)
