"""The two secrets of an inventory, each stored only as its SHA-256.

The management token is random and shown once. The participation token is derived from the
site's secret key and the inventory's id, so the management page and the creating authority
can be shown the participation link again, while a dump of the database holds neither.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from app.authorities.accounts import hash_token, new_secret

__all__ = ["hash_token", "new_manage_token", "participate_token"]


def new_manage_token() -> str:
    """256 random bits, URL-safe."""
    return new_secret()


def participate_token(key: bytes, inventory_id: str) -> str:
    """256 bits derived from the key: the same link every time it is shown."""
    digest = hmac.digest(key, b"koll participation\n" + inventory_id.encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")
