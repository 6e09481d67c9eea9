"""The main job reports a plan as at its own date, and says which date it used."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

import serviceplan
from serviceplan.calc import plan_date
from serviceplan.cli import main


@pytest.mark.parametrize(
    ("example", "when", "why"),
    [
        ("sefton-corporate-services-2010-11", date(2010, 6, 30), "latest progress update, 2010/11 Q1"),
        ("sefton-chief-executives-2010-11", date(2010, 8, 4), "committee report"),
        ("sefton-integration-2010", date(2010, 8, 4), "committee report"),
        ("salford-2009-12", date(2010, 3, 31), "first financial year, 2009/10"),
        ("salford-corporate-services-2002-03", date(2003, 3, 31), "first financial year, 2002/03"),
    ],
)
def test_each_example_has_its_own_date(example: str, when: date, why: str) -> None:
    found, reason = plan_date(serviceplan.load(serviceplan.example_path(example)))
    assert found == when
    assert why in reason


def test_the_latest_update_of_any_action_wins() -> None:
    plan = serviceplan.load(serviceplan.example_path("sefton-corporate-services-2010-11"))
    assert isinstance(plan, serviceplan.ServicePlan)
    action = plan.actions[0]
    later = attrs.evolve(action.updates[0], period=serviceplan.Period.parse("2010/11 Q3"))
    moved = attrs.evolve(plan, actions=(attrs.evolve(action, updates=(*action.updates, later)), *plan.actions[1:]))
    assert plan_date(moved)[0] == date(2010, 12, 31)


def test_a_plan_with_no_dates_is_as_at_today() -> None:
    assert plan_date(serviceplan.ServicePlan(id="p", title="t")) == (date.today(), "today: the plan has no dates")


def test_the_report_says_which_date_it_used(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    assert "as at 31 March 2010 (the end of its first financial year, 2009/10)" in out.splitlines()[1]
    assert "Actions overdue at 31 March 2010 (11)" in out  # not 55 of 57, thousands of days late
    assert main(["report", "--as-of", "2011-04-01"]) == 0
    assert "as at 01 April 2011\n" in capsys.readouterr().out  # a date given is used as it is, without a reason


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"serviceplan {serviceplan.__version__}"
