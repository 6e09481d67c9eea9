"""Facts read off the seed documents, checked against the bundled examples."""

from __future__ import annotations

from decimal import Decimal

import jsonschema
import pytest
import yaml

import serviceplan
from serviceplan import Money, ServicePlan
from serviceplan.checks import Severity
from serviceplan.values import AssessmentKind
from tests.conftest import EXAMPLES, SEEDS

NAMES = {
    "sefton-corporate-services-2010-11": "000_dc94e54177e698a3.txt",
    "sefton-chief-executives-2010-11": "001_316e14832bb608a3.txt",
    "salford-corporate-services-2002-03": "002_b29fc4d9f42aa9f0.txt",
    "salford-2009-12": "003_58053ba97d4b85c7.txt",
    "sefton-integration-2010": "004_fffaf27844eed371.txt",
}


def test_every_seed_has_an_example() -> None:
    assert set(serviceplan.available_examples()) == set(NAMES)


@pytest.mark.parametrize("name", sorted(NAMES))
def test_example_names_its_seed_and_validates_against_the_schema(name: str, examples: dict[str, ServicePlan]) -> None:
    assert examples[name].source == f"seed {NAMES[name]}"
    plain = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
    # The schema describes the canonical form; the safe loader turns ISO dates into dates, so compare canonical data.
    jsonschema.validate(serviceplan.io.unstructure(examples[name]), serviceplan.io.json_schema())
    assert plain["format_version"] == serviceplan.io.FORMAT_VERSION


@pytest.mark.parametrize("name", sorted(NAMES))
def test_example_text_is_the_seed_text(name: str, examples: dict[str, ServicePlan]) -> None:
    """Every action title and deadline is text that occurs in the seed (modulo line breaks)."""
    seed = " ".join((SEEDS / NAMES[name]).read_text(encoding="utf-8").split())
    plan = examples[name]
    for action in plan.actions:
        if action.deadline is not None and name != "salford-corporate-services-2002-03":
            assert " ".join(action.deadline.text.replace("·", " ").split()) in " ".join(seed.replace("·", " ").split())
    for risk in plan.risks:
        assert risk.title.split()[0] in seed


def test_salford_2009_12_risk_register(examples: dict[str, ServicePlan]) -> None:
    plan = examples["salford-2009-12"]
    assert [r.id for r in plan.risks] == list("ABCDEFGHIJKLM")
    d = plan.risk("D")
    assert d is not None
    assert d.title == "Pay Review"
    assert d.current is not None
    assert d.current.score == 16
    assert d.target is not None
    assert d.target.score == 8
    for unscored in "JKL":
        risk = plan.risk(unscored)
        assert risk is not None
        assert risk.current is None
        assert risk.assessments == ()
    scores = {r.id: r.current.score for r in plan.risks if r.current}
    assert scores == {"A": 6, "B": 8, "C": 6, "D": 16, "E": 8, "F": 5, "G": 12, "H": 12, "I": 6, "M": 10}
    assert all(r.target is not None and r.target.score == 4 for r in plan.risks if r.id not in "DJKL")
    assert {a.kind for r in plan.risks for a in r.assessments} == {AssessmentKind.CURRENT, AssessmentKind.TARGET}


def test_salford_2009_12_actions_and_indicators(examples: dict[str, ServicePlan]) -> None:
    plan = examples["salford-2009-12"]
    numbered = [a for a in plan.actions if not a.id.startswith("7b-")]
    assert [a.id for a in numbered] == [str(n) for n in range(1, 37)]
    assert plan.action("1") is not None
    assert plan.action("1").risks == ("A", "G", "F", "H")
    agile = plan.action("13")
    assert agile is not None
    assert agile.deadline is not None
    assert [m.label for m in agile.deadline.milestones] == ["Ph 1", "Ph 2"]
    ni181 = plan.indicator("NI 181")
    assert ni181 is not None
    assert [(str(t.period), t.value.text) for t in ni181.targets] == [
        ("2008/09", "21 days"),
        ("2009/10", "20.5 days"),
        ("2010/11", "20 days"),
    ]
    ni14 = plan.indicator("NI 14")
    assert ni14 is not None
    assert all(t.value.kind.value == "to_be_set" for t in ni14.targets)
    lpi25 = plan.indicator("LPI 25")
    assert lpi25 is not None
    assert lpi25.targets[0].value.change == Decimal(-5)


def test_salford_2009_12_tables_add_up(examples: dict[str, ServicePlan]) -> None:
    plan = examples["salford-2009-12"]
    (staff,) = plan.staffing
    assert sum(line.posts or 0 for line in staff.lines) == 1033 == staff.total.posts  # type: ignore[union-attr]
    (budget,) = plan.budgets
    assert sum((line.staffing for line in budget.lines if line.staffing), Money.zero()) == Money.parse("£28,936,000")
    assert sum((line.net for line in budget.lines if line.net), Money.zero()) == Money.parse("£10,168,000")
    assert not [f for f in serviceplan.check(plan) if f.code == "total-mismatch"]


def test_salford_2002_03_budget_adds_up_to_printed_totals(examples: dict[str, ServicePlan]) -> None:
    plan = examples["salford-corporate-services-2002-03"]
    (budget,) = plan.budgets
    gross = sum((line.gross for line in budget.lines if line.gross), Money.zero())
    net = sum((line.net for line in budget.lines if line.net), Money.zero())
    assert gross == Money.parse("£24,943,000") == budget.total.gross  # type: ignore[union-attr]
    assert net == Money.parse("£5,961,000") == budget.total.net  # type: ignore[union-attr]
    advance = next(line for line in budget.lines if line.label == "Salford Advance")
    assert advance.net == Money(Decimal(-340_000))
    assert advance.net.text == "-340000"
    (staff,) = plan.staffing
    assert sum(line.posts or 0 for line in staff.lines) == 703


def test_corrupted_budget_line_is_caught_with_the_difference(examples: dict[str, ServicePlan]) -> None:
    import attrs

    plan = examples["salford-corporate-services-2002-03"]
    (budget,) = plan.budgets
    lines = list(budget.lines)
    lines[1] = attrs.evolve(lines[1], gross=Money.parse("6,026,000"))  # Finance: 6,025,000 as printed
    broken = attrs.evolve(plan, budgets=[attrs.evolve(budget, lines=lines)])
    (finding,) = [f for f in serviceplan.check(broken) if f.code == "total-mismatch"]
    assert finding.severity is Severity.ERROR
    assert finding.path == "budgets[0].total.gross"
    assert "difference £1,000" in finding.message


def test_sefton_corporate_services_q1_update(examples: dict[str, ServicePlan]) -> None:
    plan = examples["sefton-corporate-services-2010-11"]
    assert len(plan.priorities) == 6
    assert str(plan.update_period) == "2010/11 Q1"
    first = plan.action("1")
    assert first is not None
    assert [u.by for u in first.updates] == ["Finance & IS", "Legal", "Personnel"]
    assert all(str(u.period) == "2010/11 Q1" for a in plan.actions for u in a.updates)
    saving = plan.savings[0]
    assert saving.amounts[0].target == Money.parse("£100K")
    assert plan.report is not None
    assert [str(d) for d in plan.report.dates] == ["2010-10-13", "2010-11-03"]
    assert next(y.text for y in plan.report.financial.years) == "2009/ 20010"  # type: ignore[union-attr]


def test_sefton_chief_executives(examples: dict[str, ServicePlan]) -> None:
    plan = examples["sefton-chief-executives-2010-11"]
    petitions = plan.action("DS-1")
    assert petitions is not None
    assert petitions.resourcing is not None
    assert petitions.resourcing.text == "Yes (for year 1 only)"
    assert petitions.resourcing.status.value == "partly"
    assert petitions.deadline is not None
    assert len(petitions.deadline.milestones) == 2
    assert Money.parse("£250,000") in [a.target for s in plan.savings for a in s.amounts]


def test_sefton_integration_savings_and_timeline(examples: dict[str, ServicePlan]) -> None:
    plan = examples["sefton-integration-2010"]
    by_id = {s.id: s for s in plan.savings}
    assert by_id["MTFP-INTEGRATION"].amounts[0].target == Money.parse("£1M")
    assert by_id["EQ-CONSULT-2010-11"].amounts[0].delivered == Money.parse("£100,000")
    assert by_id["COMMS-2010-11"].amounts[0].delivered == Money.parse("£250,000")
    assert by_id["COMMS-PI-INTEGRATION"].contributes_to == "MTFP-INTEGRATION"
    # The timeline's last date (31 March 2010) precedes the report (4 August 2010): check points it out.
    late = [f for f in serviceplan.check(plan) if f.code == "deadline-before-report"]
    assert [f.path for f in late] == [f"actions[{[a.id for a in plan.actions].index('T4')}].deadline"]
    assert "31st March 2010" in late[0].message


@pytest.mark.parametrize("name", sorted(NAMES))
def test_examples_have_no_check_errors(name: str, examples: dict[str, ServicePlan]) -> None:
    errors = [f for f in serviceplan.check(examples[name]) if f.severity is Severity.ERROR]
    assert errors == []


def test_seed_copies_are_the_seeds() -> None:
    """tests/data/seeds holds the seed documents verbatim (checked when ../shared is beside the checkout)."""
    shared = SEEDS.parents[3] / "shared" / "seeds"
    names = sorted(p.name for p in SEEDS.glob("*.txt"))
    assert names == sorted(NAMES.values())
    if shared.is_dir():
        for name in names:
            assert (SEEDS / name).read_bytes() == (shared / name).read_bytes()
