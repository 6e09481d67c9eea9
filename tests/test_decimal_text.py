"""Numbers are written as plain digits, which the schema's pattern admits, in every format."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import serviceplan
from serviceplan._strict import decimal_text, structure_decimal
from serviceplan.io import dumps, json_schema, loads
from serviceplan.model import ServicePlan, StaffingLine, StaffingTable

PATTERN = re.compile(json_schema()["$defs"]["StaffingLine"]["properties"]["fte"]["anyOf"][0]["pattern"])

# what the model holds: at most 12 decimal places, and exponents both ways (Decimal("5E+3"), Decimal("5E-7"))
FINITE = st.builds(
    lambda digits, exponent: Decimal(digits).scaleb(exponent),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.integers(min_value=-12, max_value=4),
).filter(lambda d: -d.as_tuple().exponent <= 12 if isinstance(d.as_tuple().exponent, int) else False)


@given(FINITE)
def test_decimal_text_is_plain_digits_and_reads_back_equal(value: Decimal) -> None:
    text = decimal_text(value)
    assert PATTERN.fullmatch(text), text
    assert structure_decimal(text) == value


@pytest.mark.parametrize("written", ["1E+2", "1E-7", "2.5E+3"])
def test_a_plan_with_an_exponent_decimal_is_written_plain_in_json_and_yaml(written: str) -> None:
    line = StaffingLine(label="Posts", fte=Decimal(written))
    plan = ServicePlan(id="p", title="P", staffing=(StaffingTable(id="s", title="Staff", lines=(line,)),))
    for fmt in ("json", "yaml"):
        text = dumps(plan, format=fmt)
        assert "E+" not in str(text)
        assert "E-" not in str(text)
        assert loads(text, format=fmt) == plan
    fte = json.loads(dumps(plan, format="json"))["staffing"][0]["lines"][0]["fte"]
    assert PATTERN.fullmatch(fte)
    assert serviceplan.io.to_frames(plan)["staffing_lines"]["fte"].tolist() == [decimal_text(Decimal(written))]
