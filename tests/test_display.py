"""Notebook display (HTML) and plots (rendered to PNG) for a plan, a register, indicators and savings."""

from __future__ import annotations

from pathlib import Path

import attrs
import pandas as pd

import serviceplan
from serviceplan import IndicatorValue, Measurement, PlanSet, ServicePlan
from tests.html_tree import parse_tree, rows

PNG = b"\x89PNG\r\n\x1a\n"


def test_plan_html(examples: dict[str, ServicePlan]) -> None:
    html = examples["sefton-corporate-services-2010-11"]._repr_html_()
    assert "<h3>Corporate Services Departmental Service Plan 2010/11</h3>" in html
    assert ["actions", "10"] in rows(parse_tree(html).root)
    assert "&amp;" in html  # "Finance &amp; IS": escaped, never raw
    assert "<script" not in html


def test_risk_register_view(examples: dict[str, ServicePlan]) -> None:
    register = serviceplan.render.risk_register(examples["salford-2009-12"])
    html = register._repr_html_()
    table = rows(parse_tree(html).root)
    assert len(table) == 14  # header and 13 risks
    assert [r[4] for r in table[1:4]] == ["High", "High", "High"]  # D, G and H, each band named beside its swatch
    assert "background:#ff0000" not in html.split("<tbody>")[1].split("sp-band")[0]  # no row painted
    frame = register.to_frame()
    assert frame["id"].tolist()[:3] == ["D", "G", "H"]
    assert frame["id"].tolist()[-3:] == ["J", "K", "L"]
    assert str(frame["score"].dtype) == "Int16"
    assert frame["score"].isna().sum() == 3


def test_indicator_table_view(examples: dict[str, ServicePlan]) -> None:
    plan = examples["salford-2009-12"]
    ni181 = plan.indicator("NI 181")
    assert ni181 is not None
    with_actual = attrs.evolve(
        ni181,
        measurements=[Measurement(period=serviceplan.Period.parse("2009/10"), value=IndicatorValue.parse("22 days"))],
    )
    table = serviceplan.render.indicator_table(attrs.evolve(plan, indicators=[with_actual]), "2009/10")
    frame = table.to_frame()
    assert frame.loc[0, ["target", "actual", "rag", "reason"]].tolist() == ["20.5 days", "22 days", "red", "missed"]
    cells = rows(parse_tree(table._repr_html_()).root)
    assert cells[1][4] == "Red · target missed"
    assert cells[1][5] == "not comparable"


def test_savings_rollup_view(examples: dict[str, ServicePlan]) -> None:
    rollup = serviceplan.savings_rollup(examples["sefton-integration-2010"], by=["year"])
    assert isinstance(rollup, tuple)
    assert rollup.by == ("year",)
    frame = rollup.to_frame()
    assert frame["target_pence"].tolist() == [35_000_000, 100_000_000]
    assert str(frame["target_pence"].dtype) == "Int64"
    assert "£1,000,000" in rollup._repr_html_()
    pd.testing.assert_frame_equal(
        frame[["year", "target_pence", "delivered_pence", "gap_pence"]],
        serviceplan.calc.rollup_frame(serviceplan.calc.savings_frame(examples["sefton-integration-2010"]), ["year"])[
            ["year", "target_pence", "delivered_pence", "gap_pence"]
        ],
    )


def test_plots_render_to_png(examples: dict[str, ServicePlan], tmp_path: Path) -> None:
    plan = examples["salford-2009-12"]
    figure = serviceplan.render.plot_indicator_rag(plan, ["2008/09", "2009/10"])
    assert [t.get_text() for t in figure.axes[0].get_xticklabels()] == ["2008/09", "2009/10"]
    figure.savefig(tmp_path / "rag.png")
    council = PlanSet(
        name="Sefton", plans=[examples["sefton-integration-2010"], examples["sefton-chief-executives-2010-11"]]
    )
    bars = serviceplan.render.plot_savings(council, by="plan")
    heights = sorted(round(p.get_height()) for p in bars.axes[0].patches)
    assert heights[-1] == 1_350_000  # the integration report: £1M + £350,000 of targets
    bars.savefig(tmp_path / "savings.png")
    for name in ("rag.png", "savings.png"):
        assert (tmp_path / name).read_bytes()[:8] == PNG
