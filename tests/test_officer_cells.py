"""Workbooks as officers fill them in: typed cells read as meant, each reading a finding, and a real spreadsheet
application (LibreOffice headless) re-saving what the library wrote."""

from __future__ import annotations

import io
import subprocess
from datetime import datetime
from pathlib import Path

import attrs
import openpyxl
import pytest

import serviceplan
from serviceplan.io import read_workbook
from serviceplan.io.formats._cells import cell_ref
from serviceplan.model import ServicePlan
from serviceplan.values import ResourcingStatus
from tests.conftest import needs_program


@pytest.fixture(scope="module")
def salford() -> ServicePlan:
    plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
    assert isinstance(plan, ServicePlan)
    return plan


def _columns(sheet: object) -> dict[str, int]:
    return {cell.value: cell.column for cell in next(sheet.iter_rows(min_row=1, max_row=1))}  # type: ignore[attr-defined]


def _edited(plan: ServicePlan, tmp_path: Path) -> Path:
    """The plan's workbook as an officer might leave it: typed dates, numbers, TRUE and a percentage."""
    data = serviceplan.dumps(plan, format="excel")
    book = openpyxl.load_workbook(io.BytesIO(data))
    actions = book["actions"]
    at = _columns(actions)
    actions.cell(row=2, column=at["deadline"], value=datetime(2010, 9, 30)).number_format = "dd/mm/yyyy"
    actions.cell(row=3, column=at["deadline"], value=40451)  # the same day as a serial, its format lost
    actions.cell(row=4, column=at["number"], value=12)
    targets = book["indicators_targets"]
    tt = _columns(targets)
    targets.cell(row=2, column=tt["value"], value=0.85).number_format = "0%"
    path = tmp_path / "edited.xlsx"
    book.save(path)
    return path


def test_typed_cells_are_read_as_meant_and_each_is_a_finding(salford: ServicePlan, tmp_path: Path) -> None:
    path = _edited(salford, tmp_path)
    result = read_workbook(path)
    plan = result.plan
    assert isinstance(plan, ServicePlan)
    first, second, third = plan.actions[:3]
    assert first.deadline is not None and first.deadline.due.isoformat() == "2010-09-30"  # noqa: PT018
    assert second.deadline is not None and second.deadline.due.isoformat() == "2010-09-30"  # noqa: PT018
    assert third.number == "12"
    assert plan.indicators[0].targets[0].value.text == "85%"
    found = {f.where: f for f in result.findings}
    at = _columns(openpyxl.load_workbook(path)["actions"])
    assert set(found) == {
        f"actions!{cell_ref(at['deadline'] - 1, 2)}",
        f"actions!{cell_ref(at['deadline'] - 1, 3)}",
        f"actions!{cell_ref(at['number'] - 1, 4)}",
        f"indicators_targets!{cell_ref(_columns(openpyxl.load_workbook(path)['indicators_targets'])['value'] - 1, 2)}",
    }
    assert all(f.code == "coerced" for f in result.findings)
    assert any("date serial 40451 read as 2010-09-30" in f.message for f in result.findings)
    assert any("read as 85%" in f.message for f in result.findings)
    assert serviceplan.load(path) == plan  # load reads the same way; read_workbook says what it read


def test_true_and_false_in_a_yes_no_column_read_as_yes_and_no(tmp_path: Path) -> None:
    plan = serviceplan.load(serviceplan.example_path("sefton-corporate-services-2010-11"))
    assert isinstance(plan, ServicePlan)
    rows = [n for n, a in enumerate(plan.actions) if a.resourcing is not None][:2]
    book = openpyxl.load_workbook(io.BytesIO(serviceplan.dumps(plan, format="excel")))
    actions = book["actions"]
    column = _columns(actions)["resourcing.status"]
    actions.cell(row=rows[0] + 2, column=column, value=True)
    actions.cell(row=rows[1] + 2, column=column, value=False)
    path = tmp_path / "yes-no.xlsx"
    book.save(path)
    result = read_workbook(path)
    assert isinstance(result.plan, ServicePlan)
    got = [result.plan.actions[n].resourcing for n in rows]
    assert [r.status if r else None for r in got] == [ResourcingStatus.YES, ResourcingStatus.NO]
    assert [f.where for f in result.findings] == [f"actions!{cell_ref(column - 1, n + 2)}" for n in rows]
    assert "TRUE read as 'yes'" in result.findings[0].message


def test_a_workbook_the_library_wrote_has_nothing_to_interpret(salford: ServicePlan, tmp_path: Path) -> None:
    path = tmp_path / "plain.xlsx"
    serviceplan.dump(salford, path)
    result = read_workbook(path)
    assert result.findings == ()
    assert result.plan == salford


def test_true_in_a_text_column_is_still_refused(salford: ServicePlan, tmp_path: Path) -> None:
    data = serviceplan.dumps(salford, format="excel")
    book = openpyxl.load_workbook(io.BytesIO(data))
    actions = book["actions"]
    actions.cell(row=2, column=_columns(actions)["title"], value=True)
    path = tmp_path / "true.xlsx"
    book.save(path)
    with pytest.raises(serviceplan.errors.LoadError, match="expected text, not the value TRUE"):
        read_workbook(path)


def _soffice(source: Path, out: Path, target: str, tmp_path: Path) -> Path:
    soffice = needs_program("soffice")
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        timeout=240,
        capture_output=True,
    )
    return out / (source.stem + "." + target.split(":", maxsplit=1)[0])


def test_a_workbook_re_saved_by_libreoffice_loads_back_identical(salford: ServicePlan, tmp_path: Path) -> None:
    written = tmp_path / "salford.xlsx"
    serviceplan.dump(salford, written)
    (tmp_path / "lo").mkdir()
    resaved = _soffice(written, tmp_path / "lo", "xlsx", tmp_path)
    assert resaved.read_bytes() != written.read_bytes()  # a different writer's file
    assert serviceplan.load(resaved) == salford


def test_typed_cells_survive_a_re_save_by_libreoffice(salford: ServicePlan, tmp_path: Path) -> None:
    edited = _edited(salford, tmp_path)
    (tmp_path / "lo").mkdir()
    resaved = _soffice(edited, tmp_path / "lo", "xlsx", tmp_path)
    result = read_workbook(resaved)
    assert result.plan == read_workbook(edited).plan
    # LibreOffice keeps the date, the serial, the number and the percentage cells typed
    assert len(result.findings) == len(read_workbook(edited).findings) == 4


# -- CSV bundles whose tables a spreadsheet saved again ---------------------------------------


def _excel_saved(plan: ServicePlan, *, delimiter: str, encoding: str) -> tuple[bytes, int]:
    """The plan's CSV bundle with each table as Excel saves it, and how many cells Excel changed.

    Flags become TRUE and FALSE, dates day/month/year, and, with ``;`` (a decimal-comma
    locale), decimals take a comma; the text is encoded as Excel's "CSV" is.
    """
    import csv
    import zipfile

    from serviceplan.io.fields import Kind
    from serviceplan.io.tables import table_specs

    specs = table_specs()
    changed = 0
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(serviceplan.dumps(plan, format="csv"))) as bundle,
        zipfile.ZipFile(out, "w") as saved,
    ):
        for name in bundle.namelist():
            data = bundle.read(name)
            if not name.endswith(".csv"):
                saved.writestr(name, data)
                continue
            spec = specs[name.removeprefix("tables/").removesuffix(".csv")]
            kinds = {c.name: (c.marker, c.shape.inner.kind) for c in spec.columns}
            rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
            for row in rows[1:]:
                for n, (column, text) in enumerate(zip(rows[0], row, strict=True)):
                    marker, kind = kinds.get(column, (False, None))
                    if text in ("True", "False") and (marker or kind is Kind.BOOL):
                        row[n] = text.upper()
                    elif kind is Kind.DATE and text:
                        year, month, day = text.split("-")
                        row[n] = f"{day}/{month}/{year}"
                    elif kind is Kind.DECIMAL and delimiter == ";" and "." in text:
                        row[n] = text.replace(".", ",")
                    else:
                        continue
                    changed += 1
            text_out = io.StringIO()
            csv.writer(text_out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
            saved.writestr(name, text_out.getvalue().encode(encoding))
    return out.getvalue(), changed


@pytest.mark.parametrize(
    ("delimiter", "encoding"), [(",", "cp1252"), (";", "cp1252"), (";", "utf-8-sig"), ("\t", "utf-8")]
)
@pytest.mark.parametrize("example", ["salford-2009-12", "sefton-corporate-services-2010-11"])
def test_a_csv_bundle_a_spreadsheet_saved_again_reads_as_meant(
    example: str, delimiter: str, encoding: str, tmp_path: Path
) -> None:
    plan = serviceplan.load(serviceplan.example_path(example))
    data, changed = _excel_saved(plan, delimiter=delimiter, encoding=encoding)
    assert changed > 0
    path = tmp_path / "plan.csv.zip"
    path.write_bytes(data)
    result = read_workbook(path)
    assert result.plan == plan
    assert serviceplan.load(path) == plan  # load() reads it the same way
    cells = [f for f in result.findings if ", row " in f.where]
    assert len(cells) == changed  # a finding per cell read as meant
    assert all(f.code == "coerced" and f.text for f in result.findings)
    files = {f.where for f in result.findings if ", row " not in f.where}
    if encoding == "cp1252" or delimiter != ",":
        assert files  # the encoding and the separator are said, file by file
    if example == "sefton-corporate-services-2010-11":
        assert any("(day/month/year) read as 2010-10-13" in f.message for f in cells)


def test_a_csv_date_that_is_no_date_is_refused(salford: ServicePlan) -> None:
    from serviceplan import LoadError

    plan = serviceplan.load(serviceplan.example_path("sefton-corporate-services-2010-11"))
    data, _ = _excel_saved(plan, delimiter=",", encoding="utf-8")
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as bundle, zipfile.ZipFile(out, "w") as edited:
        for name in bundle.namelist():
            content = bundle.read(name)
            if name == "tables/report_dates.csv":
                content = content.replace(b"13/10/2010", b"31/02/2010", 1)
            edited.writestr(name, content)
    with pytest.raises(LoadError, match=r"report_dates.*31/02/2010|31/02/2010"):
        serviceplan.loads(out.getvalue(), format="csv")


def test_a_folder_bundle_is_read_with_findings(salford: ServicePlan, tmp_path: Path) -> None:
    folder = serviceplan.dump(salford, tmp_path / "salford", format="csv")
    assert read_workbook(folder).findings == ()
    assert read_workbook(folder).plan == salford


@pytest.mark.parametrize("special", [False, True], ids=["as-text", "special-numbers"])
def test_a_csv_bundle_re_saved_by_libreoffice_loads_with_only_its_number_texts_rewritten(
    special: bool, tmp_path: Path
) -> None:
    """LibreOffice opens each table (import defaults) and saves it as a Windows user in a ';' locale would:
    ';' separators, Windows-1252. The bundle loads; what differs is only what a spreadsheet does to any CSV,
    text that looks like a number rewritten as the number ("1." as 1, "22,500" as 22500, "15%" as 15.00%)."""
    import zipfile

    soffice = needs_program("soffice")
    plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
    assert isinstance(plan, ServicePlan)
    original = zipfile.ZipFile(io.BytesIO(serviceplan.dumps(plan, format="csv")))
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    tables = [n for n in original.namelist() if n.endswith(".csv")]
    for name in tables:
        (src / Path(name).name).write_bytes(original.read(name))
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            f"--infilter=CSV:44,34,76,1,,2057,false,{'true' if special else 'false'}",  # comma, ", UTF-8, line 1
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):59,34,1,1",  # ';', double quote, Windows-1252
            "--outdir",
            str(out),
            *sorted(str(p) for p in src.iterdir()),
        ],
        check=True,
        timeout=240,
        capture_output=True,
    )
    first = (out / "actions.csv").read_bytes().split(b"\n", 1)[0]
    assert b";" in first
    assert b"," not in first  # LibreOffice wrote what we asked for
    resaved = tmp_path / "resaved.csv.zip"
    with zipfile.ZipFile(resaved, "w") as bundle:
        for name in original.namelist():
            bundle.writestr(name, (out / Path(name).name).read_bytes() if name in tables else original.read(name))
    result = read_workbook(resaved)
    assert any("';'" in f.message for f in result.findings)
    back = result.plan
    assert isinstance(back, ServicePlan)
    # the spreadsheet's rewriting, and nothing else: numbers' printed text, the numbers themselves unchanged
    assert [a.number for a in back.actions] == [a.number.rstrip(".") if a.number else a.number for a in plan.actions]
    for mine, theirs in zip(plan.indicators, back.indicators, strict=True):
        for t0, t1 in zip(mine.targets, theirs.targets, strict=True):
            assert (t1.period, t1.value.kind, t1.value.value) == (t0.period, t0.value.kind, t0.value.value)
    if not special:  # the import dialog's default: only plain numbers are read as numbers
        assert attrs.evolve(back, actions=plan.actions, indicators=plan.indicators) == plan
        return
    # "Detect special numbers": months become dates ("April 09" as 04/01/09): each such deadline is suspect
    rewritten = [(r.id, r.deadline.text) for r in back.risks if r.deadline and r.deadline != _deadline(plan, r.id)]
    assert rewritten
    suspects = {f.text for f in result.findings if f.code == "suspect"}
    assert {text for _, text in rewritten} <= suspects


def _deadline(plan: ServicePlan, risk_id: str) -> object:
    return plan.risk(risk_id).deadline
