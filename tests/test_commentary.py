"""Commentary on every measurement, target and risk assessment: kept by every format, carried into the reports."""

from __future__ import annotations

import attrs
import pytest

import serviceplan
from serviceplan import Assessment, IndicatorValue, Measurement, Period, ServicePlan
from serviceplan.render import quarterly_pack, quarterly_report
from serviceplan.values.vocab import AssessmentKind

WHY_TARGET = "Stretch target agreed with the LSP | for 2009/10"
WHY_ACTUAL = "Improved by new triage; one team short in May"
WHY_MOVED = "Reduced: the pay and grading appeals are settled <for now>"


@pytest.fixture(scope="module")
def plan() -> ServicePlan:
    """Salford 2009/12 with an actual for NI 14 at 2009/10, commentary beside it and its target, and risk D
    assessed again at the quarter with commentary."""
    salford = serviceplan.load(serviceplan.example_path("salford-2009-12"))
    assert isinstance(salford, ServicePlan)
    ni14 = next(i for i in salford.indicators if i.code == "NI 14")
    year = Period.parse("2009/10")
    targets = [attrs.evolve(t, commentary=WHY_TARGET) if t.period == year else t for t in ni14.targets]
    actual = Measurement(period=year, value=IndicatorValue.parse("30%"), commentary=WHY_ACTUAL)
    ni14 = attrs.evolve(ni14, targets=targets, measurements=[actual])
    risk = salford.risk("D")
    later = Assessment(kind=AssessmentKind.CURRENT, likelihood=3, impact=3, commentary=WHY_MOVED)
    risk = attrs.evolve(risk, assessments=[*risk.assessments, later])
    return attrs.evolve(
        salford,
        indicators=[ni14 if i.code == "NI 14" else i for i in salford.indicators],
        risks=[risk if r.id == "D" else r for r in salford.risks],
    )


@pytest.mark.parametrize("format", ["json", "yaml", "csv", "parquet", "excel"])
def test_every_format_keeps_the_commentary(plan: ServicePlan, format: str) -> None:
    back = serviceplan.loads(serviceplan.dumps(plan, format=format), format=format)
    assert back == plan
    assert isinstance(back, ServicePlan)
    ni14 = next(i for i in back.indicators if i.code == "NI 14")
    assert ni14.target_for(Period.parse("2009/10")).commentary == WHY_TARGET  # type: ignore[union-attr]
    assert back.risk("D").assessments[-1].commentary == WHY_MOVED


def test_the_quarterly_report_carries_the_commentary(plan: ServicePlan) -> None:
    report = quarterly_report(plan, "2009/10 Q4")
    line = next(line for line in report.indicators if line.indicator.code == "NI 14")
    assert (line.commentary, line.target_commentary) == (WHY_ACTUAL, WHY_TARGET)
    assert line.commentary_text() == f"{WHY_ACTUAL} Target: {WHY_TARGET}"
    (moved,) = [m for m in report.risks if m.risk_id == "D"]
    assert moved.commentary == WHY_MOVED
    assert (moved.before, moved.after) == (16, 9)


def test_the_markdown_has_a_commentary_column_when_there_is_commentary(plan: ServicePlan) -> None:
    text = quarterly_report(plan, "2009/10 Q4").to_markdown()
    header = "| Indicator | Period | Target | Actual | RAG | Direction | Commentary |"
    assert header in text
    row = next(r for r in text.splitlines() if r.startswith("| NI 14 "))
    assert row.endswith(f"| {WHY_ACTUAL} Target: {WHY_TARGET.replace('|', chr(92) + '|')} |")
    assert row.count(" | ") == 6  # the | in the commentary is escaped: seven cells
    assert "| Risk | Before | After | Movement | Commentary |" in text
    assert f"| {WHY_MOVED} |" in text
    plain = quarterly_report(serviceplan.load(serviceplan.example_path("salford-2009-12")), "2009/10 Q4")
    assert "Commentary" not in plain.to_markdown()  # no empty column where nobody wrote any


def test_the_pack_shows_the_commentary_escaped(plan: ServicePlan) -> None:
    html = quarterly_pack(plan, "2009/10 Q4")
    assert "Improved by new triage; one team short in May Target: Stretch target agreed" in html
    assert "Reduced: the pay and grading appeals are settled &lt;for now&gt;" in html
    assert "<for now>" not in html


def test_a_council_register_s_comments_column_is_the_current_assessment_s_commentary(tmp_path: object) -> None:
    import csv
    import io
    from pathlib import Path

    from serviceplan.io.sheets import read_sheet

    assert isinstance(tmp_path, Path)
    out = io.StringIO(newline="")
    csv.writer(out).writerows(
        [
            ["Ref", "Risk", "Inherent L", "Inherent I", "Residual L", "Residual I", "Comments"],
            ["R1", "Pay Review", "4", "4", "3", "3", "Reduced: appeals settled"],
            ["R2", "Legislation", "", "", "", "", "Not yet scored"],
        ]
    )
    path = tmp_path / "register.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    result = read_sheet(path, "risks")
    one, two = result.plan.risks
    assert [a.commentary for a in one.assessments] == [None, "Reduced: appeals settled"]  # on the current only
    assert two.assessments == ()
    (left_out,) = [f for f in result.findings if f.text == "Not yet scored"]
    assert "unscored" in left_out.message
