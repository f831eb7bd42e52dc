"""The self-check's user-facing Swedish text outside its templates."""

from __future__ import annotations

INVALID_ANSWERS = "Svaren är ofullständiga eller felaktiga."
