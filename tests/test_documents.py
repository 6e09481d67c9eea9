"""Reading the plans councils already have (issue 15): text exports and Word documents.

The measured tests compare each imported seed with its hand-made example, field by
field; the floors are the figures reached when the reader was written, so a change
that loses fields fails here instead of passing silently.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import serviceplan
from serviceplan.checks import check
from serviceplan.errors import LoadError
from serviceplan.io.documents import (
    Paragraph,
    Table,
    field_agreement,
    plan_fields,
    read_document,
    read_text_export,
    text_blocks,
)
from serviceplan.io.documents.vocabulary import column_meaning, fuzzy_contains
from serviceplan.model import ServicePlan
from tests.conftest import EXAMPLES, SEEDS
from tests.documents_build import build_docx

# seed -> (recall floor, precision floor), as measured (see docs/documents.md)
TEXT_FLOORS = {
    "000": (1.00, 1.00),
    "001": (1.00, 0.98),
    "002": (0.97, 1.00),
    "003": (0.99, 0.99),
    "004": (1.00, 1.00),
}
DOCX_FLOOR = (1.0, 1.0)  # every field of every example, in every variant
VARIANTS = {
    "plain": {},
    "reworded": {"reworded": True},
    "shuffled": {"shuffle": 7},
    "merged-split": {"merged": True, "split": True},
    "all": {"reworded": True, "shuffle": 3, "merged": True, "split": True},
}


def _pairs() -> list[tuple[str, Path, Path]]:
    out = []
    for example in sorted(EXAMPLES.glob("*.yaml")):
        source = yaml.safe_load(example.read_text(encoding="utf-8"))["source"].split()[-1]
        out.append((source[:3], SEEDS / source, example))
    return out


def _reference(example: Path) -> ServicePlan:
    plan = serviceplan.load(example)
    assert isinstance(plan, ServicePlan)
    return plan


@pytest.mark.parametrize(("seed", "text", "example"), _pairs(), ids=[p[0] for p in _pairs()])
def test_seed_recall_and_precision(seed: str, text: Path, example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    imported = read_document(text)
    score = field_agreement(_reference(example), imported.plan)
    with capsys.disabled():
        print(
            f"\n  seed {seed}: {score.right}/{score.expected} fields, recall {score.recall:.1%}, "
            f"precision {score.precision:.1%}, {len(imported.findings)} findings; missing/wrong {score.by_kind()}"
        )
    recall, precision = TEXT_FLOORS[seed]
    assert score.recall >= recall
    assert score.precision >= precision
    assert imported.plan.source == text.name


def _said(value: str, findings: list[str]) -> bool:
    """Whether a finding names a value: its words, or (a sum of money) its digits."""
    digits = "".join(c for c in value if c.isdigit())
    return any(value in f or (len(digits) >= 4 and digits in "".join(c for c in f if c.isdigit())) for f in findings)


@pytest.mark.parametrize(("seed", "text", "example"), _pairs(), ids=[p[0] for p in _pairs()])
def test_no_wrong_value_passes_without_a_finding(seed: str, text: Path, example: Path) -> None:
    """Every field the import got wrong (or made up) is named by a finding the officer reads."""
    from serviceplan.io.documents.vocabulary import normalise

    imported = read_document(text)
    score = field_agreement(_reference(example), imported.plan)
    got = plan_fields(imported.plan)
    said = [normalise(str(f)) for f in imported.findings]
    unsaid = [key for key in score.wrong if not _said(normalise(got[key]), said)]
    assert unsaid == []


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_word_documents_recall_and_precision(example: Path, variant: str, tmp_path: Path) -> None:
    reference = _reference(example)
    path = build_docx(reference, tmp_path / f"{example.stem}.docx", **VARIANTS[variant])
    imported = read_document(path)
    score = field_agreement(reference, imported.plan)
    assert score.recall >= DOCX_FLOOR[0], score.by_kind()
    assert score.precision >= DOCX_FLOOR[1], score.by_kind()


def test_word_document_of_the_largest_plan_is_recovered_whole(tmp_path: Path) -> None:
    reference = _reference(EXAMPLES / "salford-2009-12.yaml")
    path = build_docx(reference, tmp_path / "plan.docx", reworded=True, shuffle=11, merged=True, split=True)
    score = field_agreement(reference, read_document(path).plan)
    assert score.recall == 1.0
    assert score.precision == 1.0


def test_values_keep_their_printed_text_and_meaning() -> None:
    plan = read_document(SEEDS / "000_dc94e54177e698a3.txt").plan
    assert plan.report is not None
    assert plan.report.dates_text == "13 th October 2010 3 rd November 2010"
    assert [str(d) for d in plan.report.dates] == ["2010-10-13", "2010-11-03"]
    assert plan.report.financial is not None
    assert [str(y) for y in plan.report.financial.years] == ["2009/10", "2010/11", "2011/12", "2012/13"]
    assert plan.report.key_decision is False
    [saving] = plan.savings
    assert saving.amounts[0].target is not None
    assert saving.amounts[0].target.amount == 100000
    assert saving.amounts[0].target.text == "£100K"
    first = plan.actions[0]
    assert first.deadline is not None
    assert first.deadline.text == "March 2011"
    assert first.resourcing is not None
    assert first.resourcing.status.value == "existing_resources"


def test_objective_impacts_and_quarter_updates() -> None:
    plan = read_document(SEEDS / "000_dc94e54177e698a3.txt").plan
    marked = {i.number: (i.impact.value if i.impact else None, i.mark) for i in plan.objective_impacts}
    assert marked["7"] == ("positive", "V")
    assert marked["1"] == (None, None)
    assert all(str(u.period) == "2010/11 Q1" for a in plan.actions for u in a.updates)
    assert any(a.updates for a in plan.actions)


def test_a_value_that_fails_to_parse_stays_as_text_with_a_finding() -> None:
    text = "What are the main actions\tDeadline\tLead Officer\nMake it so\tMarhc 2011\tJo Bloggs\n"
    imported = read_text_export(text)
    [action] = imported.plan.actions
    assert action.deadline is None
    assert action.notes == "Deadline as printed: Marhc 2011"
    assert any(f.code == "unparsed" and "Marhc 2011" in f.message and f.where == "line 2" for f in imported.findings)


def test_unplaced_rows_and_unscored_risks_are_findings() -> None:
    text = (
        "Something else\tentirely\n"
        "Area of risk identified for the service\tCurrent Score\tTarget Score\tRisk owner\n"
        "A. Managing change\tnot yet\t4\tJohn Spink\n"
    )
    imported = read_text_export(text)
    [risk] = imported.plan.risks
    assert (risk.id, risk.title, risk.owner) == ("A", "Managing change", "John Spink")
    assert risk.current is None
    assert risk.target is not None
    assert risk.target.score == 4
    assert any(f.code == "unplaced" and f.where == "line 1" for f in imported.findings)
    assert any("not yet" in f.message for f in imported.findings)


def test_budget_totals_and_thousands_are_read_as_printed() -> None:
    plan = read_document(SEEDS / "003_58053ba97d4b85c7.txt").plan
    [table] = plan.budgets
    assert table.total is not None
    assert table.total.staffing is not None
    assert table.total.staffing.amount == 28936000
    assert sum((x.staffing.amount for x in table.lines if x.staffing), start=0) == table.total.staffing.amount
    [staff] = plan.staffing
    assert staff.total is not None
    assert sum(x.posts or 0 for x in staff.lines) == staff.total.posts == 1033


def test_negative_net_budget_of_an_income_generating_unit() -> None:
    plan = read_document(SEEDS / "002_b29fc4d9f42aa9f0.txt").plan
    [staff] = plan.staffing
    assert staff.total is not None
    assert staff.total.posts == 703
    [budget] = plan.budgets
    assert budget.total is not None
    assert budget.total.gross is not None
    assert budget.total.gross.amount == 24943000
    advance = next(x for x in budget.lines if x.label == "Salford Advance")
    assert advance.net is not None
    assert (advance.net.amount, advance.net.text) == (-340000, "-340000")
    assert sum((x.gross.amount for x in budget.lines if x.gross), start=0) == budget.total.gross.amount


@pytest.mark.parametrize(
    ("header", "meaning"),
    [
        ("ls it resourced?", "resourced"),
        ("Is  it   resourced ?", "resourced"),
        ("IS IT RESOURCED", "resourced"),
        ("Resources in place?", "resourced"),
        ("Target date", "deadline"),
        ("Deadline ", "deadline"),
        ("Responsible officer", "lead"),
        ("Lead Offcer", "lead"),
        ("Officer responsible for risk", "owner"),
        ("What are the outcomes of doing the action?", "outcome"),
        ("Which Priority does it link to?", "priority_link"),
        ("Current Score", "current_score"),
        ("Residual score", "target_score"),
        ("Existing controls", "controls"),
        ("Number of Staff (as at Feb 09)", "posts"),
        ("Total Net Budget (£000)", "net"),
        ("LPI No", "ind_code"),
        ("Why are they priorities?", "why"),
    ],
)
def test_column_headers_are_recognised_by_their_words(header: str, meaning: str) -> None:
    assert column_meaning(header)[0] == meaning


def test_targets_name_their_year_whatever_the_spacing() -> None:
    assert column_meaning("Target\n2009/ 20010") == ("target", "2009/10")
    assert column_meaning("2010/11 target") == ("target", "2010/11")
    assert column_meaning("Actual 2008/09") == ("actual", "2008/09")


def test_unrelated_words_are_not_headers() -> None:
    assert column_meaning("John Spink")[0] is None
    assert not fuzzy_contains("What are we doing", "what are we going to do")


def test_text_blocks_read_both_table_layouts() -> None:
    blocks = text_blocks("Heading\n\nA\tB\n1\t2\n\n\tcell one\ncontinued\n\tcell two\n\n\tnext row\n")
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == ["Paragraph", "Table", "Table"]
    rows_table, stream = blocks[1], blocks[2]
    assert isinstance(rows_table, Table)
    assert isinstance(stream, Table)
    assert isinstance(blocks[0], Paragraph)
    assert rows_table.rows[1].texts == ("1", "2")
    assert stream.layout == "stream"
    assert stream.rows[0].texts == ("cell one\ncontinued", "cell two")
    assert stream.rows[1].texts == ("next row",)


def test_field_agreement_of_a_plan_with_itself_is_perfect() -> None:
    for example in sorted(EXAMPLES.glob("*.yaml")):
        plan = _reference(example)
        score = field_agreement(plan, plan)
        assert (score.recall, score.precision, score.missing, score.wrong) == (1.0, 1.0, (), ())
        assert score.expected == len(plan_fields(plan)) > 0


def test_field_agreement_counts_a_wrong_value_against_both() -> None:
    plan = _reference(EXAMPLES / "sefton-corporate-services-2010-11.yaml")
    import attrs

    from serviceplan.values import Deadline

    changed = attrs.evolve(
        plan, actions=(attrs.evolve(plan.actions[0], deadline=Deadline.parse("June 2011")), *plan.actions[1:])
    )
    score = field_agreement(plan, changed)
    assert score.expected - score.right == 1
    assert len(score.wrong) == len(score.missing) == 1
    assert score.missing[0][2] == "deadline"


def test_read_document_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"missing\.txt"):
        read_document(tmp_path / "missing.txt")
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(LoadError, match="not a Word document"):
        read_document(bad)


def test_cp1252_text_exports_are_read(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes("What are the main actions\tDeadline\nSave \u00a3100K\t31 st March 2011\n".encode("cp1252"))
    [action] = read_document(path).plan.actions
    assert action.deadline is not None
    assert str(action.deadline.due) == "2011-03-31"


def test_import_command_writes_a_draft_that_loads_and_checks(tmp_path: Path) -> None:
    reference = _reference(EXAMPLES / "sefton-chief-executives-2010-11.yaml")
    document = build_docx(reference, tmp_path / "plan.docx")
    target = tmp_path / "plan.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "serviceplan", "import", str(document), "-o", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "finding(s) from reading" in done.stdout
    draft = serviceplan.load(target)
    assert isinstance(draft, ServicePlan)
    assert field_agreement(reference, draft).recall >= DOCX_FLOOR[0]
    check(draft)  # runs on the draft


def test_import_command_prints_yaml_and_findings(capsys: pytest.CaptureFixture[str]) -> None:
    from serviceplan.cli import main

    assert main(["import", str(SEEDS / "000_dc94e54177e698a3.txt")]) == 0
    out, err = capsys.readouterr()
    assert "kind: service_plan" in out
    assert "from check()" in err


# -- rules met in the seeds, tried on text they do not contain ------------------------------------

COMMITTEE_REPORT = """\
REPORT TO: OVERVIEW AND SCRUTINY COMMITTEE

DATE: 12th January 2011

SUBJECT: Review of Waste Collection Rounds

RECOMMENDATIONS:

The Committee is asked to:

1. Note the report; and
2. Agree the approach set out in paragraphs 3.2 and 3.4 of this report.

KEY DECISION: No

1. Background

- 1.1 The Council collects waste from 120,000 homes on rounds last redrawn in 1998.

3. Proposals

- 3.1 Officers have mapped every round.
- 3.2 New rounds will be drawn up and consulted on by end of March 2011.
- 3.3 This has no bearing on recycling.
- 3.4 Crews will be briefed before the new rounds start.
"""


def test_a_committee_report_is_one_priority_acted_on_in_the_paragraphs_its_recommendations_name() -> None:
    from serviceplan.io.documents import read_text_export

    imported = read_text_export(COMMITTEE_REPORT, source="waste.txt")
    plan = imported.plan
    assert [p.title for p in plan.priorities] == ["Review of Waste Collection Rounds"]
    assert plan.priorities[0].why == "The Council collects waste from 120,000 homes on rounds last redrawn in 1998."
    acted = {a.number: a for a in plan.actions}
    assert set(acted) == {"3.2", "3.4"}
    assert acted["3.2"].deadline is not None
    assert acted["3.2"].deadline.text == "by end of March 2011"
    assert all(a.priorities == (plan.priorities[0].id,) for a in plan.actions)
    messages = [f.message for f in imported.findings if f.code == "low-confidence"]
    assert any("paragraph 3.4" in m for m in messages)
    assert any("report's subject" in m for m in messages)


def test_a_paragraph_the_recommendations_name_but_the_report_lacks_is_a_finding() -> None:
    from serviceplan.io.documents import read_text_export

    text = COMMITTEE_REPORT.replace("paragraphs 3.2 and 3.4", "paragraphs 3.2 and 3.9")
    imported = read_text_export(text, source="waste.txt")
    assert [a.number for a in imported.plan.actions] == ["3.2"]
    assert any(f.code == "unplaced" and "3.9" in f.message for f in imported.findings)


PROSE_PLAN = """\
The following areas summarise what we will deliver in 2011/12:-

CUSTOMER ACCESS

We will keep our one-stop shops open and bring opening hours into line across the borough.

WORKFORCE

Staff are our most valuable asset:-

· Appraise every member of staff by 30th April each year
· Publish the workforce plan by June, 2011
· Monthly team meetings (Already commenced)

ASSETS

How we use our buildings:-

· Review the property portfolio in the following areas by 31st March, 2012:

· Depots

· Libraries

· Agree a disposals programme by September, 2011

CONSULTATION

Our consultation plan is at Appendix 4.
"""


def test_prose_sections_recurring_and_ongoing_deadlines_and_sub_items() -> None:
    from serviceplan.io.documents import read_text_export

    imported = read_text_export(PROSE_PLAN, source="prose.txt")
    plan = imported.plan
    # CUSTOMER ACCESS opens the announced run with prose alone; CONSULTATION lies after it.
    assert [p.title for p in plan.priorities] == ["CUSTOMER ACCESS", "WORKFORCE", "ASSETS"]
    deadlines = {a.title: a.deadline.text if a.deadline else None for a in plan.actions}
    assert deadlines["Appraise every member of staff by 30th April each year"] == "30th April each year"
    assert deadlines["Monthly team meetings (Already commenced)"] == "Already commenced"
    review = next(a for a in plan.actions if a.title.startswith("Review the property portfolio"))
    assert review.deadline is not None
    assert review.deadline.text == "by 31st March, 2012"
    assert review.notes is not None
    assert "Depots; Libraries" in review.notes
    assert not any(a.title in ("Depots", "Libraries") for a in plan.actions)
    assert len(plan.actions) == 5


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_load_of_a_document_says_to_read_it(tmp_path: Path, suffix: str) -> None:
    from serviceplan.errors import UnknownFormatError

    path = tmp_path / f"plan{suffix}"
    path.write_bytes(b"SUBJECT: x\n")
    with pytest.raises(UnknownFormatError, match=r"read_document\(path\)"):
        serviceplan.load(path)


PROFORMA_PAGE = (
    "Name of Service / Team: Revenues\n\n"
    "3. Collec\ttion of Council Tax on line\tWhy are they priorities?\tResidents ask to pay on line\n"
    "\n"
    "Which Priority does it link to?\tWhat are the main actions which will impact on this priority for 2011-2012"
    "\tIs it resourced?\tDeadline\tWhat are the outcomes of doing the action?\n"
    "3\t1. Procure a payments portal; and make sure that\tYes\tJune 2011\tA portal in place\n"
    "\tevery bill carries its reference.\t\t\tFewer calls\n"
    "3\t2. Close the cash office.\tNo\tMarch 2012\tSavings\n"
)


def test_a_priority_whose_words_the_export_broke_across_cells_and_a_title_finished_on_the_next_row() -> None:
    from serviceplan.io.documents import read_text_export

    imported = read_text_export(PROFORMA_PAGE, source="revenues.txt")
    plan = imported.plan
    assert [(p.number, p.title, p.why) for p in plan.priorities] == [
        ("3.", "Collec tion of Council Tax on line", "Residents ask to pay on line")
    ]
    titles = [a.title for a in plan.actions]
    assert titles == [
        "Procure a payments portal; and make sure that every bill carries its reference.",
        "Close the cash office.",
    ]
    assert plan.actions[0].outcome == "A portal in place Fewer calls"
    assert any("read as the end of action" in f.message for f in imported.findings)
