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
    assert book.sheetnames[0] == "manifest"
    assessments = book["risks_assessments"]
    header = [cell.value for cell in assessments[1]]
    assert header[:2] == ["plan_index", "plan_id"]
    assert all(cell.font.b for cell in assessments[1])
    assert assessments.freeze_panes == "A2"
    kind_column = openpyxl.utils.get_column_letter(header.index("kind") + 1)
    (check,) = assessments.data_validations.dataValidation
    assert check.formula1 == '"inherent,current,target"'
    assert str(check.sqref).startswith(f"{kind_column}2:{kind_column}")


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
