"""Issue 12, the risk items: printed scores, band order, score-only heat maps, overflow, movement across years.

Each reproduction of the issue is a test here; the invariants behind them are property tests.
"""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import serviceplan
from serviceplan import Assessment, Risk, RiskMatrix, ServicePlan, risk_matrix
from serviceplan.calc import carry_forward, compare_plans
from serviceplan.checks import check
from serviceplan.cli import main
from serviceplan.errors import LevelError, RiskInputError
from serviceplan.io.tables import to_frames
from serviceplan.model import PlanSet
from serviceplan.render.progress import quarterly_report
from serviceplan.render.text import text_report
from serviceplan.risk import (
    MAX_LEVELS,
    MovementDirection,
    above_appetite,
    assessment_movement,
    at_or_below_target,
    bad_rows,
    compare_assessments,
    heat_map,
    movement,
    plan_lineage,
    printed_mismatches,
    score_array,
    score_frame,
    top_risks,
)
from serviceplan.values import AssessmentKind
from tests.test_risk_matrix_sizes import square

CURRENT, TARGET = AssessmentKind.CURRENT, AssessmentKind.TARGET
UP, DOWN, NEW, CLOSED = (MovementDirection.UP, MovementDirection.DOWN, MovementDirection.NEW, MovementDirection.CLOSED)


@pytest.fixture(scope="module")
def salford() -> ServicePlan:
    plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
    assert isinstance(plan, ServicePlan)
    return plan


def risk(ident: str, *assessments: Assessment) -> Risk:
    return Risk(id=ident, title=f"risk {ident}", assessments=assessments)


def cur(lk: int | None = None, im: int | None = None, score: int | None = None) -> Assessment:
    return Assessment(kind=CURRENT, likelihood=lk, impact=im, score=score)


# -- item 3: printed scores wiped ---------------------------------------------------------------


def test_score_frame_keeps_the_printed_scores_of_a_register(salford: ServicePlan) -> None:
    frame = to_frames(salford)["risks_assessments"]
    printed = frame["score"].dropna().tolist()
    assert len(printed) == 20
    scored = score_frame(frame, risk_matrix("5x5"))
    assert scored["score"].notna().sum() == 20
    assert scored["score"].dropna().tolist() == printed
    assert scored["printed_score"].equals(frame["score"])
    expected = [risk_matrix("5x5").band_for_score(int(s)).name for s in printed]  # type: ignore[union-attr]
    assert scored["band"].dropna().tolist() == expected


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def test_cli_score_keeps_a_printed_score_and_names_disagreements(tmp_path: Path) -> None:
    source = tmp_path / "register.csv"
    source.write_text("id,likelihood,impact,score\nA,4,4,15\nD,,,16\nE,,,7\nF,2,Minor,\n", encoding="utf-8")
    code, out, err = _run(["score", str(source)])
    scored = pd.read_csv(io.StringIO(out))
    assert scored["score"].tolist()[:2] == [16, 16]
    assert pd.isna(scored["score"][2])
    assert scored["band"].tolist()[:2] == ["High", "High"]
    assert scored["printed_score"].tolist()[:2] == [15, 16]
    assert "row 1: printed score 15 is not 4 × 4 = 16 on matrix '5x5'; scored from the levels" in err
    assert "row 3: score 7 is not a score of matrix '5x5'" in err
    assert code == 1  # row 3 cannot be scored
    source.write_text("id,likelihood,impact,score\nD,,,16\n", encoding="utf-8")
    code, out, _ = _run(["score", str(source)])
    assert code == 0
    assert "D,,,16,16,High" in out


# -- item 4: a printed score that disagrees with L × I ---------------------------------------------


def test_a_disagreeing_printed_score_loads_scores_from_levels_and_is_checked() -> None:
    plan = ServicePlan(id="p", title="t", risks=[risk("A", cur(4, 4, 15)), risk("B", cur(2, 2))])
    loaded = serviceplan.loads(serviceplan.dumps(plan, format="json"), format="json")
    assert loaded.risk("A").current.score == 15  # type: ignore[union-attr]  # the printed fact stays
    m = risk_matrix("5x5")
    ranked = top_risks(loaded, m)
    assert [(s.risk.id, s.score, s.printed, s.printed_agrees) for s in ranked] == [
        ("A", 16, 15, False),
        ("B", 4, None, True),
    ]
    assert heat_map(loaded, m).counts[3][3] == 1
    report = text_report(loaded, as_of=pd.Timestamp("2010-01-01").date())
    assert "16 (printed 15)" in report
    findings = [f for f in check(loaded) if f.code == "risk-score-mismatch"]
    assert [(f.path, f.severity.value) for f in findings] == [("risks[0].assessments[0].score", "error")]
    assert "printed score 15 is not 4 × 4 = 16 on matrix '5x5'" in findings[0].message


def test_sum_matrices_give_their_reason_with_a_plus() -> None:
    m = square(5, rule="sum")
    assert m.printed_disagrees(cur(4, 4, 16)) == "printed score 16 is not 4 + 4 = 8 on matrix '5x5-sum'"


def test_printed_scores_alone_off_the_matrix_are_checked(salford: ServicePlan) -> None:
    codes = {f.code for f in check(salford, matrix=risk_matrix("4x4"))}
    assert "risk-score-off-matrix" in codes  # Salford prints 5 and 10: no 4 × 4 cell has them
    ambiguous = [f for f in check(salford, matrix=risk_matrix("as4360")) if f.code == "risk-score-ambiguous"]
    assert ambiguous
    assert all(f.severity.value == "warning" and "give the levels" in f.message for f in ambiguous)


def test_frame_mismatches_and_bad_printed_scores() -> None:
    m = risk_matrix("5x5")
    frame = pd.DataFrame({"likelihood": [4, None, None, 2], "impact": [4, None, None, 2], "score": [15, 16, 7, 4]})
    assert printed_mismatches(frame, m) == [(0, "printed score 15 is not 4 × 4 = 16 on matrix '5x5'")]
    assert bad_rows(frame, m) == [(2, "score 7 is not a score of matrix '5x5'")]
    with pytest.raises(RiskInputError, match="1 bad score value for matrix '5x5'; first at row 2 \\(7\\)"):
        score_frame(frame, m)
    coerced = score_frame(frame, m, errors="coerce")
    assert coerced["score"].tolist() == [16, 16, pd.NA, 4]
    assert score_frame(frame, m, printed=None, errors="coerce")["score"].tolist() == [16, pd.NA, pd.NA, 4]
    ambiguous = pd.DataFrame({"likelihood": [None], "impact": [None], "score": [4]})
    with pytest.raises(RiskInputError, match="several bands"):
        score_frame(ambiguous, risk_matrix("as4360"))
    kept = score_frame(ambiguous, risk_matrix("as4360"), errors="coerce")
    assert kept["score"].tolist() == [4]
    assert pd.isna(kept["band"][0])


# -- item 5: band-per-cell matrices rank, judge appetite and move by band ----------------------------


@pytest.fixture
def letters() -> tuple[RiskMatrix, list[Risk]]:
    m = risk_matrix("as4360")
    a = risk("A", cur(1, 5))  # score 5, High
    b = risk("B", cur(3, 2))  # score 6, Moderate
    assert (m.band(1, 5).name, m.band(3, 2).name) == ("High", "Moderate")
    return m, [a, b]


def test_band_per_cell_ranking_is_by_band(letters: tuple[RiskMatrix, list[Risk]]) -> None:
    m, register = letters
    assert [s.risk.id for s in top_risks(register, m)] == ["A", "B"]
    assert [s.risk.id for s in top_risks(list(reversed(register)), m)] == ["A", "B"]


def test_band_per_cell_appetite_is_a_band(letters: tuple[RiskMatrix, list[Risk]]) -> None:
    m, register = letters
    assert [s.risk.id for s in above_appetite(register, m, appetite="Moderate")] == ["A"]
    assert [s.risk.id for s in above_appetite(register, m, appetite="Low")] == ["A", "B"]
    assert above_appetite(register, m, appetite="High") == ()
    with pytest.raises(LevelError, match="do not order risks: give a band name"):
        above_appetite(register, m, appetite=5)
    for bad in (4.5, True, "Hihg", None):
        with pytest.raises(LevelError, match=r"neither a whole number|has no appetite"):
            above_appetite(register, m, appetite=bad)  # type: ignore[arg-type]
    per_category = above_appetite(register, m, appetite={None: "Moderate"})
    assert [s.risk.id for s in per_category] == ["A"]


def test_appetite_on_score_matrices_still_takes_scores_and_bands(salford: ServicePlan) -> None:
    m = risk_matrix("5x5")
    assert [s.risk.id for s in above_appetite(salford, m, appetite=8)] == ["D", "G", "H", "M"]
    assert [s.risk.id for s in above_appetite(salford, m, appetite="Medium")] == ["D", "G", "H"]
    with pytest.raises(LevelError, match="neither a whole number"):
        above_appetite(salford, m, appetite=4.5)  # type: ignore[arg-type]


def test_band_per_cell_movement_is_by_band(letters: tuple[RiskMatrix, list[Risk]]) -> None:
    m, _ = letters
    assert compare_assessments(cur(1, 5), cur(3, 2), m) is MovementDirection.DOWN
    assert compare_assessments(cur(3, 2), cur(1, 5), m) is MovementDirection.UP
    move = assessment_movement([risk("A", cur(1, 5), Assessment(kind=TARGET, likelihood=3, impact=2))], m)[0]
    assert (move.before, move.after, move.before_band, move.after_band) == (5, 6, "High", "Moderate")
    assert move.direction is MovementDirection.DOWN
    before = ServicePlan(id="p-2009-10", title="t", risks=[risk("A", cur(1, 5))])
    after = ServicePlan(id="p-2010-11", title="t", risks=[risk("A", cur(3, 2))])
    assert [m_.direction for m_ in movement(before, after, m)] == [MovementDirection.DOWN]
    target = at_or_below_target([risk("A", cur(3, 2), Assessment(kind=TARGET, likelihood=1, impact=5))], m)
    assert [s.risk.id for s in target] == ["A"]  # Moderate is below the High target, though 6 > 5


def test_text_report_orders_by_the_matrix() -> None:
    plan = ServicePlan(id="p", title="t", risks=[risk("B", cur(3, 2)), risk("A", cur(1, 5)), risk("C")])
    report = text_report(plan, as_of=pd.Timestamp("2010-01-01").date(), matrix=risk_matrix("as4360"))
    rows = [line.split()[0] for line in report.split("Risk register")[1].splitlines()[4:7]]
    assert rows == ["A", "B", "C"]
    summed = square(5, rule="sum")
    plan = ServicePlan(id="p", title="t", risks=[risk("X", cur(2, 3)), risk("Y", cur(1, 5))])
    report = text_report(plan, as_of=pd.Timestamp("2010-01-01").date(), matrix=summed)
    rows = [line.split()[0] for line in report.split("Risk register")[1].splitlines()[4:6]]
    assert rows == ["Y", "X"]  # 1 + 5 = 6 > 2 + 3 = 5, though 1 × 5 < 2 × 3


# -- item 6: score-only registers on heat maps ----------------------------------------------------


def test_score_only_risks_count_in_their_band(salford: ServicePlan) -> None:
    m = risk_matrix("5x5")
    hm = heat_map(salford, m)
    assert hm.total == 0
    assert len(hm.unplaced) == 10
    assert hm.by_band() == {"Low": 0, "Medium": 7, "High": 3}
    report = text_report(salford, as_of=pd.Timestamp("2010-01-01").date())
    assert "by band: Low 0, Medium 7, High 3" in report


def test_a_score_alone_that_falls_in_several_bands_names_the_risk() -> None:
    with pytest.raises(LevelError, match="risk 'D': score 4 falls in bands"):
        heat_map([risk("D", cur(score=4))], risk_matrix("as4360"))


# -- item 7: vectorised scoring overflow ------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int16, np.int32, np.int64])
def test_small_integer_dtypes_do_not_overflow(dtype: Any) -> None:
    m = square(11)
    result = score_array(np.array([11, 1], dtype=dtype), np.array([11, 11], dtype=dtype), m)
    assert result.score.tolist() == [121, 11]
    assert result.band_labels().tolist() == [m.band(11, 11).name, m.band(1, 11).name] == ["High", "Low"]


# -- item 10: movement across years ------------------------------------------------------------------


def test_next_years_plan_moves_risks_not_plans(salford: ServicePlan) -> None:
    nxt = carry_forward(salford)
    assert compare_plans(salford, nxt).risks == ()
    assert quarterly_report(nxt, "2010/11 Q1", previous=salford).risks == ()
    moves = movement(salford, nxt, risk_matrix("5x5"))
    assert {m.direction for m in moves} <= {MovementDirection.SAME, MovementDirection.NOT_SCORED}
    assert len(moves) == len(salford.risks)


def test_plan_sets_match_plans_by_lineage(salford: ServicePlan) -> None:
    other = ServicePlan(id="other-2009-10", title="o", risks=[risk("D", cur(1, 1))])
    before = PlanSet(name="2009", plans=[salford, other])
    lowered = attrs.evolve(salford, risks=[risk("D", cur(1, 1)), *(r for r in salford.risks if r.id != "D")])
    after = PlanSet(name="2010", plans=[carry_forward(other), carry_forward(lowered)])
    assert plan_lineage(salford) == plan_lineage(carry_forward(salford)) != plan_lineage(other)
    moves = movement(before, after, risk_matrix("5x5"))
    changed = [(m.plan, m.risk_id, m.direction.value) for m in moves if m.direction in (UP, DOWN, NEW, CLOSED)]
    assert changed == [(carry_forward(salford).id, "D", "down")]


# -- invariants ---------------------------------------------------------------------------------------


@given(data=st.data())
def test_any_monotone_change_of_band_gives_the_matching_movement(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(["4x4", "5x5", "as4360"]))
    m = risk_matrix(name)
    cells = [(lk.number, im.number) for lk in m.likelihood for im in m.impact]
    before = data.draw(st.sampled_from(cells))
    after = data.draw(st.sampled_from(cells))
    b0, b1 = m.band_position(m.band(*before)), m.band_position(m.band(*after))
    direction = compare_assessments(cur(*before), cur(*after), m)
    if b1 > b0:
        assert direction is MovementDirection.UP
    elif b1 < b0:
        assert direction is MovementDirection.DOWN
    else:
        assert direction is MovementDirection.SAME or m.score(*before) != m.score(*after)
    plans = (ServicePlan(id="p-2009-10", title="t", risks=[risk("A", cur(*x))]) for x in (before, after))
    (move,) = movement(next(plans), next(plans), m)
    assert move.direction is direction


@st.composite
def matrices(draw: st.DrawFn) -> RiskMatrix:
    n = draw(st.integers(1, MAX_LEVELS))
    if draw(st.booleans()):
        return square(n, cells=True)
    return square(n, rule=draw(st.sampled_from(["product", "sum"])))


def _scalar(m: RiskMatrix, lk: int | None, im: int | None, printed: int | None) -> tuple[Any, Any]:
    if lk is None or im is None:
        if printed is None:
            return None, None
        band = m.band_for_score(printed, strict=False)
        return printed, band.name if band is not None else None
    assessment = cur(lk, im, printed)
    band = m.band_assessment(assessment)
    return m.score_assessment(assessment), band.name if band is not None else None


@given(data=st.data())
def test_scalar_and_vectorised_scoring_agree_on_every_accepted_matrix(data: st.DataObject) -> None:
    m = data.draw(matrices())
    n_lk, n_im = len(m.likelihood), len(m.impact)
    dtype = data.draw(st.sampled_from([np.int8, np.int16, np.int32, np.int64, np.uint8]))
    rows = data.draw(st.integers(0, 30))
    lk = data.draw(st.lists(st.integers(1, n_lk), min_size=rows, max_size=rows))
    im = data.draw(st.lists(st.integers(1, n_im), min_size=rows, max_size=rows))
    result = score_array(np.array(lk, dtype=dtype), np.array(im, dtype=dtype), m)
    expected = [_scalar(m, a, b, None) for a, b in zip(lk, im, strict=True)]
    assert result.score.tolist() == [e[0] for e in expected]
    assert result.band_labels().tolist() == [e[1] for e in expected]


@given(data=st.data())
def test_frames_with_printed_scores_agree_with_the_scalar_rule(data: st.DataObject) -> None:
    m = data.draw(matrices())
    scores = sorted({m.score(a.number, b.number) for a in m.likelihood for b in m.impact})
    rows = data.draw(st.integers(0, 25))
    pairs = data.draw(
        st.lists(
            st.one_of(
                st.tuples(st.integers(1, len(m.likelihood)), st.integers(1, len(m.impact))),
                st.just((None, None)),
            ),
            min_size=rows,
            max_size=rows,
        )
    )
    printed = data.draw(st.lists(st.none() | st.sampled_from(scores), min_size=rows, max_size=rows))
    frame = pd.DataFrame(
        {
            "likelihood": pd.array([p[0] for p in pairs], dtype="Int64"),
            "impact": pd.array([p[1] for p in pairs], dtype="Int64"),
            "score": pd.array(printed, dtype="Int64"),
        }
    )
    scored = score_frame(frame, m, errors="coerce")
    expected = [_scalar(m, p[0], p[1], s) for p, s in zip(pairs, printed, strict=True)]
    assert [None if pd.isna(x) else int(x) for x in scored["score"]] == [e[0] for e in expected]
    assert [None if pd.isna(x) else x for x in scored["band"]] == [e[1] for e in expected]
    assert [None if pd.isna(x) else int(x) for x in scored["printed_score"]] == printed
