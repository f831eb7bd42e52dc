"""Who runs this site, as the pages show it: every footer, /om and /tillganglighet."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.platform.settings import Settings

# "Skolverket" or "Statens skolverk" as words, so that "Friskolverksamheten AB" is not taken.
SKOLVERKET = re.compile(r"\b(skolverket|statens skolverk)\b")
# Where a long address may wrap on a narrow screen: after these characters.
BREAKS = re.compile(r"(?<=[@./?&=_-])")


@dataclass(frozen=True)
class Operator:
    """The operator's name and contact, each None when the operator has not given it."""

    name: str | None
    contact: str | None

    @classmethod
    def of(cls, settings: Settings) -> Operator:
        return cls(settings.operator_name, settings.operator_contact)

    @property
    def is_skolverket(self) -> bool:
        return self.name is not None and SKOLVERKET.search(self.name.casefold()) is not None

    @property
    def contact_href(self) -> str | None:
        """An address as it is; an e-mail address as a mailto: link.

        The settings take nothing else, and a contact passed in by hand that is no http(s)
        URL still becomes a mailto: link here, never a `javascript:` one.
        """
        if self.contact is None:
            return None
        if self.contact.lower().startswith(("http://", "https://")):
            return self.contact
        return f"mailto:{self.contact}"

    @property
    def contact_parts(self) -> list[str]:
        """The contact in pieces, which the templates join with <wbr> so that it can wrap."""
        return [part for part in BREAKS.split(self.contact or "") if part]


def missing_settings(settings: Settings) -> list[str]:
    """The operator's variables that are not set, for the warning of `koll serve`."""
    given = {
        "KOLL_OPERATOR_NAME": settings.operator_name,
        "KOLL_OPERATOR_CONTACT": settings.operator_contact,
    }
    return [name for name, value in given.items() if not value]
