"""Idempotent POSTs: a client that did not hear the answer retries with the same
`Idempotency-Key`, and gets the first answer again instead of a second copy stored.

The key is remembered in the same transaction as what the request stored, so a write is
never acknowledged without its key, nor a key kept without its write. Only hashes are kept:
of the key (with the route it was used on) and of the body it came with.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Field, Session, SQLModel, col

from app.platform.tables import as_utc, timestamp, utc_now

HEADER = "Idempotency-Key"
KEPT_FOR = timedelta(hours=24)
MAX_KEY_LENGTH = 255


class IdempotencyKey(SQLModel, table=True):
    """A request that carried an Idempotency-Key, and what it made."""

    __tablename__ = "idempotency_keys"

    key_hash: str = Field(primary_key=True, max_length=64)
    request_hash: str = Field(max_length=64)
    status: int
    resource_id: str = Field(max_length=32)
    created_at: datetime = timestamp()


class InvalidKey(ValueError):
    pass


class KeyReused(ValueError):
    """The key came before with another body: which answer the client wants is unknowable."""


@dataclass(frozen=True)
class Claim:
    key_hash: str
    request_hash: str


@dataclass(frozen=True)
class Earlier:
    status: int
    resource_id: str


def claim(route: str, key: str | None, body: bytes) -> Claim | None:
    """The claim of a request with a key (None without one); `InvalidKey` for a bad key.
    `route` keeps one key apart on different routes (and, for an authority, its id)."""
    if key is None:
        return None
    if not 0 < len(key) <= MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise InvalidKey(key)
    return Claim(_sha256(f"{route}\n{key}".encode()), _sha256(body))


def find(session: Session, claim: Claim) -> Earlier | None:
    """What the key made in the last 24 hours; `KeyReused` if it came with another body."""
    row = session.get(IdempotencyKey, claim.key_hash)
    if row is None or as_utc(row.created_at) < utc_now() - KEPT_FOR:
        return None
    if row.request_hash != claim.request_hash:
        raise KeyReused(claim.key_hash)
    return Earlier(row.status, row.resource_id)


def remember(session: Session, claim: Claim, status: int, resource_id: str) -> None:
    """Keep the key with what it made; part of the same unit of work as the write itself."""
    expired = col(IdempotencyKey.created_at) < utc_now() - KEPT_FOR
    session.execute(
        delete(IdempotencyKey).where(col(IdempotencyKey.key_hash) == claim.key_hash, expired)
    )
    session.add(
        IdempotencyKey(
            key_hash=claim.key_hash,
            request_hash=claim.request_hash,
            status=status,
            resource_id=resource_id,
        )
    )
    session.flush()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
