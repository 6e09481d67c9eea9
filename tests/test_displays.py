"""Notebook displays fit to show members: labelled badges, readable words, ids in the heat map, short reprs."""

from __future__ import annotations

import attrs
import pytest

import serviceplan
from serviceplan.calc.indicators import Direction, RagReason
from serviceplan.model import Action, Assessment, Indicator, Measurement, Risk, ServicePlan, Target
from serviceplan.render.html import action_table, badge, html_for, risk_register
from serviceplan.render.words import words
from serviceplan.risk.matrix import risk_matrix
from serviceplan.risk.register import heat_map
from serviceplan.values import AssessmentKind, IndicatorValue, Period, Polarity, Rag
from tests.html_tree import parse_tree, rows

HOSTILE = '<script>alert("x")</script> & co'


@pytest.mark.parametrize("value", [*Rag, *RagReason, *Direction])
def test_every_state_reads_as_words(value: object) -> None:
    text = words(value)
    assert text
    assert "_" not in text


def test_states_that_share_a_value_keep_their_own_words() -> None:
    # Rag.NO_DATA and RagReason.NO_DATA are both the text "no_data"
    assert (words(Rag.NO_DATA), words(RagReason.NO_DATA)) == ("No data", "no actual reported")


@pytest.mark.parametrize("rag", list(Rag))
def test_a_badge_says_its_rag_in_words(rag: Rag) -> None:
    tree = parse_tree(badge(rag, "within tolerance")).root
    (span,) = tree.find("span")
    assert span.all_text() == f"{words(rag)} · within tolerance"
    assert "background:" in span.attrs["style"]


def _one_of_each() -> tuple[Risk, Action, Indicator]:
    risk = Risk(
        id="R1",
        title=HOSTILE,
        owner="Head of Finance",
        assessments=[
            Assessment(kind=AssessmentKind.CURRENT, likelihood=4, impact=4),
            Assessment(kind=AssessmentKind.TARGET, likelihood=2, impact=3),
        ],
        controls=["Monthly budget monitoring"],
    )
    action = Action(id="A1", number="1.2", title=HOSTILE, lead_officer="J. Smith")
    indicator = Indicator(
        code="NI 181",
        title="Time taken to process Housing Benefit",
        polarity=Polarity.LOWER_IS_BETTER,
        targets=[Target(period=Period.parse("2009/10"), value=IndicatorValue.parse("20.5 days"))],
        measurements=[Measurement(period=Period.parse("2009/10"), value=IndicatorValue.parse("22 days"))],
    )
    return risk, action, indicator


def test_risk_action_and_indicator_have_html_displays_with_text_escaped() -> None:
    risk, action, indicator = _one_of_each()
    for obj in (risk, action):
        shown = obj._repr_html_()
        assert shown == html_for(obj)
        assert "<script>" not in shown
        assert "&lt;script&gt;" in shown
        parse_tree(shown)
    risk_rows = rows(parse_tree(risk._repr_html_()).root)
    assert ["current", "", "4", "4", "16", "High"] in risk_rows
    assert ["Monthly budget monitoring"] in risk_rows
    assert ["lead officer", "J. Smith"] in rows(parse_tree(action._repr_html_()).root)
    assert ["2009/10", "20.5 days", "22 days", "Red · target missed"] in rows(parse_tree(indicator._repr_html_()).root)


def test_heat_map_shows_which_risks_are_in_each_cell() -> None:
    risks = [
        Risk(id=i, title=i, assessments=[Assessment(kind=AssessmentKind.CURRENT, likelihood=lk, impact=im)])
        for i, lk, im in [("A", 4, 4), ("B", 4, 4), ("C", 1, 5), ("D", 2, 2)]
    ]
    risks.append(Risk(id="E", title="E", assessments=[Assessment(kind=AssessmentKind.CURRENT, score=16)]))
    heat = heat_map(risks, risk_matrix("5x5"))
    assert heat.cells[3][3] == ("A", "B")
    assert heat.cells[0][4] == ("C",)
    table = rows(parse_tree(heat._repr_html_()).root)
    assert "A, B" in table[2]  # likelihood 4 is the second row of cells (5 at the top)
    assert "C" in table[5]
    assert "E" in heat._repr_html_()  # scored by a score alone: listed under the grid


def test_the_action_table_is_as_at_the_plans_own_date(examples: dict[str, ServicePlan]) -> None:
    plan = examples["salford-2009-12"]
    table = action_table(plan)
    cells = rows(parse_tree(table._repr_html_()).root)
    assert cells[0] == ["no.", "action", "deadline", "lead", "where it stands", "latest update"]
    assert len(cells) == len(plan.actions) + 1
    frame = table.to_frame()
    assert str(frame["due"].dtype).startswith("datetime64")
    assert str(frame["days"].dtype) == "Int64"
    assert set(frame["state"].astype(str)) <= {s.value for s in serviceplan.calc.TrackingState}


def test_reprs_are_short_and_say_what_the_object_is(examples: dict[str, ServicePlan]) -> None:
    for name, plan in examples.items():
        text = repr(plan)
        assert len(text) <= 300, (name, len(text))
        assert text.startswith("ServicePlan(")
        assert repr(plan.id) in text
        assert f"{len(plan.actions)} actions" in text
        for child in (*plan.actions[:3], *plan.risks[:3], *plan.indicators[:3], *plan.priorities[:3]):
            assert len(repr(child)) <= 200
            assert type(child).__name__ in repr(child)


def test_a_long_title_is_cut_in_the_repr_not_in_the_object() -> None:
    action = Action(id="A9", title="x" * 500)
    assert len(repr(action)) < 150
    assert action.title == "x" * 500
    assert attrs.evolve(action) == action


def test_register_and_indicator_views_need_no_colour_to_be_read(examples: dict[str, ServicePlan]) -> None:
    reg = risk_register(examples["salford-2009-12"])
    page = reg._repr_html_()
    body = page.split("<tbody>")[1]
    assert "<tr style" not in body  # no row painted: the band is a named badge
    assert "text-align:left" in page


@pytest.mark.parametrize(
    "periods",
    ["2009/10", serviceplan.FinancialYear.parse("2009/10"), ["2009/10"], ("2008/09", Period.parse("2009/10"))],
    ids=["text", "value", "list", "mixed"],
)
def test_plots_take_a_period_as_text_or_value_or_a_sequence_of_them(
    examples: dict[str, ServicePlan], periods: object
) -> None:
    from serviceplan.render.plot import plot_indicator_rag

    figure = plot_indicator_rag(examples["salford-2009-12"], periods)  # type: ignore[arg-type]
    labels = [t.get_text() for t in figure.axes[0].get_xticklabels()]
    assert labels[-1] == "2009/10"
    assert len(labels) == (2 if periods.__class__ is tuple else 1)


def test_the_heat_map_plot_names_the_risks_in_each_cell() -> None:
    from serviceplan.render.plot import plot_heatmap

    risks = [
        Risk(id=i, title=i, assessments=[Assessment(kind=AssessmentKind.CURRENT, likelihood=4, impact=4)])
        for i in ("A", "B")
    ]
    figure = plot_heatmap(heat_map(risks, risk_matrix("5x5")))
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert texts == ["A, B"]
