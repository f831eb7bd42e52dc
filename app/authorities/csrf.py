"""CSRF tokens bound to the browser's session cookie.

A form's token is a MAC of the cookie's value under the site's secret key, so it needs no
storage, is worthless with another cookie, and changes when signing in gives a new cookie.
Another site can make a browser post a form, but it cannot read the cookie to make the token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac


def csrf_token(key: bytes, cookie_value: str) -> str:
    digest = hmac.digest(key, b"koll csrf\n" + cookie_value.encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def csrf_matches(key: bytes, cookie_value: str | None, token: str | None) -> bool:
    if not cookie_value or not token:
        return False
    return hmac.compare_digest(csrf_token(key, cookie_value), token)
