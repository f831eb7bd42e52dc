"""Invitation links, derived from the site's secret key so that the database holds none.

A link's token is the invitation's id followed by a MAC of it under the key: the same link
can be shown again whenever an official needs it, a dump of the database alone gives no
working link, and a guessed token fails the MAC without any lookup. Links issued before
tokens were derived are still found, through the hash of their token kept for them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

ID_LENGTH = 16  # app.authorities.accounts.new_id: 64 bits as hex
MAC_LENGTH = 32  # 192 bits, URL-safe base64


def invitation_token(key: bytes, invitation_id: str) -> str:
    return invitation_id + _mac(key, invitation_id)


def invitation_id_of(key: bytes, token: str) -> str | None:
    """The invitation a derived token names, or None if it is not one made with `key`."""
    if len(token) != ID_LENGTH + MAC_LENGTH:
        return None
    invitation_id, mac = token[:ID_LENGTH], token[ID_LENGTH:]
    return invitation_id if hmac.compare_digest(mac, _mac(key, invitation_id)) else None


def legacy_token_hash(token: str) -> str:
    """How a token issued before derived links is kept: as its SHA-256, like API tokens."""
    return hashlib.sha256(token.encode()).hexdigest()


def _mac(key: bytes, invitation_id: str) -> str:
    digest = hmac.digest(key, b"koll invitation\n" + invitation_id.encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest).decode()[:MAC_LENGTH]
