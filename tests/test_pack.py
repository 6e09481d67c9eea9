"""The quarterly pack: one self-contained HTML document, read back with the standard library's parser."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import serviceplan
from serviceplan.checks import check
from serviceplan.cli import main
from serviceplan.errors import ParseError
from serviceplan.model import (
    Action,
    Assessment,
    Indicator,
    Measurement,
    PlanSet,
    Priority,
    ProgressUpdate,
    Risk,
    Saving,
    SavingAmount,
    ServicePlan,
    Target,
)
from serviceplan.render.pack import RAG_STYLE, parse_quarter, quarterly_pack, write_pack
from serviceplan.render.svg import _fill, bar_chart, heat_map_svg, safe_colour, text_colour
from serviceplan.risk.matrix import RiskMatrix, risk_matrix
from serviceplan.values import (
    AssessmentKind,
    Deadline,
    FinancialYear,
    IndicatorValue,
    Money,
    Period,
    Polarity,
    Quarter,
    Rag,
)
from tests import strategies
from tests.html_tree import Node, parse_tree


def parse(page: str) -> Node:
    tree = parse_tree(page)
    assert tree.doctype is not None
    assert tree.doctype.lower() == "doctype html"
    return tree.root


@pytest.fixture(scope="module")
def salford() -> ServicePlan:
    plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
    assert isinstance(plan, ServicePlan)
    return plan


@pytest.fixture(scope="module")
def salford_page(salford: ServicePlan) -> str:
    return quarterly_pack(salford, "2010/11-Q1")


@pytest.fixture(scope="module")
def salford_tree(salford_page: str) -> Node:
    return parse(salford_page)


def section(tree: Node, name: str) -> Node:
    found = tree.find("section", id=name)
    assert len(found) == 1, name
    return found[0]


def rows(table: Node) -> list[list[str]]:
    return [[" ".join(td.all_text().split()) for td in tr.find("td")] for tr in table.find("tr") if tr.find("td")]


# -- the Salford example ---------------------------------------------------------------------


def test_every_section_in_order(salford_tree: Node) -> None:
    ids = [n.attrs["id"] for n in salford_tree.find("section")]
    assert ids == ["summary", "priorities", "indicators", "risks", "movement", "savings", "annex"]
    headings = [" ".join(h.all_text().split()) for h in salford_tree.find("h2")]
    assert headings[0] == "Summary"
    assert headings[-1] == "Annex: what the checks found"
    (title,) = salford_tree.find("head")[0].find("title")
    assert (
        title.all_text()
        == "Customer & Support Services Directorate Business Plan 2009/12: quarterly report, 2010/11 Q1"
    )
    assert "position at 30 June 2010" in salford_tree.find("header")[0].all_text()


def test_summary_counts_are_the_plans(salford: ServicePlan, salford_tree: Node) -> None:
    table = section(salford_tree, "summary").find("table")[0]
    got = {row[0]: row for row in rows(table)}
    assert got["Actions"][1] == str(len(salford.actions)) == "57"
    assert got["Indicators"][1] == str(len(salford.indicators))
    assert got["Risks"][1] == "13"
    assert "3 High" in got["Risks"][2]
    assert "3 not scored" in got["Risks"][2]
    assert got["Savings"][2] == "no savings in this plan"
    findings = check(salford, matrix=risk_matrix("5x5"))
    assert got["Findings"][1] == str(len(findings))


def test_priorities_with_their_actions(salford: ServicePlan, salford_tree: Node) -> None:
    part = section(salford_tree, "priorities")
    titles = [" ".join(h.all_text().split()) for h in part.find("h3")]
    assert titles == [f"{p.id}. {' '.join(p.title.split())}" for p in salford.priorities]
    # action 3 ("April 2009") is 426 days late at 30 June 2010, and says so in words beside the red
    table = part.find("div", **{"class": "priority"})[0].find("table")[0]
    third = next(r for r in rows(table) if r[0] == "3.")
    assert third[1] == "Reduce avoidable contact"
    assert third[4] == "Red: Overdue (426 days)"
    assert third[5] == "no update"


def test_every_rag_is_written_in_words(salford_tree: Node) -> None:
    badges = salford_tree.find("span", **{"class": "rag"})
    assert badges
    words = {label for label, _, _ in RAG_STYLE.values()}
    for badge in badges:
        text = badge.all_text()
        assert text.split(":")[0] in words, text
        rag = next(r for r in Rag if f"rag-{r.value}" in badge.attrs["class"].split())
        assert text.startswith(RAG_STYLE[rag][0])
        assert RAG_STYLE[rag][1] in badge.attrs["style"]


def test_indicators_with_target_actual_rag_direction(salford: ServicePlan, salford_tree: Node) -> None:
    table = section(salford_tree, "indicators").find("table")[0]
    header = [th.all_text() for th in table.find("th")]
    assert header == ["Code", "Indicator", "Period", "Target", "Actual", "RAG", "Direction", "Commentary"]
    got = {row[0]: row for row in rows(table)}
    assert set(got) == {i.code for i in salford.indicators}
    assert got["NI 181"][2:7] == ["2010/11", "20 days", "none", "No data: no actual reported", "not comparable"]
    assert got["NI 14"][5] == "No data: target to be set after a year of data"


def test_heat_map_and_register(salford_tree: Node) -> None:
    part = section(salford_tree, "risks")
    (svg,) = part.find("svg")
    assert svg.attrs["role"] == "img"
    assert svg.find("title")[0].all_text().startswith("Heat map of current risk scores")
    assert len(svg.find("g", **{"class": "cell"})) == 25
    # Salford prints scores alone: they are banded, listed by band, not placed in a cell
    unplaced = {row[0]: row[1] for row in rows(part.find("table", **{"class": "unplaced"})[0])}
    assert unplaced == {"Medium": "A, B, C, E, F, I, M", "High": "D, G, H"}
    assert "Not scored: J, K, L." in part.all_text()
    register = {row[0]: row for row in rows(part.find("table", **{"class": "register"})[0])}
    assert list(register) == list("ABCDEFGHIJKLM")
    assert register["D"][1:] == ["Pay Review", register["D"][2], "16", "High", "8", "Medium", ""]  # no commentary
    assert register["J"][3] == "not scored"


def test_one_assessment_only_is_said(salford_tree: Node) -> None:
    part = section(salford_tree, "movement")
    assert not part.find("table")
    assert "one current assessment only" in part.all_text()


def test_annex_lists_every_finding(salford: ServicePlan, salford_tree: Node) -> None:
    findings = check(salford, matrix=risk_matrix("5x5"))
    table = section(salford_tree, "annex").find("table")[0]
    got = rows(table)
    assert [(r[1], r[2]) for r in got] == [(f.code, f.path) for f in findings]
    assert {r[0] for r in got} == {"Warning"}
    assert any("risk 'J'" in r[3] for r in got)


def test_nothing_is_fetched(salford_page: str, salford_tree: Node) -> None:
    for node in salford_tree.walk():
        assert node.tag not in ("script", "link", "img", "iframe", "object", "embed"), node.tag
        for name in ("src", "href", "xlink:href", "action", "srcset", "data"):
            assert name not in node.attrs, (node.tag, name)
    assert not re.search(r"https?:", salford_page)
    style = "".join(n.all_text() for n in salford_tree.find("style"))
    assert "url(" not in style
    assert "@import" not in style


def test_print_styles_for_a4(salford_tree: Node) -> None:
    style = "".join(n.all_text() for n in salford_tree.find("style"))
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", style)
    assert "@media print" in style
    assert "print-color-adjust: exact" in style  # the RAG colours print
    assert salford_tree.find("meta", charset="utf-8")


def test_the_same_plan_gives_the_same_page(salford: ServicePlan, salford_page: str) -> None:
    assert quarterly_pack(salford, Quarter(FinancialYear(2010), 1)) == salford_page
    assert quarterly_pack(salford, "2010/11 Q1") == salford_page
    assert quarterly_pack(salford, "Quarter 1 (June 2010)") == salford_page


def test_front_door_offers_it(salford: ServicePlan, salford_page: str) -> None:
    assert serviceplan.quarterly_pack(salford, "2010/11-Q1") == salford_page


# -- quarters -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["2010/11-Q1", "2010/11 Q1", "2010/11-q1", " 2010/11 - Q1 ", "2010-11-Q1", "Q1 2010/11", "Quarter 1 (June 2010)"],
)
def test_quarter_as_written(text: str) -> None:
    assert parse_quarter(text) == Quarter(FinancialYear(2010), 1)


@pytest.mark.parametrize("text", ["2010/11-Q5", "Q1", "", "2010/11-", "next quarter", "2010/11-Q1-Q2"])
def test_bad_quarter_is_named(text: str, salford: ServicePlan) -> None:
    with pytest.raises(ParseError) as caught:
        quarterly_pack(salford, text)
    assert repr(text) in str(caught.value)


def test_not_text_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="2010"):
        parse_quarter(2010)  # type: ignore[arg-type]


# -- hostile text ---------------------------------------------------------------------------

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>&amp;'


def _evil_plan() -> ServicePlan:
    q1 = Period.parse("2010/11 Q1")
    return ServicePlan(
        id="evil",
        title=EVIL,
        council=EVIL,
        years=[FinancialYear(2010)],
        priorities=[Priority(id="P<1>", title=EVIL)],
        actions=[
            Action(
                id="a<b>",
                number=EVIL,
                title=EVIL,
                priorities=["P<1>"],
                deadline=Deadline.parse("March 2011"),
                lead_officer=EVIL,
                updates=[ProgressUpdate(period=q1, text=EVIL, by=EVIL)],
            )
        ],
        indicators=[
            Indicator(
                code="<b>NI</b>",
                title=EVIL,
                polarity=Polarity.HIGHER_IS_BETTER,
                targets=[Target(period=Period.parse("2010/11"), value=IndicatorValue.parse("90%"))],
                measurements=[
                    Measurement(period=Period.parse("2010/11"), value=IndicatorValue.parse("80%"), commentary=EVIL)
                ],
            )
        ],
        risks=[
            Risk(
                id="<R>",
                title=EVIL,
                owner=EVIL,
                assessments=[
                    Assessment(kind=AssessmentKind.CURRENT, likelihood=2, impact=3, assessed=date(2010, 3, 1)),
                    Assessment(kind=AssessmentKind.CURRENT, likelihood=4, impact=5, assessed=date(2010, 6, 1)),
                ],
            )
        ],
        savings=[
            Saving(
                id="S<1>",
                title=EVIL,
                amounts=[SavingAmount(year=FinancialYear(2010), target=Money.parse("£100K"))],
            )
        ],
    )


def test_plan_text_is_escaped() -> None:
    page = quarterly_pack(_evil_plan(), "2010/11-Q1")
    tree = parse(page)
    tags = {n.tag for n in tree.walk()}
    assert "script" not in tags
    assert "img" not in tags
    assert "b" not in tags
    assert "<script" not in page
    assert "<img" not in page
    assert "<R>" not in page
    assert not [n for n in tree.walk() if any(k.startswith("on") for k in n.attrs)]
    text = tree.all_text()
    # the text as written, back again once the page is read: in every part
    assert text.count(EVIL) >= 10
    for wanted in ("P<1>", "<b>NI</b>", "<R>", "S<1>"):
        assert wanted in text
    risk_svg = section(tree, "risks").find("svg")[0]
    assert "<R>" in risk_svg.all_text()
    assert "Red: target missed" in section(tree, "indicators").all_text()


def test_a_hostile_band_colour_is_drawn_grey() -> None:
    plain = risk_matrix("5x5").to_dict()
    plain["bands"][0]["colour"] = 'red" onload="alert(1)'
    matrix = RiskMatrix.from_dict(plain)
    page = quarterly_pack(_evil_plan(), "2010/11-Q1", matrix=matrix)
    tree = parse(page)
    assert not [n for n in tree.walk() if any(k.startswith("on") for k in n.attrs)]
    assert "#d9d9d9" in page


# -- risks on a matrix, and movement --------------------------------------------------------


def _risk(risk_id: str, *levels: tuple[int, int, date | None]) -> Risk:
    return Risk(
        id=risk_id,
        title=f"risk {risk_id}",
        assessments=[
            Assessment(kind=AssessmentKind.CURRENT, likelihood=lk, impact=im, assessed=when) for lk, im, when in levels
        ],
    )


def _plan(*risks: Risk) -> ServicePlan:
    return ServicePlan(id="p", title="A plan", years=[FinancialYear(2010)], risks=list(risks))


def test_risk_ids_sit_in_their_cells() -> None:
    plan = _plan(_risk("A", (4, 4, None)), _risk("B", (4, 4, None)), _risk("C", (1, 5, None)))
    svg = section(parse(quarterly_pack(plan, "2010/11-Q1")), "risks").find("svg")[0]
    cells = {}
    for cell in svg.find("g", **{"class": "cell"}):
        tip = cell.find("title")[0].all_text()
        ids = " ".join(t.all_text() for t in cell.find("text")[1:])
        cells[tip.split(":")[0]] = (ids, cell.find("rect")[0].attrs["fill"])
    assert cells["likelihood 4, impact 4, score 16, High"] == ("A B", "#ff0000")
    assert cells["likelihood 1, impact 5, score 5, Medium"] == ("C", "#ffc000")
    assert cells["likelihood 1, impact 1, score 1, Low"] == ("", "#70ad47")


def test_dated_assessments_move_between_quarters() -> None:
    plan = _plan(
        _risk("UP", (2, 2, date(2010, 3, 1)), (4, 4, date(2010, 6, 1))),
        _risk("DOWN", (5, 5, date(2010, 2, 1)), (2, 2, date(2010, 5, 1))),
        _risk("SAME", (3, 3, date(2010, 1, 1)), (3, 3, date(2010, 4, 1))),
        _risk("LATER", (3, 3, date(2010, 1, 1)), (5, 5, date(2010, 9, 1))),  # moves in Q2, not Q1
    )
    part = section(parse(quarterly_pack(plan, "2010/11-Q1")), "movement")
    got = {row[0]: row for row in rows(part.find("table")[0])}
    assert got == {
        "UP": ["UP", "risk UP", "4 Low", "16 High", "↑ up", ""],
        "DOWN": ["DOWN", "risk DOWN", "25 High", "4 Low", "↓ down", ""],
    }
    q2 = section(parse(quarterly_pack(plan, "2010/11-Q2")), "movement")
    assert [row[0] for row in rows(q2.find("table")[0])] == ["LATER"]
    before = section(parse(quarterly_pack(plan, "2009/10-Q4")), "movement")
    assert not before.find("table")
    assert "No risk has a current assessment both" in before.all_text()


def test_nothing_moved_is_said() -> None:
    plan = _plan(_risk("SAME", (3, 3, date(2010, 1, 1)), (3, 3, date(2010, 4, 1))))
    part = section(parse(quarterly_pack(plan, "2010/11-Q1")), "movement")
    assert "No risk's current score moved since last quarter (1 compared)." in part.all_text()


def test_undated_assessments_move_in_the_order_listed() -> None:
    plan = _plan(_risk("U", (1, 1, None), (5, 5, None)))
    part = section(parse(quarterly_pack(plan, "2010/11-Q1")), "movement")
    assert rows(part.find("table")[0]) == [["U", "risk U", "1 Low", "25 High", "↑ up", ""]]
    assert "in the order the plan lists them" in part.all_text()


def test_last_quarters_plan_gives_the_movement() -> None:
    before = _plan(_risk("A", (2, 2, None)), _risk("GONE", (2, 2, None)))
    after = _plan(_risk("A", (5, 4, None)), _risk("NEW", (1, 1, None)))
    part = section(parse(quarterly_pack(after, "2010/11-Q1", previous=before)), "movement")
    got = {row[0]: row[4] for row in rows(part.find("table")[0])}
    assert got == {"A": "↑ up", "NEW": "new", "GONE": "closed"}


def test_levels_off_the_matrix_still_give_a_pack() -> None:
    plan = _plan(_risk("BIG", (7, 7, None), (9, 9, None)))
    tree = parse(quarterly_pack(plan, "2010/11-Q1"))
    assert "cannot be drawn on the 5x5 matrix" in section(tree, "risks").all_text()
    summary = {row[0]: row for row in rows(section(tree, "summary").find("table")[0])}
    assert summary["Risks"][2] == "cannot be banded on this matrix: see the register"
    assert "cannot be worked out on the 5x5 matrix" in section(tree, "movement").all_text()
    assert "risk-level-off-matrix" in section(tree, "annex").all_text()


# -- savings --------------------------------------------------------------------------------


def test_savings_against_target_with_a_chart() -> None:
    plan = serviceplan.load(serviceplan.example_path("sefton-integration-2010"))
    assert isinstance(plan, ServicePlan)
    part = section(parse(quarterly_pack(plan, "2010/11-Q1")), "savings")
    years = rows(part.find("table", **{"class": "savings"})[0])
    assert years == [
        ["2010/11", "£350,000", "£0", "£350,000", "£350,000", "£0", "100.00%"],
        ["2011/12", "£1,000,000", "£0", "£0", "£0", "£1,000,000", "0.00%"],
    ]
    (svg,) = part.find("svg")
    labels = [t.all_text() for t in svg.find("text")]
    assert "£350k" in labels
    assert "£1m" in labels
    assert "2010/11" in labels
    assert "Target" in labels
    assert len(svg.find("rect")) >= 6  # three bars a year, and the legend
    coverage = rows(part.find("table", **{"class": "coverage"})[0])
    assert coverage[0][:5] == ["MTFP-INTEGRATION", coverage[0][1], "£1,000,000", "£0", "£1,000,000"]
    lines = {row[0] for row in rows(part.find("table", **{"class": "saving-lines"})[0])}
    assert lines == {s.id for s in plan.savings}


# -- writing, and the command ---------------------------------------------------------------


def test_write_pack(tmp_path: Path, salford: ServicePlan, salford_page: str) -> None:
    target = write_pack(salford, "2010/11-Q1", tmp_path / "pack.html")
    assert target.read_text(encoding="utf-8") == salford_page


def test_command_writes_the_pack(tmp_path: Path, salford_page: str) -> None:
    out = tmp_path / "pack.html"
    plan = serviceplan.example_path("salford-2009-12")
    assert main(["pack", str(plan), "--quarter", "2010/11-Q1", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == salford_page


def test_command_bad_quarter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pack.html"
    assert main(["pack", "--quarter", "2010/11-Q9", "-o", str(out)]) == 2
    assert "cannot read quarter '2010/11-Q9'" in capsys.readouterr().err
    assert not out.exists()


def test_command_needs_one_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str], salford: ServicePlan) -> None:
    other = attrs.evolve(salford, id="other")
    both = tmp_path / "both.json"
    serviceplan.dump(PlanSet(name="two", plans=[salford, other]), both)
    assert main(["pack", str(both), "--quarter", "2010/11-Q1"]) == 2
    assert "choose one with --plan" in capsys.readouterr().err
    assert main(["pack", str(both), "--quarter", "2010/11-Q1", "--plan", "nope"]) == 2
    assert "no plan has the id 'nope'" in capsys.readouterr().err
    assert main(["pack", str(both), "--quarter", "2010/11-Q1", "--plan", "other"]) == 0
    assert "Plan other." in capsys.readouterr().out


# -- the SVG pieces -------------------------------------------------------------------------


def test_safe_colours_and_contrast() -> None:
    assert safe_colour("#abc") == "#abc"
    assert safe_colour("url(http://x)") == "#d9d9d9"
    assert safe_colour("#12345") == "#d9d9d9"
    for _, fill, ink in RAG_STYLE.values():
        assert text_colour(fill) == ink


def test_bar_chart_negative_and_empty() -> None:
    svg = bar_chart(["a", "b"], [("S<1>", "#000", [Decimal(-5), Decimal(0)])], title="t<")
    assert "S&lt;1&gt;" in svg
    assert "-£5" in svg
    assert "t&lt;" in svg
    assert 'height="-' not in svg


@pytest.mark.parametrize("top", ["0.01", "0.5", "1", "4", "5", "9.99", "12126000", "1E+12"])
def test_bar_chart_scale_covers_the_tallest_bar(top: str) -> None:
    svg = bar_chart(["y"], [("S", "#000", [Decimal(top)])], title="t", height=280)
    bar = re.search(r'<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"', svg)
    assert bar is not None
    assert 0 < float(bar.group(2)) <= 280 - 28 - 40  # within the plot, above zero
    assert float(bar.group(1)) >= 28 - 0.05


def test_heat_map_svg_lists_what_does_not_fit() -> None:
    many = [f"R{n}" for n in range(30)]
    svg = heat_map_svg(risk_matrix("5x5"), {(3, 3): many}, title="t")
    assert "more</text>" in svg
    assert ", ".join(many) in svg  # the cell's title names them all


@given(st.lists(st.text("ABCxyz019<&", min_size=1, max_size=15), max_size=20), st.integers(3, 20), st.integers(1, 5))
def test_fill_fits_its_box(ids: list[str], chars: int, lines: int) -> None:
    placed, left_out = _fill(ids, chars, lines)
    assert len(placed) <= lines
    assert all(len(row) <= chars for row in placed)
    assert sum(len(row.split(" ")) for row in placed) + left_out == len(ids)
    if left_out:
        assert len(placed) == lines  # only a full box leaves ids out
    shown = [word for row in placed for word in row.split(" ")]
    assert all(w == i or (w.endswith("…") and i.startswith(w[:-1])) for w, i in zip(shown, ids, strict=False))


# -- any plan -------------------------------------------------------------------------------


@settings(max_examples=40)
@given(strategies.service_plans, strategies.quarters)
def test_any_plan_gives_a_well_formed_pack(plan: ServicePlan, quarter: Quarter) -> None:
    page = quarterly_pack(plan, quarter)
    tree = parse(page)
    assert [n.attrs["id"] for n in tree.find("section")] == [
        "summary",
        "priorities",
        "indicators",
        "risks",
        "movement",
        "savings",
        "annex",
    ]
    assert not {"script", "img", "link", "iframe"} & {n.tag for n in tree.walk()}
    text = tree.all_text()
    for priority in plan.priorities:
        assert priority.title in text
    for risk in plan.risks:
        assert risk.title in text
