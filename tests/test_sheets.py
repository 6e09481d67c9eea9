"""Reading a council's own sheets: seven layouts modelled on registers and trackers councils publish."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from serviceplan.errors import LoadError, ModelError, ParseError
from serviceplan.io.sheets import (
    CellError,
    Column,
    ColumnMapping,
    CombinedOrder,
    LetterOrder,
    SheetKind,
    guess_field,
    guess_mapping,
    guess_sheet_mapping,
    header_key,
    load_mapping,
    read_level,
    read_pair,
    read_rag,
    read_rows,
    read_score,
    read_sheet,
    read_table,
)
from serviceplan.model import Assessment, Risk
from serviceplan.values.periods import FinancialYear, Period
from serviceplan.values.vocab import ActionStatus, AssessmentKind, Polarity, Rag, SavingKind

openpyxl = pytest.importorskip("openpyxl")


def _xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _csv(path: Path, rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def _bad(result: object) -> list[tuple[str, str]]:
    return [(f.where, f.text) for f in result.findings if f.code == "bad-row"]  # type: ignore[attr-defined]


# -- 1. a 5x5 likelihood/impact register with inherent and residual scores (xlsx, a title row) ------


def test_five_by_five_register_with_inherent_and_residual(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "corporate.xlsx",
        {
            "Risk Register": [
                ["Corporate Risk Register 2010/11"],
                [],
                [
                    "Risk Ref",
                    "Risk Title",
                    "Risk Description",
                    "Risk Owner",
                    "Inherent Likelihood",
                    "Inherent Impact",
                    "Inherent Risk Score",
                    "Existing Controls",
                    "Residual Likelihood",
                    "Residual Impact",
                    "Residual Risk Score",
                    "Further Actions",
                    "Target Date",
                    "Date added",
                ],
                [
                    "CR01",
                    "Pay review",
                    "Equal pay claims",
                    "HR",
                    4,
                    5,
                    20,
                    "Job evaluation",
                    3,
                    4,
                    12,
                    "Audit",
                    datetime(2011, 3, 31),
                    "x",
                ],
                ["CR02", "Budget gap", None, "Finance", "High", 5, 25, "MTFP", 3, 3, 9, None, None, None],
                ["CR03", "ICT failure", None, "ICT", 5, 5, 25, "DR plan\nBackups", 2, 2, 4, None, "31/03/2011", None],
                [None, None, None, None, None, None, None, None, None, None, None, None, None, None],
            ],
            "Matrix": [["5x5"]],
        },
    )
    result = read_sheet(path, "risks")
    assert [r.id for r in result.plan.risks] == ["CR01", "CR03"]
    first = result.plan.risks[0]
    assert first.assessment(AssessmentKind.INHERENT) == Assessment(
        kind=AssessmentKind.INHERENT, likelihood=4, impact=5, score=20
    )
    assert first.current == Assessment(kind=AssessmentKind.CURRENT, likelihood=3, impact=4, score=12)
    assert first.owner == "HR"
    assert first.description == "Equal pay claims"
    assert result.plan.risks[1].controls == ("DR plan", "Backups")
    assert first.deadline.due == date(2011, 3, 31)  # a date cell
    assert _bad(result) == [("corporate.xlsx!Risk Register row 5 column 'Inherent Likelihood'", "High")]
    ignored = [f.text for f in result.findings if f.code == "ignored-column"]
    assert ignored == ["Date added"]


# -- 2. a score-only register, as Salford printed (CSV) --------------------------------------------


def test_score_only_register_keeps_the_printed_scores(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "scores.csv",
        [
            ["ID", "Risk", "Current Score", "Target Score", "What do we do now?", "Risk Owner"],
            ["D", "Pay Review", "16", "8", "Monitor", "Mike Bleese"],
            ["E", "Legislation", "12", "", "", ""],
            ["F", "Something", "sixteen", "4", "", ""],
            ["G", "Too big", "999", "4", "", ""],
        ],
    )
    result = read_sheet(path, "risks")
    d, e = result.plan.risks
    assert d.current == Assessment(kind=AssessmentKind.CURRENT, score=16)
    assert d.target == Assessment(kind=AssessmentKind.TARGET, score=8)
    assert e.target is None
    assert e.controls == ()
    bad = _bad(result)
    assert bad[0] == ("scores.csv row 4 column 'Current Score'", "sixteen")
    assert bad[1][0] == "scores.csv row 5 column 'Current Score'"
    assert "999" in bad[1][1]


# -- 3. combined "4x3" cells, semicolons and Windows-1252 (CSV) ------------------------------------


def test_combined_cells_semicolons_and_cp1252(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "dept.csv",
        [
            ["Ref", "Risk", "Lead Officer", "Gross (L x I)", "Net (L x I)", "RAG"],
            ["1", "Café contract", "J Smith", "4x3", "2 x 3", "Amber"],
            ["2", "Fraud", "A Jones", "L5 I4", "I2 L3", "green"],
            ["3", "Flood", "A Jones", "4x", "2x2", "Red"],
        ],
        delimiter=";",
        encoding="cp1252",
    )
    result = read_sheet(path, "risks")
    one, two = result.plan.risks
    assert one.title == "Café contract"
    assert (one.assessment(AssessmentKind.INHERENT).likelihood, one.assessment(AssessmentKind.INHERENT).impact) == (
        4,
        3,
    )
    assert (one.current.likelihood, one.current.impact, one.current.note) == (2, 3, "RAG amber as printed")
    assert (two.assessment(AssessmentKind.INHERENT).likelihood, two.current.likelihood, two.current.impact) == (5, 3, 2)
    assert _bad(result) == [("dept.csv row 4 column 'Gross (L x I)'", "4x")]
    assert next(f.code for f in result.findings) == "coerced"


def test_a_colour_alone_keeps_the_risk_unscored(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "rag.csv",
        [["Ref", "Risk", "RAG", "Target Score"], ["1", "Flood", "Red", "4"], ["2", "Fire", "Pink", ""]],
    )
    result = read_sheet(path, "risks")
    (flood,) = result.plan.risks
    assert flood.current is None
    assert flood.target.score == 4
    ignored = [(f.where, f.text) for f in result.findings if f.code == "ignored-cell"]
    assert ignored == [("rag.csv row 2 column 'RAG'", "Red")]
    assert _bad(result) == [("rag.csv row 3 column 'RAG'", "Pink")]


def test_impact_first_header_reads_the_pair_the_other_way() -> None:
    mapping = guess_mapping(["Ref", "Risk", "Impact x Likelihood"], [["1", "x", "4x3"]], "risks")
    assert mapping.combined is CombinedOrder.IMPACT_FIRST
    assert mapping.columns[2].field == "current_rating"


# -- 4. letter-coded likelihood "D4" (A–E), with the convention in a saved mapping (xlsx) ----------


def test_letter_likelihood_register_both_conventions(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "letters.xlsx",
        {
            "Register": [
                ["Risk No", "Risk", "Inherent Rating", "Residual Rating", "Target Rating"],
                ["R1", "Safeguarding", "B5", "D4", "E4"],
                ["R2", "Data loss", "A3", "C3", "F3"],
            ]
        },
    )
    result = read_sheet(path, "risks")
    (r1,) = result.plan.risks
    assert (r1.assessment(AssessmentKind.INHERENT).likelihood, r1.current.likelihood, r1.target.likelihood) == (4, 2, 1)
    assert r1.current.impact == 4
    assert _bad(result) == [("letters.xlsx!Register row 3 column 'Target Rating'", "F3")]
    guessed = guess_sheet_mapping(path, "risks")
    saved = tmp_path / "letters.yaml"
    saved.write_text(guessed.to_yaml().replace("kind: risks", "kind: risks\nletters: a_lowest"), encoding="utf-8")
    mapping = load_mapping(saved)
    assert mapping.letters is LetterOrder.A_LOWEST
    flipped = read_sheet(path, "risks", mapping)
    assert flipped.plan.risks[0].current.likelihood == 4  # D is the fourth letter from the bottom


# -- 5. an indicator table: targets and actuals by year, RAG colour words (xlsx) -------------------


def test_indicator_table_with_periods_and_rag_words(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "pis.xlsx",
        {
            "Indicators": [
                [
                    "PI Code",
                    "Indicator",
                    "Polarity",
                    "Actual 2008/09",
                    "Target 2009/10",
                    "Actual 2009/10",
                    "RAG 2009/10",
                    "Target 2010/11",
                ],
                ["NI 181", "Time taken to process claims", "Lower is better", 21, 20, 19.5, "Green", "To be set"],
                ["LPI 10", "Sickness", "lower", "9.2", "8.5", "9.0", "Amber", "8"],
                ["LPI 12", "Bad one", "up", "n/k", "10", "", "Red", ""],
            ]
        },
    )
    result = read_sheet(path, "indicators")
    ni, lpi = result.plan.indicators
    assert ni.polarity is Polarity.LOWER_IS_BETTER
    year = Period.parse("2009/10")
    assert ni.target_for(year).value.value == Decimal(20)
    assert ni.actual_for(year).value.value == Decimal("19.5")
    assert ni.actual_for(year).published_rag is Rag.GREEN
    assert lpi.actual_for(year).published_rag is Rag.AMBER
    assert str(ni.target_for(Period.parse("2010/11")).value.kind) == "to_be_set"
    wheres = [w for w, _ in _bad(result)]
    assert wheres[0] == "pis.xlsx!Indicators row 4 column 'Actual 2008/09'"
    assert any("RAG 2009/10" in w for w in wheres)  # a colour with no actual beside it


# -- 6. an action tracker with quarterly updates (CSV) ---------------------------------------------


def test_action_tracker(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "actions.csv",
        [
            [
                "Action No.",
                "Action",
                "Priority",
                "Lead Officer",
                "Deadline",
                "Status",
                "Q1 2010/11 Update",
                "Q1 2010/11 RAG",
            ],
            [
                "1.",
                "Implement pay model",
                "1, 3",
                "John Spink",
                "March 2011",
                "On target",
                "Consultation done",
                "Green",
            ],
            ["2.", "Review HR policies", "2", "Ann Lee", "Marhc 2011", "In progress", "", ""],
            ["3.", "E-petitions", "2 & 4", "Ann Lee", "15 December 2010", "Complete", "", "Purple"],
            ["4.", "Shared service", "5", "", "Ongoing", "Not started", "Awaiting Cabinet", ""],
        ],
    )
    result = read_sheet(path, "actions")
    one, four = result.plan.actions
    assert (one.id, one.number, one.priorities, one.status) == ("1", "1.", ("1", "3"), ActionStatus.ON_TARGET)
    (update,) = one.updates
    assert update.period == Period.parse("2010/11 Q1")
    assert update.rag is Rag.GREEN
    assert update.text == "Consultation done"
    assert four.updates[0].rag is None
    assert four.lead_officer is None
    assert _bad(result) == [
        ("actions.csv row 3 column 'Deadline'", "Marhc 2011"),
        ("actions.csv row 4 column 'Q1 2010/11 RAG'", "Purple"),
    ]


# -- 7. a savings tracker in £K by year (xlsx) -----------------------------------------------------


def test_savings_tracker_in_thousands(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "savings.xlsx",
        {
            "Summary": [["Savings 2011/12 to 2012/13"]],
            "Tracker": [
                [
                    "Ref",
                    "Saving Proposal",
                    "Service",
                    "Recurrent / One-off",
                    "2011/12 £K",
                    "2012/13 £K",
                    "Achieved 2011/12 £K",
                    "RAG",
                ],
                ["S1", "Integrate HR and payroll", "HR", "Recurrent", 250, 100, 250, "Green"],
                ["S2", "Equalities review", "Policy", "One-off", "100", "-", "", "Amber"],
                ["S3", "Restructure", "Policy", "Recurrent", "lots", "", "", "Red"],
            ],
        },
    )
    result = read_sheet(path, "savings")
    s1, s2 = result.plan.savings
    assert result.plan.title.endswith("(Tracker)")
    assert s1.kind is SavingKind.RECURRENT
    assert s2.kind is SavingKind.ONE_OFF
    first = s1.amounts[0]
    assert first.year == FinancialYear(2011)
    assert (first.target.amount, first.delivered.amount) == (Decimal(250000), Decimal(250000))
    assert s1.amounts[1].target.amount == Decimal(100000)
    assert s1.confidence is Rag.GREEN
    assert [a.year for a in s2.amounts] == [FinancialYear(2011)]
    assert _bad(result) == [("savings.xlsx!Tracker row 4 column '2011/12 £K'", "lots")]


# -- mappings ---------------------------------------------------------------------------------------


def test_mapping_in_code_reads_any_header_names(tmp_path: Path) -> None:
    path = _csv(tmp_path / "odd.csv", [["Q", "Z", "W"], ["A1", "Thing", "3x2"]])
    mapping = ColumnMapping(
        kind=SheetKind.RISKS,
        columns=[
            Column(field="id", header="Q"),
            Column(field="title", header="Z"),
            Column(field="current_rating", header="W"),
        ],
    )
    (risk,) = read_sheet(path, "risks", mapping).plan.risks
    assert (risk.id, risk.current.likelihood, risk.current.impact) == ("A1", 3, 2)


def test_mapping_yaml_round_trip_and_errors(tmp_path: Path) -> None:
    mapping = guess_mapping(["Ref", "Indicator", "Target 2010/11"], [], "indicators")
    assert ColumnMapping.from_plain(mapping.to_plain()) == mapping
    assert mapping.columns[2] == Column(field="target", header="Target 2010/11", period="2010/11")
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: risk\ncolumns:\n  - {field: id, header: 3}\nextra: 1\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_mapping(bad)
    text = str(caught.value)
    assert "kind" in text
    assert "columns[0].header" in text
    assert "extra" in text
    with pytest.raises(ModelError, match="have no field 'colour'"):
        ColumnMapping(kind=SheetKind.RISKS, columns=[Column(field="colour", header="C")])
    with pytest.raises(ModelError, match="cannot read financial year 'Q1 2010/11'"):
        ColumnMapping(kind=SheetKind.SAVINGS, columns=[Column(field="target", header="T", period="Q1 2010/11")])
    with pytest.raises(ModelError, match="needs a period"):
        ColumnMapping(kind=SheetKind.INDICATORS, columns=[Column(field="target", header="T")])


def test_missing_header_or_sheet_is_a_load_error(tmp_path: Path) -> None:
    path = _csv(tmp_path / "r.csv", [["Ref", "Risk"], ["1", "x"]])
    mapping = ColumnMapping(kind=SheetKind.RISKS, columns=[Column(field="id", header="Risk Ref")])
    with pytest.raises(LoadError, match="no column 'Risk Ref'"):
        read_sheet(path, "risks", mapping)
    book = _xlsx(tmp_path / "b.xlsx", {"One": [["Ref"]]})
    with pytest.raises(LoadError, match="no sheet 'Two'"):
        read_table(book, sheet="Two")
    with pytest.raises(LoadError, match="mapping is for risks"):
        read_rows(read_table(path), "actions", mapping)


# -- cells and headers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4x3", (4, 3)),
        ("4 x 3", (4, 3)),
        ("4×3", (4, 3)),
        ("4*3", (4, 3)),
        ("4x3=12", (4, 3)),
        ("L4 I3", (4, 3)),
        ("I3, L4", (4, 3)),
        ("P2 C5", (2, 5)),
        ("D4", (2, 4)),
        ("4D", (2, 4)),
        ("a1", (5, 1)),
        ("E 5", (1, 5)),
    ],
)
def test_read_pair(text: str, expected: tuple[int, int]) -> None:
    assert read_pair(text) == expected


@pytest.mark.parametrize("text", ["", "4", "4x", "x3", "L4 L3", "F4", "0x3", "high", "4x3x2"])
def test_read_pair_refuses(text: str) -> None:
    with pytest.raises(CellError, match="likelihood x impact"):
        read_pair(text)


def test_letters_and_orders() -> None:
    assert [read_level(c) for c in "ABCDE"] == [5, 4, 3, 2, 1]
    assert [read_level(c, letters=LetterOrder.A_LOWEST) for c in "abcde"] == [1, 2, 3, 4, 5]
    assert read_pair("4x3", order=CombinedOrder.IMPACT_FIRST) == (3, 4)
    assert read_score("16.0") == 16
    with pytest.raises(ParseError):
        read_score("0")
    with pytest.raises(CellError):
        read_level("0")
    assert [read_rag(t) for t in ("RED", " amber ", "G", "Amber/Green", "Red-Amber")] == [
        Rag.RED,
        Rag.AMBER,
        Rag.GREEN,
        Rag.AMBER,
        Rag.RED,
    ]
    with pytest.raises(CellError, match="colour"):
        read_rag("Purple")


def test_cell_errors_pickle() -> None:
    import pickle

    err = CellError("likelihood", "High", "expected a number")
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err) == "cannot read likelihood 'High': expected a number"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Likelihood", "current_likelihood"),
        ("L", "current_likelihood"),
        ("Prob.", "current_likelihood"),
        ("LIKELIHOOD (1-5)", "current_likelihood"),
        ("Impact x Likelihood", "current_rating"),
        ("Residual score", "current_score"),
        ("Inherent Risk Score", "inherent_score"),
        ("Gross L", "inherent_likelihood"),
        ("Net  Impact", "current_impact"),
        ("Target rating", "target_rating"),
        ("RAG", "current_rag"),
        ("Risk Owner", "owner"),
        ("risk ref.", "id"),
        ("Consequence", "current_impact"),
    ],
)
def test_guess_risk_headers(header: str, field: str) -> None:
    guessed = guess_field(header, "risks")
    assert guessed is not None
    assert guessed[0] == field


def test_header_key_ignores_case_spacing_and_punctuation() -> None:
    assert header_key(" Impact  X likelihood: ") == header_key("impact*likelihood") == "impact x likelihood"
    assert guess_field("Colour of the sky", "risks") is None
    assert guess_field("Q1 2010/11 saving", "savings") is None  # a saving's period is a financial year
    assert guess_field("Q1 2010/11 update", "actions") == ("update", "Q1 2010/11", False)


def test_repeated_headers_read_as_inherent_then_current(tmp_path: Path) -> None:
    path = _csv(tmp_path / "twice.csv", [["Ref", "Risk", "L", "I", "L", "I"], ["1", "x", "5", "4", "2", "3"]])
    (risk,) = read_sheet(path, "risks").plan.risks
    assert (risk.assessment(AssessmentKind.INHERENT).likelihood, risk.current.likelihood) == (5, 2)


# -- a register dumped with random headers and column order reads back the same -------------------

_HEADERS = {
    "id": ["Ref", "Risk Ref", "ID", "Risk No."],
    "title": ["Risk", "Risk Title", "Title"],
    "owner": ["Owner", "Risk Owner", "Lead Officer"],
    "inherent_likelihood": ["Inherent Likelihood", "Gross L", "Inherent L", "Original Probability"],
    "inherent_impact": ["Inherent Impact", "Gross I", "Inherent I", "Original Impact"],
    "current_likelihood": ["Residual Likelihood", "Current L", "Net Prob.", "Likelihood"],
    "current_impact": ["Residual Impact", "Current I", "Net Impact", "Impact"],
    "current_score": ["Residual Score", "Current Score", "Net Risk Score"],
}

_risks = st.lists(
    st.builds(
        lambda n, title, owner, il, ii, cl, ci: (f"R{n}", title, owner, il, ii, cl, ci),
        st.integers(1, 999),
        st.text(st.characters(categories=("L", "N"), max_codepoint=0x24F), min_size=1, max_size=12),
        st.sampled_from(["HR", "Finance", "ICT", "Legal"]),
        *[st.integers(1, 5)] * 4,
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda r: r[0],
)


@given(
    risks=_risks,
    choice=st.fixed_dictionaries({k: st.sampled_from(v) for k, v in _HEADERS.items()}),
    order=st.permutations(list(_HEADERS)),
    delimiter=st.sampled_from([",", ";"]),
)
def test_random_layout_round_trip(
    risks: list[tuple[str, str, str, int, int, int, int]], choice: dict[str, str], order: list[str], delimiter: str
) -> None:
    values = {}
    expected = []
    for ident, title, owner, il, ii, cl, ci in risks:
        values[ident] = {
            "id": ident,
            "title": title,
            "owner": owner,
            "inherent_likelihood": str(il),
            "inherent_impact": str(ii),
            "current_likelihood": str(cl),
            "current_impact": str(ci),
            "current_score": str(cl * ci),
        }
        expected.append(
            Risk(
                id=ident,
                title=title,
                owner=owner,
                assessments=[
                    Assessment(kind=AssessmentKind.INHERENT, likelihood=il, impact=ii),
                    Assessment(kind=AssessmentKind.CURRENT, likelihood=cl, impact=ci, score=cl * ci),
                ],
            )
        )
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow([choice[f] for f in order])
    for ident, *_ in risks:
        writer.writerow([values[ident][f] for f in order])
    from serviceplan.io.sheets import Table

    rows = tuple(tuple(r) for r in csv.reader(io.StringIO(out.getvalue()), delimiter=delimiter))
    result = read_rows(Table(source="random.csv", sheet=None, rows=rows), "risks")
    assert [f for f in result.findings if f.code != "ignored-column"] == []
    assert list(result.plan.risks) == expected
    # and the same through the file reader, which sniffs the delimiter
    file_result = read_table(data=out.getvalue().encode("utf-8"), name="random.csv")
    assert read_rows(file_result, "risks").plan.risks == result.plan.risks
