"""Sign-in sessions of authority users: a random id in the browser's cookie, its SHA-256 here.

A session ends at sign-out, after 60 minutes without a request, and 12 hours after it began,
whichever comes first. The last request's time is written at most once a minute, so reading a
page rarely costs a write.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlmodel import Session, col

from app.authorities.accounts import hash_token
from app.authorities.models import Authority, AuthorityUser, SignInSession
from app.platform.tables import as_utc

IDLE_FOR = timedelta(minutes=60)
LASTS_FOR = timedelta(hours=12)
TOUCH_AFTER = timedelta(minutes=1)


def new_session_id() -> str:
    """256 random bits, URL-safe: the cookie's value."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Found:
    id_hash: str
    user: AuthorityUser
    authority: Authority
    needs_touch: bool  # the last request's time is over a minute old


def start(session: Session, user_id: str, now: datetime) -> str:
    """A new session for the user; the id to put in the cookie (never stored as itself)."""
    session_id = new_session_id()
    session.add(
        SignInSession(
            id_hash=hash_token(session_id), user_id=user_id, created_at=now, last_seen_at=now
        )
    )
    session.flush()
    return session_id


def find(session: Session, session_id: str, now: datetime) -> Found | None:
    """The live session of the cookie's id, or None (unknown, idle too long, or too old)."""
    # One query for the three rows: every page asks this first.
    found = session.execute(
        select(SignInSession, AuthorityUser, Authority)
        .join(AuthorityUser, col(AuthorityUser.id) == col(SignInSession.user_id))
        .join(Authority, col(Authority.id) == col(AuthorityUser.authority_id))
        .where(col(SignInSession.id_hash) == hash_token(session_id))
    ).first()
    if found is None or not is_live(found[0], now):
        return None
    stored, user, authority = found
    due = now - as_utc(stored.last_seen_at) >= TOUCH_AFTER
    return Found(stored.id_hash, user, authority, due)


def is_live(stored: SignInSession, now: datetime) -> bool:
    return (
        now - as_utc(stored.last_seen_at) < IDLE_FOR and now - as_utc(stored.created_at) < LASTS_FOR
    )


def touch(session: Session, id_hash: str, now: datetime) -> None:
    session.execute(
        update(SignInSession).where(col(SignInSession.id_hash) == id_hash).values(last_seen_at=now)
    )


def end(session: Session, session_id: str) -> None:
    session.execute(
        delete(SignInSession).where(col(SignInSession.id_hash) == hash_token(session_id))
    )


def end_all(session: Session, user_id: str) -> None:
    session.execute(delete(SignInSession).where(col(SignInSession.user_id) == user_id))


def end_expired(session: Session, now: datetime) -> None:
    """Remove what can no longer be used (called at sign-in, so the table stays small)."""
    session.execute(
        delete(SignInSession).where(
            (col(SignInSession.last_seen_at) <= now - IDLE_FOR)
            | (col(SignInSession.created_at) <= now - LASTS_FOR)
        )
    )
