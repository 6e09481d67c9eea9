"""Normalised tables: to_frames and from_frames are inverse, for generated plans and the seed plans."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings

import serviceplan
from serviceplan import LoadError, PlanSet, ServicePlan
from serviceplan.io.tables import from_frames, table_specs, to_frame, to_frames
from tests import strategies as s


@given(plan=s.service_plans)
@settings(max_examples=60)
def test_frames_round_trip_generated_plans(plan: ServicePlan) -> None:
    assert from_frames(to_frames(plan)) == plan


@given(plans=s.plan_sets)
@settings(max_examples=20)
def test_frames_round_trip_generated_plan_sets(plans: PlanSet) -> None:
    assert from_frames(to_frames(plans)) == plans


def test_seed_plans_round_trip_and_read_naturally(examples: dict[str, ServicePlan]) -> None:
    for plan in examples.values():
        assert from_frames(to_frames(plan)) == plan
    frames = to_frames(examples["salford-2009-12"])
    risks = frames["risks"]
    assert risks["id"].tolist() == list("ABCDEFGHIJKLM")
    assessments = frames["risks_assessments"]
    d = assessments[assessments["risks_index"] == 3]
    assert d[["kind", "score"]].astype(object).values.tolist() == [["current", 16], ["target", 8]]
    assert isinstance(assessments["kind"].dtype, pd.CategoricalDtype)
    assert list(assessments["kind"].cat.categories) == ["inherent", "current", "target"]
    assert str(assessments["score"].dtype) == "Int64"
    budget = frames["budgets_lines"]
    assert budget["staffing"].tolist()[0] == "7,969 (£000)"  # money exactly as written
    assert str(frames["actions"]["deadline"].dtype) == "string"
    for frame in frames.values():
        assert not [c for c in frame.columns if frame[c].dtype.kind == "f"]  # no float anywhere


def test_to_frame_one_table(examples: dict[str, ServicePlan]) -> None:
    actions = to_frame(examples["sefton-corporate-services-2010-11"], "actions_updates")
    assert set(actions["by"].dropna()) == {"Finance & IS", "Legal", "Personnel"}
    with pytest.raises(serviceplan.errors.NotFoundError, match="tables: plans"):
        to_frame(examples["salford-2009-12"], "people")


def test_bad_tables_name_table_and_column(examples: dict[str, ServicePlan]) -> None:
    frames = to_frames(examples["salford-2009-12"])
    broken = dict(frames)
    broken["risks"] = frames["risks"].drop(columns=["title"]).assign(colour="red")
    del broken["plans"]
    broken["people"] = pd.DataFrame()
    with pytest.raises(LoadError) as info:
        from_frames(broken, strict=True)  # as files are read; from_frames alone ignores the column
    assert {(p.path, p.message) for p in info.value.problems} == {
        ("people", "unknown table"),
        ("plans", "table missing"),
        ("risks.title", "column missing"),
        ("risks.colour", "unknown column"),
    }
    with pytest.raises(LoadError) as info:
        from_frames(broken)
    assert ("risks.colour", "unknown column") not in {(p.path, p.message) for p in info.value.problems}
    # An optional table or column (units, a risk's owner) may be missing: see tests/test_older_files.py.
    older = {name: frame for name, frame in frames.items() if name != "units"}
    older["risks"] = frames["risks"].drop(columns=["owner"])
    assert from_frames(older).units == ()
    bad_cell = dict(frames)
    bad_cell["actions"] = frames["actions"].assign(
        deadline=frames["actions"]["deadline"].mask(frames["actions"]["position"] == 2, "Marhc 2011")
    )
    with pytest.raises(LoadError, match=r"actions\[2\]\.deadline: cannot read deadline 'Marhc 2011'"):
        from_frames(bad_cell)


def test_every_table_is_documented() -> None:
    specs = table_specs()
    assert next(iter(specs)) == "plans"
    assert {
        "units",
        "priorities",
        "actions",
        "actions_milestones",
        "actions_updates",
        "indicators",
        "indicators_targets",
        "indicators_measurements",
        "risks",
        "risks_assessments",
        "risks_controls",
        "risks_actions",
        "savings",
        "savings_amounts",
        "budgets",
        "budgets_lines",
        "staffing",
        "staffing_lines",
    } <= set(specs)
