"""Two authorities, for the tests of one feature that need a tenant and another tenant."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from tests.support import Account, new_authority


@pytest.fixture
def linkoping(app: FastAPI) -> Account:
    return new_authority(app, "Linköpings kommun")


@pytest.fixture
def norrkoping(app: FastAPI) -> Account:
    return new_authority(app, "Norrköpings kommun")
