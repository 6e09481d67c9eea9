"""Random bytes and mutations of real plan files: a loader returns a plan or raises LoadError, nothing else."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import serviceplan
from serviceplan import LoadError, ServicePlan
from tests.conftest import EXAMPLES

SMALL = (EXAMPLES / "sefton-corporate-services-2010-11.yaml").read_bytes()
SMALL_JSON = serviceplan.dumps(serviceplan.loads(SMALL, format="yaml"), format="json")
_PLAN = serviceplan.loads(SMALL, format="yaml")


def _bytes(fmt: str) -> bytes:
    data = serviceplan.dumps(_PLAN, format=fmt)
    return data.encode("utf-8") if isinstance(data, str) else data


# Every readable format: random bytes and mutations of a real plan written in it.
READABLE = ["csv", "excel", "json", "parquet", "yaml"]
SOURCES = {fmt: SMALL if fmt == "yaml" else _bytes(fmt) for fmt in READABLE}


def _load_or_load_error(data: bytes, fmt: str) -> None:
    try:
        result = serviceplan.loads(data, format=fmt)
    except LoadError as err:
        problems = err.problems
    else:
        assert isinstance(result, (ServicePlan, serviceplan.PlanSet))
        return
    assert problems
    assert all(problem.message for problem in problems)


@pytest.mark.parametrize("fmt", READABLE)
@given(data=st.binary(max_size=300))
def test_random_bytes(fmt: str, data: bytes) -> None:
    _load_or_load_error(data, fmt)


@st.composite
def mutations(draw: st.DrawFn, source: bytes) -> bytes:
    data = bytearray(source)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "delete", "insert", "truncate", "duplicate"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif kind == "insert":
            data[at:at] = draw(
                st.sampled_from(
                    [
                        b"\x00",
                        b"{",
                        b"[",
                        b": ",
                        b"- ",
                        b"&a ",
                        b"*a",
                        b"!!python/none ",
                        b"\xff",
                        b"\n  ",
                        b'"',
                        b"1e999",
                        b"-",
                        b"null",
                    ]
                )
            )
        elif kind == "truncate":
            del data[at:]
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 60))]
    return bytes(data)


@pytest.mark.parametrize("fmt", READABLE)
@given(st.data())
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
def test_mutated_real_plans(fmt: str, data: st.DataObject) -> None:
    _load_or_load_error(data.draw(mutations(SOURCES[fmt])), fmt)
