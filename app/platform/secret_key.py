"""The site's secret key: what links are derived from, so the database holds none of them.

From `KOLL_SECRET_KEY` when it is set (several machines must share one), else from a file
made on first start beside the embedded database (`KOLL_SECRET_KEY_FILE`), readable by its
owner only. A dump or backup of the database alone therefore reveals no link. Losing the key
breaks the links derived from it: back it up apart from the database.
"""

from __future__ import annotations

import os
import secrets
import tempfile
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
    if path.exists():
        return _read_key(path)
    # Of workers starting at once, each writes a key of its own beside the file and links it
    # in place; the first link wins and the others read that key. A link is all or nothing,
    # so no worker ever reads a key file that is still being written.
    key = secrets.token_urlsafe(48).encode()
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)  # owner-only
    written = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(key + b"\n")
            file.flush()
            os.fsync(file.fileno())
        os.link(written, path)
    except FileExistsError:
        return _read_key(path)
    finally:
        written.unlink(missing_ok=True)
    return key


def _read_key(path: Path) -> bytes:
    key = path.read_bytes().strip()
    if len(key) < MIN_KEY_LENGTH:
        raise ValueError(f"{path} holds no secret key")
    return key
