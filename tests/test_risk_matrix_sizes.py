"""Matrix sizes from the matrix (issue 11 item 5): any accepted matrix holds assessments; presets are data files."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

import serviceplan
from serviceplan import Assessment, Risk, RiskMatrix, ServicePlan, risk_matrix
from serviceplan.checks import CODES, check
from serviceplan.checks.risks import RISK_CODES
from serviceplan.errors import LevelError, LoadError, MatrixError, ModelError
from serviceplan.model.risks import MAX_LEVEL, MAX_SCORE
from serviceplan.risk import MAX_LEVELS, available_risk_matrices, heat_map, score_array
from serviceplan.values import AssessmentKind

CURRENT = AssessmentKind.CURRENT


def square(n: int, *, rule: str = "product", cells: bool = False) -> RiskMatrix:
    """An n × n matrix: product or sum scoring, two score bands or (``cells``) a band per cell."""
    scale = {"name": "s", "levels": [{"number": k, "code": str(k), "label": f"L{k}"} for k in range(1, n + 1)]}
    top = n * n if rule == "product" else 2 * n
    data: dict[str, Any] = {"name": f"{n}x{n}-{rule}", "likelihood": scale, "impact": scale, "rule": rule}
    if cells:
        data["bands"] = [{"name": "Low", "colour": "g"}, {"name": "High", "colour": "r"}]
        data["cells"] = [["High" if i >= n - j else "Low" for i in range(n)] for j in range(n)]
        data["name"] += "-cells"
    else:
        low_top = max(1, top // 2) if rule == "product" else max(2, top // 2)
        low_min = 1 if rule == "product" else 2
        data["bands"] = [{"name": "Low", "colour": "g", "min_score": low_min, "max_score": low_top}]
        if low_top < top:
            data["bands"].append({"name": "High", "colour": "r", "min_score": low_top + 1, "max_score": top})
    return RiskMatrix.from_dict(data)


def test_the_largest_matrix_is_one_constant() -> None:
    assert MAX_LEVEL == MAX_LEVELS == 12
    assert MAX_SCORE == 144
    largest = square(MAX_LEVELS)
    assert largest.score(12, 12) == 144
    with pytest.raises(MatrixError, match="13 levels; the largest scale the library accepts has 12"):
        square(13)


@pytest.mark.parametrize("n", [6, 7, 9, 12])
def test_an_assessment_on_any_accepted_matrix_is_stored_and_scored(n: int) -> None:
    m = square(n)
    assessment = Assessment(kind=CURRENT, likelihood=n, impact=n, score=n * n, matrix=m.name)
    risk = Risk(id="A", title="a", assessments=[assessment])
    assert m.score_assessment(assessment) == n * n
    assert heat_map([risk], m).counts[n - 1][n - 1] == 1
    plan = ServicePlan(id="p", title="t", risks=[risk])
    assert serviceplan.loads(serviceplan.dumps(plan, format="json"), format="json") == plan
    assert not [f for f in check(plan, matrix=m) if f.code.startswith("risk-")]


def test_levels_beyond_every_matrix_are_refused_by_the_model() -> None:
    with pytest.raises(ModelError, match="from 1 to 12, not 13"):
        Assessment(kind=CURRENT, likelihood=13, impact=1)
    with pytest.raises(ModelError, match="from 1 to 144, not 145"):
        Assessment(kind=CURRENT, score=145)


def test_levels_outside_the_matrix_used_load_are_checked_and_refused_by_scoring() -> None:
    off = Risk(id="Z", title="z", assessments=[Assessment(kind=CURRENT, likelihood=7, impact=2)])
    plan = serviceplan.loads(
        serviceplan.dumps(serviceplan.ServicePlan(id="p", title="t", risks=[off]), format="json"), format="json"
    )
    findings = [f for f in check(plan) if f.code == "risk-level-off-matrix"]
    assert [(f.path, f.severity.value) for f in findings] == [("risks[0].assessments[0].likelihood", "error")]
    assert "likelihood 7 is not a level of matrix '5x5' (levels 1 to 5)" in findings[0].message
    assert not [f for f in check(plan, matrix=square(7)) if f.code.startswith("risk-")]
    with pytest.raises(LevelError, match=r"outside the scale 1\.\.5"):
        risk_matrix("5x5").score_assessment(off.assessments[0])
    with pytest.raises(LevelError, match=r"risk 'Z'.*outside the scale"):
        heat_map([off], risk_matrix("5x5"))


def test_hostile_files_of_levels(hostile_corpus: Path) -> None:
    hostile = hostile_corpus
    nine = serviceplan.load(hostile / "ok-likelihood-9.json")
    assert {f.code for f in check(nine)} >= {"risk-level-off-matrix"}
    with pytest.raises(LoadError, match=r"risks\[0\]\.assessments\[0\].*13"):
        serviceplan.load(hostile / "bad-likelihood-13.json")


def test_an_assessment_names_its_own_matrix() -> None:
    on_4x4 = Assessment(kind=CURRENT, likelihood=5, impact=1, matrix="4x4")
    elsewhere = Assessment(kind=CURRENT, likelihood=2, impact=2, matrix="council 7x7")
    plan = ServicePlan(id="p", title="t", risks=[Risk(id="A", title="a", assessments=[on_4x4, elsewhere])])
    codes = [(f.code, f.path) for f in check(plan)]
    assert ("risk-level-off-matrix", "risks[0].assessments[0].likelihood") in codes  # 5 is off the 4x4 it names
    assert ("risk-matrix-unknown", "risks[0].assessments[1].matrix") in codes
    council = square(7)
    council = RiskMatrix.from_dict({**council.to_dict(), "name": "council 7x7"})
    codes = [f.code for f in check(plan, matrix=council)]
    assert "risk-matrix-unknown" not in codes


def test_risk_codes_are_catalogued() -> None:
    assert RISK_CODES.items() <= CODES.items()


def test_presets_are_data_files_with_their_source() -> None:
    folder = files("serviceplan.risk") / "presets"
    names = sorted(p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json"))
    assert tuple(names) == available_risk_matrices() == ("4x4", "5x5", "as4360")
    for name in names:
        data = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        assert data["source"], name
        built = risk_matrix(name)
        assert built == RiskMatrix.from_dict(data)
        assert built.to_dict() == RiskMatrix.from_dict(built.to_dict()).to_dict()


def test_presets_ship_in_the_wheel() -> None:
    """hatch packages everything under src/serviceplan: no include list could leave the presets out."""
    import tomllib

    from tests.conftest import ROOT

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = config["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["packages"] == ["src/serviceplan"]
    assert "only-include" not in wheel
    assert "exclude" not in wheel


def test_bands_and_appetite_are_validated() -> None:
    data = risk_matrix("5x5").to_dict()
    reversed_bands = {**data, "bands": list(reversed(data["bands"]))}
    with pytest.raises(MatrixError, match="list score bands lowest first"):
        RiskMatrix.from_dict(reversed_bands)
    for bad in (4.5, True, "Hihg"):
        with pytest.raises(MatrixError, match="neither a whole number"):
            RiskMatrix.from_dict({**data, "appetite": bad})
    assert RiskMatrix.from_dict({**data, "appetite": "Medium"}).appetite == "Medium"
    with pytest.raises(MatrixError, match="do not order risks: give a band name"):
        RiskMatrix.from_dict({**risk_matrix("as4360").to_dict(), "appetite": 10})
    many = {**data, "bands": [{"name": f"b{k}", "colour": "c", "min_score": k, "max_score": k} for k in range(1, 129)]}
    with pytest.raises(MatrixError, match="128 bands; the library accepts 127"):
        RiskMatrix.from_dict(many)


@pytest.mark.parametrize("n", range(1, MAX_LEVELS + 1))
def test_vectorised_tables_fit_every_size(n: int) -> None:
    for rule in ("product", "sum"):
        m = square(n, rule=rule)
        result = score_array(list(range(1, n + 1)), list(range(1, n + 1)), m)
        assert result.score.tolist() == [m.score(k, k) for k in range(1, n + 1)]
