"""Random bytes and mutations of real plan files: a loader returns a plan or raises LoadError, nothing else."""

from __future__ import annotations

from collections.abc import Callable

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
    _plan_or_load_error(lambda: serviceplan.loads(data, format=fmt))


def _plan_or_load_error(read: Callable[[], object]) -> None:
    """``read`` gives a plan, or raises our LoadError with a message for every problem; nothing else."""
    try:
        result = read()
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


# Cell-level fuzzing of the tables: any value in any cell of any table gives a plan or a LoadError.
HOSTILE_CELLS = [
    None,
    "",
    "x",
    "#N/A",
    "=1+1",
    "99999999999999999999",
    "-1",
    "1.5",
    "True",
    "TRUE",
    0,
    1,
    7,
    -1,
    2**63,
    10**20,
    1.5,
    float("nan"),
    True,
    b"bytes",
    "x" * 1000,
]
_FRAMES = serviceplan.to_frames(_PLAN)
_FILLED = sorted(name for name, frame in _FRAMES.items() if len(frame))


@st.composite
def edited_frames(draw: st.DrawFn) -> dict[str, object]:
    frames = {name: frame.astype(object) for name, frame in _FRAMES.items()}
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(_FILLED))
        frame = frames[name]
        if not len(frame):  # every row dropped already
            continue
        kind = draw(st.sampled_from(["cell", "duplicate row", "drop row"]))
        row = draw(st.integers(0, len(frame) - 1))
        if kind == "cell":
            column = draw(st.sampled_from(list(frame.columns)))
            frame.iloc[row, list(frame.columns).index(column)] = draw(st.sampled_from(HOSTILE_CELLS))
        elif kind == "duplicate row":
            frames[name] = frame.iloc[[*range(len(frame)), row]].reset_index(drop=True)
        else:
            frames[name] = frame.drop(index=frame.index[row]).reset_index(drop=True)
    return frames


@given(edited_frames())
@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow])
def test_edited_tables_load_or_raise_load_error(frames: dict[str, object]) -> None:
    _plan_or_load_error(lambda: serviceplan.from_frames(frames))  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["csv", "parquet", "excel"])
@given(frames=edited_frames())
@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
def test_edited_tables_through_each_table_format(fmt: str, frames: dict[str, object]) -> None:
    """The edited tables written straight into a bundle or workbook (the writer's own checks skipped)."""
    import io
    import math

    from tests.data.make_hostile import good, rezip

    name = next((n for n, f in frames.items() if not f.equals(_FRAMES[n].astype(object))), None)  # type: ignore[attr-defined]
    if name is None:
        return
    frame = frames[name]
    if fmt == "csv":
        content: bytes = frame.to_csv(index=False).encode()  # type: ignore[attr-defined]
        data = rezip(good("csv"), {f"tables/{name}.csv": content})
    elif fmt == "parquet":
        out = io.BytesIO()
        try:
            frame.astype(str).to_parquet(out, index=False)  # type: ignore[attr-defined]
        except Exception:  # a frame pandas cannot write is not the loader's business
            return
        data = rezip(good("parquet"), {f"tables/{name}.parquet": out.getvalue()})
    else:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(good("excel")))
        if name not in book.sheetnames:
            return
        sheet = book[name]
        for r, row in enumerate(frame.itertuples(index=False), start=2):  # type: ignore[attr-defined]
            for c, value in enumerate(row, start=1):
                if isinstance(value, (str, int, float, bool)) and not isinstance(value, bytes):
                    sheet.cell(r, c, None if isinstance(value, float) and math.isnan(value) else value)
        out = io.BytesIO()
        book.save(out)
        data = out.getvalue()
    _load_or_load_error(data, fmt)
