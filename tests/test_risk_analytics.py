"""Register analytics on the real Salford 2009/12 register, and re-scoring onto a new matrix."""

from __future__ import annotations

import io
from pathlib import Path

import attrs
import pandas as pd
import pytest

import serviceplan
from serviceplan import Assessment, PlanSet, Risk, ServicePlan, heat_map, risk_matrix
from serviceplan.cli import main
from serviceplan.errors import LevelError
from serviceplan.risk import (
    LevelMapping,
    MovementDirection,
    above_appetite,
    assessment_movement,
    at_or_below_target,
    movement,
    rescore,
    top_risks,
)
from serviceplan.values import AssessmentKind

FIVE = risk_matrix("5x5")


@pytest.fixture
def salford(examples: dict[str, ServicePlan]) -> ServicePlan:
    return examples["salford-2009-12"]


def _levels(plan: ServicePlan) -> ServicePlan:
    """The Salford register with levels consistent with its printed scores (it prints scores alone)."""
    levels = {16: (4, 4), 12: (4, 3), 10: (5, 2), 8: (4, 2), 6: (3, 2), 5: (5, 1), 4: (2, 2)}
    risks = []
    for risk in plan.risks:
        assessments = [
            attrs.evolve(a, likelihood=levels[a.score][0], impact=levels[a.score][1]) if a.score else a
            for a in risk.assessments
        ]
        risks.append(attrs.evolve(risk, assessments=assessments))
    return attrs.evolve(plan, risks=risks)


def test_heat_map_of_score_only_register(salford: ServicePlan) -> None:
    hm = heat_map(salford, FIVE)
    assert hm.total == 0
    assert hm.unplaced == tuple("ABCDEFGHIM")
    assert hm.not_scored == ("J", "K", "L")


def test_heat_map_counts(salford: ServicePlan) -> None:
    hm = heat_map(_levels(salford), FIVE)
    assert hm.total == 10
    assert hm.counts[3][3] == 1  # D: likely × major
    assert hm.counts[3][2] == 2  # G and H: 12
    assert hm.by_band() == {"Low": 0, "Medium": 7, "High": 3}
    target = heat_map(_levels(salford), FIVE, AssessmentKind.TARGET)
    assert target.counts[1][1] == 9
    assert target.counts[3][1] == 1
    frame = hm.to_frame()
    assert frame.index[0] == "Almost certain"
    assert frame.loc["Likely", "Major"] == 1
    assert "10 placed" in hm._repr_html_()


def test_top_risks_ties_go_to_higher_impact() -> None:
    risks = [
        Risk(id="X", title="x", assessments=[Assessment(kind=AssessmentKind.CURRENT, likelihood=4, impact=3)]),
        Risk(id="Y", title="y", assessments=[Assessment(kind=AssessmentKind.CURRENT, likelihood=3, impact=4)]),
        Risk(id="Z", title="z", assessments=[Assessment(kind=AssessmentKind.CURRENT, likelihood=5, impact=5)]),
        Risk(id="N", title="not scored"),
    ]
    assert [s.risk.id for s in top_risks(risks, FIVE)] == ["Z", "Y", "X"]
    assert [s.risk.id for s in top_risks(risks, FIVE, n=1)] == ["Z"]


def test_top_risks_of_the_seed(salford: ServicePlan) -> None:
    top = top_risks(salford, FIVE, n=4)
    assert [(s.risk.id, s.score, s.band.name) for s in top] == [
        ("D", 16, "High"),
        ("G", 12, "High"),
        ("H", 12, "High"),
        ("M", 10, "Medium"),
    ]


def test_appetite(salford: ServicePlan) -> None:
    assert [s.risk.id for s in above_appetite(salford, FIVE, 8)] == ["D", "G", "H", "M"]
    by_category = {None: 8, "ICT": 12}
    ict = attrs.evolve(salford, risks=[attrs.evolve(r, category="ICT") if r.id in "GH" else r for r in salford.risks])
    assert [s.risk.id for s in above_appetite(ict, FIVE, by_category)] == ["D", "M"]
    with pytest.raises(LevelError, match="no appetite"):
        above_appetite(salford, FIVE)
    with pytest.raises(LevelError, match="no appetite for category None of risk 'A'"):
        above_appetite(ict, FIVE, {"Finance": 4})
    assert [s.risk.id for s in above_appetite(salford, attrs.evolve(FIVE, appetite=12))] == ["D"]


def test_targets_and_assessment_movement(salford: ServicePlan) -> None:
    assert at_or_below_target(salford, FIVE) == ()
    met = attrs.evolve(
        salford,
        risks=[
            attrs.evolve(
                r,
                assessments=[
                    Assessment(kind=AssessmentKind.CURRENT, score=4),
                    Assessment(kind=AssessmentKind.TARGET, score=4),
                ],
            )
            if r.id == "A"
            else r
            for r in salford.risks
        ],
    )
    assert [s.risk.id for s in at_or_below_target(met, FIVE)] == ["A"]
    moves = {m.risk_id: m for m in assessment_movement(salford, FIVE)}
    assert (moves["D"].before, moves["D"].after, moves["D"].direction) == (16, 8, MovementDirection.DOWN)
    assert moves["J"].direction is MovementDirection.NOT_SCORED


def test_movement_between_plan_versions(salford: ServicePlan) -> None:
    later = attrs.evolve(
        salford,
        risks=[
            *(
                attrs.evolve(r, assessments=[Assessment(kind=AssessmentKind.CURRENT, score=20)]) if r.id == "A" else r
                for r in salford.risks
                if r.id != "B"
            ),
            Risk(id="N", title="New risk", assessments=[Assessment(kind=AssessmentKind.CURRENT, score=9)]),
        ],
    )
    moves = {m.risk_id: m.direction for m in movement(salford, later, FIVE)}
    assert moves["A"] is MovementDirection.UP
    assert moves["C"] is MovementDirection.SAME
    assert moves["N"] is MovementDirection.NEW
    assert moves["B"] is MovementDirection.CLOSED
    both = PlanSet(name="two years", plans=[salford])
    assert {m.direction for m in movement(both, both, FIVE)} <= {MovementDirection.SAME, MovementDirection.NOT_SCORED}


def test_rescore_keeps_old_assessments(salford: ServicePlan) -> None:
    four = risk_matrix("4x4")
    plan = attrs.evolve(
        salford,
        risks=[
            Risk(
                id="P",
                title="Pay",
                assessments=[
                    Assessment(kind=AssessmentKind.CURRENT, likelihood=4, impact=4),
                    Assessment(kind=AssessmentKind.TARGET, score=8),
                ],
            )
        ],
    )
    mapping = LevelMapping(likelihood={1: 1, 2: 2, 3: 4, 4: 5}, impact={1: 1, 2: 2, 3: 4, 4: 5})
    result = rescore(plan, four, FIVE, mapping)
    (risk,) = result.plan.risks
    assert len(risk.assessments) == 3  # both old ones kept, one new
    assert risk.assessments[:2] == plan.risks[0].assessments
    assert risk.current is not None
    assert (risk.current.likelihood, risk.current.impact, risk.current.score) == (5, 5, 25)
    assert risk.current.matrix == "5x5"
    assert "re-scored from 4x4" in (risk.current.note or "")
    assert result.skipped == (("P", AssessmentKind.TARGET),)
    again = serviceplan.loads(serviceplan.dumps(result.plan, format="json"), format="json")
    assert again == result.plan
    with pytest.raises(LevelError, match="old levels \\[4\\]"):
        rescore(plan, four, FIVE, LevelMapping(likelihood={1: 1, 2: 2, 3: 3}, impact={1: 1, 2: 2, 3: 3, 4: 4}))
    with pytest.raises(LevelError, match="outside the scale"):
        rescore(plan, four, FIVE, LevelMapping(likelihood={1: 1, 2: 2, 3: 3, 4: 9}, impact={1: 1, 2: 2, 3: 3, 4: 4}))


def test_plot_heatmap_renders_png(salford: ServicePlan, tmp_path: Path) -> None:
    figure = serviceplan.render.plot_heatmap(heat_map(_levels(salford), FIVE))
    path = tmp_path / "heat.png"
    figure.savefig(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert figure.axes[0].get_title() == "5x5: current risks (10)"
    assert serviceplan.render.plot_heatmap(risk_matrix("as4360")).axes[0].get_ylabel() == "likelihood"


CSV = (
    "id,title,likelihood,impact\nA,Managing change,2,3\nD,Pay review,4,4\nX,Bad,9,2\nY,Blank,,3\nZ,Label,Likely,Major\n"
)


def test_score_command_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "register.csv"
    source.write_text(CSV, encoding="utf-8")
    assert main(["score", str(source)]) == 1
    out, err = capsys.readouterr()
    scored = pd.read_csv(io.StringIO(out))
    assert scored["score"].tolist()[:2] == [6, 16]
    assert scored["band"].tolist()[4] == "High"
    assert pd.isna(scored["score"][2])
    assert pd.isna(scored["score"][3])
    assert "row 3: likelihood '9' names no level of matrix '5x5'" in err
    good = tmp_path / "good.csv"
    good.write_text("L,I\n1,1\nE,5\n", encoding="utf-8")
    target = tmp_path / "scored.csv"
    assert (
        main(["score", str(good), "--matrix", "as4360", "--likelihood", "L", "--impact", "I", "-o", str(target)]) == 0
    )
    assert pd.read_csv(target)["band"].tolist() == ["Low", "High"]


def test_score_command_excel_and_council_matrix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "register.xlsx"
    pd.DataFrame({"likelihood": [1, 4], "impact": [2, 4]}).to_excel(source, index=False)
    matrix = tmp_path / "council.json"
    import json

    matrix.write_text(json.dumps(attrs.evolve(FIVE, name="council").to_dict()), encoding="utf-8")
    target = tmp_path / "out.xlsx"
    assert main(["score", str(source), "--matrix", str(matrix), "-o", str(target)]) == 0
    assert pd.read_excel(target, engine="openpyxl")["score"].tolist() == [2, 16]
    assert main(["score", str(source), "--impact", "severity"]) == 2
    assert "no column 'severity'" in capsys.readouterr().err
