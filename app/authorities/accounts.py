"""Authority accounts and their API tokens; a token is stored only as its SHA-256."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence

from sqlalchemy import select
from sqlmodel import Session, col

from app.authorities.models import Authority


def new_id() -> str:
    """64 random bits as hex: never starts with '-', so it can be given to `koll` as is."""
    return secrets.token_hex(8)


def new_secret() -> str:
    """256 random bits, URL-safe: API tokens and invitation links."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_authority(session: Session, name: str) -> tuple[Authority, str]:
    """The new authority and its token; the token itself is never stored."""
    token = new_secret()
    authority = Authority(id=new_id(), name=name, token_hash=hash_token(token))
    session.add(authority)
    session.flush()
    return authority, token


def rotate_token(session: Session, authority_id: str) -> str | None:
    authority = session.get(Authority, authority_id)
    if authority is None:
        return None
    token = new_secret()
    authority.token_hash = hash_token(token)
    session.add(authority)
    session.flush()
    return token


def list_authorities(session: Session) -> Sequence[Authority]:
    return session.scalars(select(Authority).order_by(col(Authority.created_at))).all()


def authenticate(session: Session, token: str) -> Authority | None:
    return session.scalars(
        select(Authority).where(col(Authority.token_hash) == hash_token(token))
    ).one_or_none()
