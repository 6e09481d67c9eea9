"""load(dump(plan)) == plan for every serialiser, over generated plans."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings

import serviceplan
from serviceplan import PlanSet, ServicePlan
from tests import strategies as s

# Every registered serialiser that can read what it writes (markdown is a write-only report).
FORMATS = sorted(
    name
    for name in serviceplan.io.available_serialisers()
    if not getattr(serviceplan.io.registry.get_serialiser(name), "write_only", False)
)


def test_formats_cover_the_built_ins() -> None:
    assert FORMATS == ["csv", "excel", "json", "parquet", "yaml"]


@pytest.mark.parametrize("fmt", FORMATS)
@given(plan=s.service_plans)
@settings(max_examples=30)
def test_plan_round_trips(fmt: str, plan: ServicePlan) -> None:
    text = serviceplan.dumps(plan, format=fmt)
    assert serviceplan.loads(text, format=fmt) == plan


@pytest.mark.parametrize("fmt", FORMATS)
@given(plans=s.plan_sets)
@settings(max_examples=20)
def test_plan_set_round_trips(fmt: str, plans: PlanSet) -> None:
    assert serviceplan.loads(serviceplan.dumps(plans, format=fmt), format=fmt) == plans


@given(plan=s.service_plans)
@settings(max_examples=30)
def test_structure_inverts_unstructure(plan: ServicePlan) -> None:
    assert serviceplan.io.structure(serviceplan.io.unstructure(plan)) == plan


@pytest.mark.parametrize("fmt", FORMATS)
def test_examples_round_trip_with_their_text(fmt: str, examples: dict[str, ServicePlan], tmp_path: Path) -> None:
    for name, plan in examples.items():
        suffix = serviceplan.io.registry.get_serialiser(fmt).suffixes[0]
        path = serviceplan.dump(plan, tmp_path / f"{name}{suffix}")
        again = serviceplan.load(path)
        assert again == plan, name
        # text kept as written survives too (it takes no part in equality for money and years)
        assert [y.text for y in again.years] == [y.text for y in plan.years]
        money = [(line.gross, line.net, line.staffing) for t in plan.budgets for line in t.lines]
        money_again = [(line.gross, line.net, line.staffing) for t in again.budgets for line in t.lines]
        assert [[m.text if m else None for m in row] for row in money_again] == [
            [m.text if m else None for m in row] for row in money
        ]


def test_dump_is_atomic(tmp_path: Path, examples: dict[str, ServicePlan]) -> None:
    plan = examples["salford-2009-12"]
    target = tmp_path / "plan.json"
    serviceplan.dump(plan, target)
    before = target.read_bytes()

    class Boom(Exception):
        pass

    class Exploding:
        name = "exploding"
        suffixes = (".boom",)
        binary = False

        def loads(self, data: bytes, *, source: str | None = None) -> ServicePlan:
            raise NotImplementedError

        def dumps(self, plan: object) -> str:
            raise Boom

    serviceplan.register_serialiser("exploding", Exploding())
    try:
        with pytest.raises(Boom):
            serviceplan.dump(plan, target, format="exploding")
    finally:
        serviceplan.io.registry.unregister_serialiser("exploding")
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]
