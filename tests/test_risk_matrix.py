"""RiskMatrix as data: validation, presets, scalar scoring and banding."""

from __future__ import annotations

import pickle
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import serviceplan
from serviceplan import Assessment, RiskMatrix, risk_matrix
from serviceplan.errors import LevelError, MatrixError
from serviceplan.values import AssessmentKind


def test_presets_name_their_source() -> None:
    assert serviceplan.risk.available_risk_matrices() == ("4x4", "5x5", "as4360")
    for name in serviceplan.risk.available_risk_matrices():
        matrix = risk_matrix(name)
        assert matrix.name == name
        assert matrix.source
        assert len(matrix.source) > 80
    assert "AS/NZS 4360" in (risk_matrix("as4360").source or "")
    with pytest.raises(serviceplan.errors.NotFoundError, match="available: 4x4, 5x5, as4360"):
        risk_matrix("10x10")


@pytest.mark.parametrize(
    ("name", "likelihood", "impact", "score", "band"),
    [
        ("5x5", 4, 4, 16, "High"),
        ("5x5", "Likely", "Major", 16, "High"),
        ("5x5", "4", "4", 16, "High"),
        ("5x5", "almost  CERTAIN", "catastrophic", 25, "High"),
        ("5x5", 1, 4, 4, "Low"),
        ("5x5", 5, 1, 5, "Medium"),  # Salford 2009/12 risk F scores 5
        ("5x5", 5, 2, 10, "Medium"),  # Salford 2009/12 risk M scores 10
        ("4x4", "Severe", "Severe", 16, "High"),
        ("4x4", 2, 2, 4, "Medium"),
        ("as4360", "A", 5, 25, "Extreme"),
        ("as4360", "E", 1, 1, "Low"),
        ("as4360", "B", "Insignificant", 4, "Moderate"),  # likely × insignificant
        ("as4360", "D", 4, 8, "High"),
        ("as4360", 4.0, 2, 8, "High"),  # an integral float is a level number
    ],
)
def test_scalar_score_and_band(name: str, likelihood: object, impact: object, score: int, band: str) -> None:
    matrix = risk_matrix(name)
    assert matrix.score(likelihood, impact) == score
    assert matrix.band(likelihood, impact).name == band


@pytest.mark.parametrize("bad", [0, 6, -1, 2.5, True, None, "Likley", "", "F", [1], float("nan")])
def test_bad_levels_raise_level_error(bad: object) -> None:
    with pytest.raises(LevelError, match="likelihood"):
        risk_matrix("5x5").score(bad, 1)


def test_score_only_assessments_and_not_scored() -> None:
    m = risk_matrix("5x5")
    assert m.score_assessment(Assessment(kind=AssessmentKind.CURRENT, score=16)) == 16
    assert m.band_assessment(Assessment(kind=AssessmentKind.CURRENT, score=16)).name == "High"  # type: ignore[union-attr]
    assert m.band_assessment(Assessment(kind=AssessmentKind.CURRENT, likelihood=2, impact=2)).name == "Low"  # type: ignore[union-attr]
    # a printed score that disagrees with its levels is kept as a fact; the score comes from the levels
    disagreeing = Assessment(kind=AssessmentKind.CURRENT, likelihood=4, impact=4, score=12)
    assert m.score_assessment(disagreeing) == 16
    assert m.printed_disagrees(disagreeing) == "printed score 12 is not 4 × 4 = 16 on matrix '5x5'"
    assert m.printed_disagrees(attrs.evolve(disagreeing, score=16)) is None
    with pytest.raises(LevelError, match="not a score"):
        m.band_for_score(7)  # no product of 1..5 × 1..5 is 7
    with pytest.raises(LevelError, match="give the levels"):
        risk_matrix("as4360").band_for_score(4)  # 4 × 1 is Moderate, 1 × 4 is High


def _definition(**changes: Any) -> dict[str, Any]:
    data = risk_matrix("5x5").to_dict()
    data.update(changes)
    return data


BAD_DEFINITIONS = [
    ("empty scale", _definition(likelihood={"name": "likelihood", "levels": []}), "no levels"),
    (
        "unordered scale",
        _definition(
            impact={
                "name": "impact",
                "levels": [
                    {"number": 2, "code": "2", "label": "Minor"},
                    {"number": 1, "code": "1", "label": "Insignificant"},
                ],
            }
        ),
        "1..2 in order",
    ),
    (
        "repeated label",
        _definition(
            impact={
                "name": "impact",
                "levels": [{"number": 1, "code": "1", "label": "Minor"}, {"number": 2, "code": "2", "label": "minor"}],
            }
        ),
        "uses 'minor'",
    ),
    (
        "gap",
        _definition(
            bands=[
                {"name": "Low", "colour": "g", "min_score": 1, "max_score": 4},
                {"name": "High", "colour": "r", "min_score": 6, "max_score": 25},
            ]
        ),
        "a gap",
    ),
    (
        "overlap",
        _definition(
            bands=[
                {"name": "Low", "colour": "g", "min_score": 1, "max_score": 5},
                {"name": "High", "colour": "r", "min_score": 5, "max_score": 25},
            ]
        ),
        "an overlap",
    ),
    ("no bands", _definition(bands=[]), "no bands"),
    (
        "repeated band",
        _definition(
            bands=[
                {"name": "All", "colour": "g", "min_score": 1, "max_score": 25},
                {"name": "All", "colour": "r", "min_score": 26, "max_score": 30},
            ]
        ),
        "repeats a band",
    ),
    ("band without range", _definition(bands=[{"name": "All", "colour": "g"}]), "needs min_score"),
    ("cells of the wrong shape", _definition(cells=[["Low"] * 5] * 4), "5 rows of 5"),
    ("cells naming unknown band", _definition(cells=[["Low"] * 5] * 4 + [["Purple"] * 5]), "unknown bands"),
    ("unknown key", _definition(colour_scheme="traffic"), "unknown key"),
    ("text for a number", _definition(appetite="12"), "whole number"),
]


@pytest.mark.parametrize(("case", "data", "words"), BAD_DEFINITIONS, ids=[c[0] for c in BAD_DEFINITIONS])
def test_bad_definitions(case: str, data: dict[str, Any], words: str) -> None:
    with pytest.raises(MatrixError, match=words):
        RiskMatrix.from_dict(data)


@pytest.mark.parametrize("name", ["4x4", "5x5", "as4360"])
def test_dict_round_trip_equality_and_pickle(name: str) -> None:
    matrix = risk_matrix(name)
    again = RiskMatrix.from_dict(matrix.to_dict())
    assert again == matrix
    assert again.to_dict() == matrix.to_dict()
    assert pickle.loads(pickle.dumps(matrix)) == matrix
    assert repr(matrix).startswith("RiskMatrix(name=")
    assert "<table" in matrix._repr_html_()


def test_council_matrix_from_yaml_text() -> None:
    import yaml

    text = """
name: Sefton 3x3
likelihood: {name: likelihood, levels: [{number: 1, code: L, label: Low}, {number: 2, code: M, label: Medium},
                                         {number: 3, code: H, label: High}]}
impact: {name: impact, levels: [{number: 1, code: "1", label: Minor}, {number: 2, code: "2", label: Serious},
                                 {number: 3, code: "3", label: Critical}]}
rule: sum
bands: [{name: Green, colour: green, min_score: 2, max_score: 3}, {name: Amber, colour: orange, min_score: 4,
         max_score: 4}, {name: Red, colour: red, min_score: 5, max_score: 6}]
appetite: 4
"""
    matrix = RiskMatrix.from_dict(yaml.safe_load(text))
    assert matrix.score("H", "Critical") == 6
    assert matrix.band("M", 2).name == "Amber"


@given(st.sampled_from(["4x4", "5x5", "as4360"]), st.data())
def test_every_cell_has_exactly_one_band(name: str, data: st.DataObject) -> None:
    matrix = risk_matrix(name)
    lk = data.draw(st.integers(1, len(matrix.likelihood)))
    im = data.draw(st.integers(1, len(matrix.impact)))
    band = matrix.band(lk, im)
    assert band in matrix.bands
    by_code = matrix.band(matrix.likelihood.levels[lk - 1].code, matrix.impact.levels[im - 1].label)
    assert by_code == band
    if matrix.cells is None:
        assert matrix.score(lk, im) in band
