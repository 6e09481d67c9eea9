"""Excel workbooks: what an officer sees, what an officer may type, and both readers agreeing."""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import datetime

import openpyxl
import pytest

import serviceplan
from serviceplan import LoadError, Risk, ServicePlan
from serviceplan.errors import LimitError


def _book(plan: ServicePlan) -> openpyxl.Workbook:
    data = serviceplan.dumps(plan, format="excel")
    assert isinstance(data, bytes)
    return openpyxl.load_workbook(io.BytesIO(data))


def _bytes(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_every_sheet_has_a_styled_frozen_header_and_drop_downs(examples: dict[str, ServicePlan]) -> None:
    book = _book(examples["salford-2009-12"])
    assert book.sheetnames[:3] == ["about", "manifest", "plans"]
    assert all(book[name].freeze_panes == "A2" for name in book.sheetnames)
    assessments = book["risks_assessments"]
    header = [cell.value for cell in assessments[1]]
    assert header[:3] == ["kind", "likelihood", "impact"]
    assert header[-4:] == ["plan_index", "plan_id", "risks_index", "position"]  # the keys last, in grey
    assert all(cell.font.b for cell in assessments[1])
    assert {cell.font.color.rgb for cell in assessments[1][-4:]} == {"00808080"}
    last = openpyxl.utils.get_column_letter(len(header))
    assert assessments.column_dimensions[last].font.color.rgb == "00808080"  # what is typed below: grey too
    assert assessments.column_dimensions["A"].font.color.rgb != "00808080"
    checks = {str(check.sqref).split(":")[0]: check for check in assessments.data_validations.dataValidation}
    assert checks["A2"].formula1 == '"inherent,current,target"'
    assert checks["B2"].formula1 == checks["C2"].formula1 == '"1,2,3,4,5"'  # the levels of the 5 x 5 matrix
    assert checks["B2"].prompt.startswith("1 Rare; 2 Unlikely")
    assert set(checks) == {"A2", "B2", "C2"}


def test_every_closed_vocabulary_has_a_drop_down(examples: dict[str, ServicePlan]) -> None:
    from serviceplan.io.tables import to_frames

    for plan in examples.values():
        book, frames = _book(plan), to_frames(plan)
        for name, frame in frames.items():
            sheet = book[name]
            header = [cell.value for cell in sheet[1]]
            listed = {
                header[openpyxl.utils.column_index_from_string(str(check.sqref).split(":")[0][:-1]) - 1]
                for check in sheet.data_validations.dataValidation
            }
            closed = {c for c in frame.columns if str(frame[c].dtype) == "category"}
            assert closed <= listed, (name, closed - listed)


def test_columns_are_as_wide_as_their_text(examples: dict[str, ServicePlan]) -> None:
    book = _book(examples["salford-2009-12"])
    actions = book["actions"]
    header = [cell.value for cell in actions[1]]
    letter = openpyxl.utils.get_column_letter
    width = {name: actions.column_dimensions[letter(i)].width for i, name in enumerate(header, 1)}
    assert width["id"] < 10
    assert width["deadline"] >= 14
    assert width["title"] == 62  # long text: at most 60 characters wide
    titles = [row[header.index("title")] for row in actions.iter_rows(min_row=2, values_only=True)]
    assert max(map(len, titles)) > 60


def test_the_about_sheet_says_what_each_sheet_holds(examples: dict[str, ServicePlan]) -> None:
    plan = examples["salford-2009-12"]
    about = _book(plan)["about"]
    rows = list(about.iter_rows(values_only=True))
    assert rows[0][0] == plan.title
    table = {row[0]: row[1:] for row in rows[rows.index(("sheet", "what a row is", "rows")) + 1 :]}
    assert table["actions"] == ("an action that delivers one or more priorities (a row of plans, by plan_index)", 57)
    assert table["risks_assessments"][1] == sum(len(r.assessments) for r in plan.risks)


def test_the_layout_is_not_needed_to_read_a_workbook(examples: dict[str, ServicePlan]) -> None:
    """Columns moved, the about sheet deleted: the same plan (columns are taken by name)."""
    plan = examples["salford-2009-12"]
    book = _book(plan)
    del book["about"]
    actions = book["actions"]
    rows = [list(row) for row in actions.iter_rows(values_only=True)]
    actions.delete_rows(1, actions.max_row)
    for row in rows:
        actions.append(row[::-1])
    assert serviceplan.loads(_bytes(book), format="excel") == plan


def test_what_an_officer_types_reads_as_text(examples: dict[str, ServicePlan]) -> None:
    """A date typed as a date (a serial number with a date format) and a number typed as a number."""
    plan = examples["sefton-corporate-services-2010-11"]
    book = _book(plan)
    dates = book["report_dates"]
    value_column = [cell.value for cell in dates[1]].index("value") + 1
    assert dates.cell(2, value_column).value == "2010-10-13"
    dates.cell(2, value_column).value = datetime(2010, 10, 13)
    dates.cell(2, value_column).number_format = "dd/mm/yyyy"
    actions = book["actions"]
    number_column = [cell.value for cell in actions[1]].index("number") + 1
    assert actions.cell(2, number_column).value == "1."
    units = book["units"]
    head = [cell.value for cell in units[1]]
    units.cell(2, head.index("position") + 1).value = 0.0  # a key typed as a decimal number
    data = _bytes(book)
    with zipfile.ZipFile(io.BytesIO(data)) as parts:
        sheet_xml = next(
            parts.read(n).decode()
            for n in parts.namelist()
            if n.startswith("xl/worksheets/") and "40464" in parts.read(n).decode()
        )
    assert "40464" in sheet_xml  # stored as the serial number of 13 October 2010
    assert serviceplan.loads(data, format="excel") == plan


def test_text_that_xml_would_lose_comes_back() -> None:
    plan = ServicePlan(id="p", title=" ", risks=[Risk(id="A", title="\n", owner="a\r\nb")], council="\x07bell")
    assert serviceplan.loads(serviceplan.dumps(plan, format="excel"), format="excel") == plan


def test_both_readers_agree(examples: dict[str, ServicePlan], monkeypatch: pytest.MonkeyPatch) -> None:
    """python-calamine when installed, openpyxl otherwise: the same plans."""
    books = {name: serviceplan.dumps(plan, format="excel") for name, plan in examples.items()}
    with_calamine = {name: serviceplan.loads(data, format="excel") for name, data in books.items()}
    monkeypatch.setitem(sys.modules, "python_calamine", None)  # import python_calamine now fails
    with_openpyxl = {name: serviceplan.loads(data, format="excel") for name, data in books.items()}
    assert with_calamine == with_openpyxl == examples


def test_a_zip_bomb_called_xlsx_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("xl/worksheets/sheet1.xml", b" " * (300 * 1024 * 1024))
    with pytest.raises(LimitError, match=r"sheet1\.xml: unpacks to 314,572,800 bytes"):
        serviceplan.loads(out.getvalue(), format="excel")


def test_a_sheet_without_a_header_is_named() -> None:
    book = _book(ServicePlan(id="p", title="t"))
    book.create_sheet("empty")
    with pytest.raises(LoadError, match="sheet empty: has no header row"):
        serviceplan.loads(_bytes(book), format="excel")
