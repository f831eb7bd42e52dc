"""The site's secret key: what links are derived from, so the database holds none of them.

From `KOLL_SECRET_KEY` when it is set (several machines must share one), else from a file
made on first start beside the embedded database (`KOLL_SECRET_KEY_FILE`), readable by its
owner only. A dump or backup of the database alone therefore reveals no link. Losing the key
breaks the links derived from it: back it up apart from the database.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from app.platform.settings import Settings

MIN_KEY_LENGTH = 32


def load_secret_key(settings: Settings) -> bytes:
    if settings.secret_key is not None:
        if len(settings.secret_key) < MIN_KEY_LENGTH:
            raise ValueError(f"KOLL_SECRET_KEY must be at least {MIN_KEY_LENGTH} characters")
        return settings.secret_key.encode()
    return _key_file(settings.secret_key_file)


def _key_file(path: Path) -> bytes:
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        # O_EXCL: of workers starting at once, one writes the key and the others read it.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_bytes().strip()
        if len(key) < MIN_KEY_LENGTH:
            raise ValueError(f"{path} holds no secret key (is it being written?)") from None
        return key
    with os.fdopen(descriptor, "wb") as file:
        key = secrets.token_urlsafe(48).encode()
        file.write(key + b"\n")
        file.flush()
        os.fsync(file.fileno())
    return key
