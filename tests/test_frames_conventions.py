"""One convention for every frame, and from_frames taking tables as an analyst leaves them."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import serviceplan
from serviceplan import LoadError, PlanSet, ServicePlan
from serviceplan.calc import indicator_frame, rag_frame, rollup_frame, savings_frame, savings_rollup
from serviceplan.io.tables import from_frames, read_frames, to_frames
from tests import strategies as s

ALLOWED = {"string", "Int64", "Int16", "Float64", "boolean", "category", "datetime64[s]"}


def _every_frame(plans: ServicePlan | PlanSet) -> dict[str, pd.DataFrame]:
    found = {f"to_frames:{n}": f for n, f in to_frames(plans, dates="datetime", numbers=True).items()}
    found["indicator_frame"] = indicator_frame(plans)
    found["rag_frame"] = rag_frame(indicator_frame(plans))
    found["savings_frame"] = savings_frame(plans)
    found["savings_frame:tree"] = savings_frame(plans, tree=True)
    found["rollup.to_frame"] = savings_rollup(plans, ["unit", "year"]).to_frame()
    return found


def test_every_frame_has_one_missing_value_convention(examples: dict[str, ServicePlan]) -> None:
    plans = PlanSet(name="all", plans=list(examples.values()))
    for name, frame in _every_frame(plans).items():
        for column in frame.columns:
            dtype = str(frame[column].dtype)
            if column in ("percent_delivered", "lines") and name == "rollup.to_frame":
                continue  # a rollup row's own figures, never missing (percent_delivered: see savings.md)
            assert dtype in ALLOWED, (name, column, dtype)


def test_dates_numbers_and_keys_are_typed(examples: dict[str, ServicePlan]) -> None:
    salford = examples["salford-2009-12"]
    frames = to_frames(salford, dates="datetime", numbers=True)
    assessed = frames["risks_assessments"]["assessed"]
    assert str(assessed.dtype) == "datetime64[s]"
    assert str(to_frames(salford)["risks_assessments"]["assessed"].dtype) == "string"  # files store text
    lines = frames["budgets_lines"]
    assert list(lines.columns).index("staffing_value") == list(lines.columns).index("staffing") + 1
    assert lines["staffing"].iloc[0] == "7,969 (£000)"
    assert lines["staffing_value"].iloc[0] == 7_969_000
    assert str(indicator_frame(salford)["period_end"].dtype) == "datetime64[s]"
    sefton = examples["sefton-integration-2010"]
    keys = savings_frame(sefton)
    assert isinstance(keys["year"].dtype, pd.CategoricalDtype)
    assert list(keys["year"].cat.categories) == sorted(keys["year"].dropna().unique())
    assert rollup_frame(keys, ["year"])["year"].tolist() == ["2010/11", "2011/12"]


@given(plan=s.service_plans)
@settings(max_examples=40)
def test_analysis_frames_round_trip(plan: ServicePlan) -> None:
    frames = to_frames(plan, dates="datetime", numbers=True)
    result = read_frames(frames)
    assert result.plan == plan
    assert result.findings == ()


@given(plans=s.plan_sets)
@settings(max_examples=15)
def test_analysis_frames_round_trip_plan_sets(plans: PlanSet) -> None:
    assert from_frames(to_frames(plans, dates="datetime")) == plans


@given(plan=s.service_plans, data=st.data())
@settings(max_examples=40)
def test_what_an_analyst_does_to_the_tables_still_reads(plan: ServicePlan, data: st.DataObject) -> None:
    frames = dict(to_frames(plan))
    names = sorted(frames)
    helper = data.draw(st.sampled_from(names), label="helper column in")
    frames[helper] = frames[helper].assign(my_note="checked")
    empties = [n for n in names if n not in ("plans", helper) and not len(frames[n])]
    for name in data.draw(st.sets(st.sampled_from(empties)) if empties else st.just(set()), label="dropped"):
        del frames[name]
    indexed = data.draw(st.sampled_from([n for n in names if n in frames]), label="index on")
    how = data.draw(st.sampled_from(["keys", "shift", "filter"]), label="index")
    frame = frames[indexed]
    if how == "keys":
        keys = [c for c in ("plan_index", "position") if c in frame.columns]
        frames[indexed] = frame.set_index(keys)
    elif how == "shift":
        frames[indexed] = frame.set_axis(pd.RangeIndex(7, 7 + len(frame)))
    else:
        frames[indexed] = frame.iloc[::-1].iloc[::-1]
    result = read_frames(frames)
    assert result.plan == plan
    ignored = [(f.code, f.where) for f in result.findings if f.code == "ignored-column"]
    assert ignored == [("ignored-column", f"{helper}.my_note")]


def test_findings_and_what_stays_an_error(examples: dict[str, ServicePlan]) -> None:
    plan = examples["salford-2009-12"]
    frames = to_frames(plan)
    frames["risks"] = frames["risks"].assign(colour="red").set_index("id")
    frames["actions"] = frames["actions"].rename_axis("row")
    result = read_frames(frames)
    assert result.plan == plan
    assert [str(f) for f in result.findings] == [
        "actions: ignored-index: the index is not a column of the table; ignored",
        "risks.colour: ignored-column: not a column of the table risks; ignored",
    ]
    with pytest.raises(LoadError, match=r"risks\.colour: unknown column"):
        from_frames(frames, strict=True)
    with pytest.raises(LoadError, match="risk: unknown table"):
        from_frames({**frames, "risk": frames.pop("risks")})
    # a table left out reads as no rows, exactly as an empty table would
    for name in ("years", "units", "risks_controls"):
        left_out = {n: f for n, f in to_frames(plan).items() if n != name}
        emptied = to_frames(plan)
        emptied[name] = emptied[name].iloc[0:0]
        assert _outcome(left_out) == _outcome(emptied), name


def _outcome(frames: dict[str, pd.DataFrame]) -> object:
    try:
        return read_frames(frames).plan
    except LoadError as err:
        return str(err)


def test_a_set_index_on_keys_reads_back(examples: dict[str, ServicePlan]) -> None:
    plan = examples["sefton-corporate-services-2010-11"]
    frames = to_frames(plan)
    frames["actions_updates"] = frames["actions_updates"].set_index(["plan_index", "actions_index", "position"])
    frames["actions"] = frames["actions"].set_index("id", drop=False)
    result = read_frames(frames)
    assert result.plan == plan
    assert result.findings == ()
    assert serviceplan.io.read_frames is read_frames
