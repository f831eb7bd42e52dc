"""JSON answers and JSON columns, encoded by pydantic-core: the same JSON as the standard
library's, compact and in UTF-8."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from app.platform.db import json_text
from app.platform.responses import JSONResponse

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@given(JSON_VALUES)
def test_what_is_encoded_is_what_the_standard_library_reads_back(value: Any) -> None:
    assert json.loads(JSONResponse(value).body) == value
    assert json.loads(json_text(value)) == value


def test_the_text_is_compact_utf8() -> None:
    body = JSONResponse({"nivå": "Delvis på plats", "n": [1, 2.5]}).body
    assert body == '{"nivå":"Delvis på plats","n":[1,2.5]}'.encode()
    assert JSONResponse({}).headers["content-type"] == "application/json"
