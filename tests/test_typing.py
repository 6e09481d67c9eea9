"""What the types promise an embedding application, at run time and to the type checkers.

Lists (any iterable) where a tuple is declared, a year or quarter where a
period is declared, and ``dumps`` typed ``str`` or ``bytes`` by format: the
values stored are still tuples and periods, and the checkers still refuse
what is wrong (see ``examples/typed_app.py``, which scripts/test.sh checks).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import typing
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import serviceplan
from serviceplan.errors import ModelError
from serviceplan.io import _written, dumps, get_serialiser, register_serialiser, unregister_serialiser
from serviceplan.io import fast as _fast
from serviceplan.io.fields import shape_of
from serviceplan.io.registry import _BUILTINS
from serviceplan.model import (
    Action,
    Indicator,
    Measurement,
    ProgressUpdate,
    ServicePlan,
    Target,
)
from serviceplan.model._base import to_period, to_tuple
from serviceplan.risk.matrix import Band, RiskMatrix, Scale
from serviceplan.typing import BinaryFormat, TextFormat
from serviceplan.values import FinancialYear, IndicatorValue, Period, PeriodKind, Quarter
from tests.conftest import ROOT

_MODEL = [cls for cls in map(serviceplan.model.__dict__.get, serviceplan.model.__all__) if attrs.has(cls)]

years = st.integers(min_value=1900, max_value=2097).map(FinancialYear)
quarters = st.builds(Quarter, years, st.integers(min_value=1, max_value=4))


@pytest.mark.parametrize("cls", [*_MODEL, Scale, RiskMatrix], ids=lambda c: c.__name__)
def test_every_tuple_field_converts_what_it_is_given(cls: type) -> None:
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        if typing.get_origin(hints[field.name]) is tuple and field.name != "cells":
            assert field.converter is to_tuple, f"{cls.__name__}.{field.name}"


def test_lists_and_generators_are_stored_as_tuples() -> None:
    action = Action(id="1", title="t", priorities=["1", "2"], indicators=(c for c in ["NI 14"]))
    plan = ServicePlan(id="p", title="P", years=[FinancialYear(2010)], actions=[action])
    assert type(action.priorities) is tuple
    assert action.priorities == ("1", "2")
    assert action.indicators == ("NI 14",)
    assert type(plan.actions) is tuple
    assert type(plan.years) is tuple
    assert plan == ServicePlan(id="p", title="P", years=(FinancialYear(2010),), actions=(action,))


def test_text_is_not_a_sequence() -> None:
    with pytest.raises(ModelError, match="not the text 'P1'"):
        Action(id="1", title="t", priorities="P1")  # type: ignore[arg-type]


@given(st.one_of(years, quarters))
def test_a_year_or_quarter_is_stored_as_its_period(value: FinancialYear | Quarter) -> None:
    period = Period.of(value)
    value_text = IndicatorValue.parse("20 days")
    for made in (
        Target(period=value, value=value_text).period,
        Measurement(period=value, value=value_text).period,
        ProgressUpdate(period=value, text="on track").period,
        ServicePlan(id="p", title="P", update_period=value).update_period,
    ):
        assert type(made) is Period
        assert made == period
        assert (made.start, made.end) == (value.start, value.end)
    assert period.kind is (PeriodKind.YEAR if isinstance(value, FinancialYear) else PeriodKind.QUARTER)


def test_a_period_is_kept_as_it_is_and_none_stays_none() -> None:
    june = Period.month(2010, 6)
    assert to_period(june) is june
    assert ProgressUpdate(period=june, text="x").period is june
    assert ServicePlan(id="p", title="P").update_period is None
    assert ServicePlan(id="p", title="P", update_period=None).update_period is None


def test_the_text_a_quarter_was_read_from_is_kept() -> None:
    q1 = Quarter.parse("Quarter 1 (June 2010)")
    assert ProgressUpdate(period=q1, text="x").period.text == "Quarter 1 (June 2010)"


@pytest.mark.parametrize("bad", ["2010/11", 2010, None, object()])
def test_anything_else_is_not_a_period(bad: object) -> None:
    with pytest.raises(ModelError, match="expected a Period, FinancialYear or Quarter"):
        Target(period=bad, value=IndicatorValue.parse("1"))  # type: ignore[arg-type]
    with pytest.raises(ModelError, match="expected a Period, FinancialYear or Quarter"):
        ProgressUpdate(period=bad, text="x")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["2010/11 Q1", 3])
def test_an_update_period_must_be_a_period_too(bad: object) -> None:
    with pytest.raises(ModelError, match="expected a Period, FinancialYear or Quarter"):
        ServicePlan(id="p", title="P", update_period=bad)  # type: ignore[arg-type]


def test_a_plan_built_from_years_and_quarters_writes_and_reads_as_one_built_from_periods() -> None:
    year, q1 = FinancialYear(2010), Quarter(FinancialYear(2010), 1)
    value = IndicatorValue.parse("20 days")

    def plan(period_of: typing.Callable[[FinancialYear | Quarter], typing.Any]) -> ServicePlan:
        return ServicePlan(
            id="p",
            title="P",
            update_period=period_of(q1),
            indicators=[Indicator(code="NI 181", title="t", targets=[Target(period=period_of(year), value=value)])],
            actions=[Action(id="1", title="a", updates=[ProgressUpdate(period=period_of(q1), text="u")])],
        )

    wide, exact = plan(lambda v: v), plan(Period.of)
    assert wide == exact
    for format in ("json", "yaml"):
        assert dumps(wide, format=format) == dumps(exact, format=format)
        assert serviceplan.loads(dumps(wide, format=format), format=format) == exact


def test_the_fast_path_still_builds_period_holders_slot_by_slot() -> None:
    for cls in (Target, Measurement, ProgressUpdate, ServicePlan, Action, Indicator):
        assert _fast._slot_by_slot(cls), cls.__name__


def test_the_fast_path_steps_aside_for_a_converter_it_does_not_know() -> None:
    assert _fast._mirrored(to_period, shape_of(Period))
    assert not _fast._mirrored(to_period, shape_of(Period | None))
    assert not _fast._mirrored(str, shape_of(str))
    assert not _fast._mirrored(to_tuple, shape_of(str))


# -- dumps, typed by format -------------------------------------------------------


def test_the_typed_format_names_are_the_built_ins() -> None:
    assert set(typing.get_args(TextFormat)) | set(typing.get_args(BinaryFormat)) == set(_BUILTINS)
    assert not set(typing.get_args(TextFormat)) & set(typing.get_args(BinaryFormat))


@pytest.mark.parametrize("name", typing.get_args(TextFormat))
def test_text_formats_write_str(name: str) -> None:
    assert get_serialiser(name).binary is False
    assert type(dumps(serviceplan.load(serviceplan.example_path("sefton-integration-2010")), format=name)) is str


@pytest.mark.parametrize("name", typing.get_args(BinaryFormat))
def test_binary_formats_write_bytes(name: str) -> None:
    assert get_serialiser(name).binary is True
    assert type(dumps(serviceplan.load(serviceplan.example_path("sefton-integration-2010")), format=name)) is bytes


class _Binary:
    name = "json"
    suffixes = (".json",)
    binary = True

    def loads(self, data: bytes, *, source: str | None = None) -> ServicePlan:
        raise NotImplementedError

    def dumps(self, plan: object) -> bytes:
        return b"{}"


class _Text(_Binary):
    binary = False

    def dumps(self, plan: object) -> str:  # type: ignore[override]
        return "{}"


def test_a_built_in_is_replaced_only_by_one_of_its_kind() -> None:
    with pytest.raises(TypeError, match="replaces a built-in format that writes text; it must write text too"):
        register_serialiser("json", _Binary(), replace=True)
    with pytest.raises(TypeError, match="writes bytes; it must write bytes too"):
        register_serialiser("excel", _Text(), replace=True)
    assert type(_written(get_serialiser("json"), ServicePlan(id="p", title="P"))) is str
    register_serialiser("json", _Text(), replace=True)
    try:
        assert dumps(ServicePlan(id="p", title="P"), format="json") == "{}"
    finally:
        unregister_serialiser("json")
    register_serialiser("mine", _Binary())  # a new name may be either kind
    unregister_serialiser("mine")


def test_risk_matrix_scales_take_lists() -> None:
    levels = serviceplan.risk_matrix("5x5").likelihood.levels
    scale = Scale(name="likelihood", levels=list(levels))
    assert type(scale.levels) is tuple
    bands = list(serviceplan.risk_matrix("5x5").bands)
    assert type(attrs.evolve(serviceplan.risk_matrix("5x5"), bands=bands).bands) is tuple
    assert all(isinstance(b, Band) for b in bands)


# -- the type checkers ---------------------------------------------------------------

_WRONG = """
import serviceplan
from serviceplan import Action, ServicePlan, Target
from serviceplan.values import IndicatorValue

plan = ServicePlan(id="p", title="P", actions=[Action(id="1", title="a", priorities=[1])])
target = Target(period="2010/11", value=IndicatorValue.parse("1"))
as_bytes: bytes = serviceplan.dumps(plan, format="json")
as_text: str = serviceplan.dumps(plan, format="excel")
either: str = serviceplan.dumps(plan, format="mine")
nameless = ServicePlan(title="no id")
"""


def _checker(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*argv], capture_output=True, text=True, cwd=ROOT, timeout=600, check=False)


def test_mypy_refuses_what_is_wrong(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.py"
    wrong.write_text(_WRONG)
    out = _checker(sys.executable, "-m", "mypy", "--strict", "--no-error-summary", str(wrong)).stdout
    lines = [line for line in out.splitlines() if ": error:" in line]
    assert [line.split(":")[1] for line in lines] == ["6", "7", "8", "9", "10", "11"], out
    assert 'expected "str"  [list-item]' in lines[0]
    assert '"str", variable has type "bytes"' in lines[2]
    assert '"bytes", variable has type "str"' in lines[3]
    assert '"str | bytes", variable has type "str"' in lines[4]
    assert 'Missing named argument "id"' in lines[5]


def test_pyright_refuses_what_is_wrong(tmp_path: Path) -> None:
    pyright = shutil.which("basedpyright", path=str(Path(sys.executable).parent))
    assert pyright is not None, "basedpyright comes with the test extra"
    wrong = tmp_path / "wrong.py"
    wrong.write_text(_WRONG)
    out = _checker(pyright, "--pythonpath", sys.executable, str(wrong)).stdout
    errors = [line for line in out.splitlines() if " - error: " in line]
    assert [line.split(":")[1] for line in errors] == ["6", "7", "8", "9", "10", "11"], out
    assert '"list[int]" cannot be assigned to parameter "priorities" of type "Iterable[str]"' in errors[0]
    assert 'parameter "period" of type "Period | FinancialYear | Quarter"' in errors[1]
    assert '"id"' in errors[5]
