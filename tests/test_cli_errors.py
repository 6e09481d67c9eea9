"""The command line never prints a traceback for bad input; ``score`` passes columns through as written."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import serviceplan
from serviceplan.cli import main
from serviceplan.model import ServicePlan

REGISTER = "id,title,likelihood,impact,owner,budget\n007,Pay review,4,4,0042,3\nA,Change,2,3,,10\n"


def _write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


BAD_FILES: dict[str, Callable[[Path], Path]] = {
    "cp1252": lambda d: _write(d / "r.csv", "id,likelihood,impact,note\n1,2,3,caf\xe9\n".encode("cp1252")),
    "latin-1 in the header": lambda d: _write(d / "r.csv", b"id,likelihood,impact,na\xefve\n1,2,3,x\n"),
    "missing": lambda d: d / "missing.csv",
    "a folder": lambda d: _made(d / "folder.csv"),
    "unterminated quote": lambda d: _write(d / "r.csv", 'id,likelihood,impact\n1,2,"3\n'),
    "unterminated quote mid-file": lambda d: _write(d / "r.csv", 'id,likelihood,impact\n1,"2,3\n4,5,6\n'),
    "empty": lambda d: _write(d / "r.csv", ""),
    "ragged": lambda d: _write(d / "r.csv", "id,likelihood,impact\n1,2,3,4,5\n"),
    "ragged late": lambda d: _write(d / "r.csv", "id,likelihood,impact\n1,2,3\n" * 50 + "1,2,3,4\n"),
    "a repeated column": lambda d: _write(d / "r.csv", "id,likelihood,impact,id\n1,2,3,4\n"),
    "not a workbook": lambda d: _write(d / "r.xlsx", b"not a zip"),
    "a zip, not a workbook": lambda d: _zip(d / "r.xlsx"),
}


def _made(path: Path) -> Path:
    path.mkdir()
    return path


def _zip(path: Path) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w") as bundle:
        bundle.writestr("x.txt", "hello")
    return path


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _refused(code: int, err: str, *words: str) -> None:
    assert code == 2, err
    assert err.startswith("serviceplan: "), err
    assert "Traceback" not in err
    for word in words:
        assert word in err, err


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_score_on_a_bad_file_is_one_line_of_ours(tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = BAD_FILES[case](tmp_path)
    code, _, err = _run(["score", str(path)], capsys)
    _refused(code, err, str(path))


def test_a_file_not_in_utf8_says_where(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = BAD_FILES["cp1252"](tmp_path)
    code, _, err = _run(["score", str(path)], capsys)
    _refused(code, err, "not UTF-8", "line 2", "save it as UTF-8")


MATRICES: dict[str, str | bytes] = {
    "truncated JSON": '{"name": "m", "likelihood": {',
    "JSON list": "[1, 2]",
    "JSON not UTF-8": b'{"name": "caf\xe9"}',
    "JSON deep": "[" * 100_000 + "]" * 100_000,
    "JSON empty": "",
    "JSON of the wrong shape": '{"name": "m"}',
}
YAML_MATRICES: dict[str, str] = {
    "YAML truncated": 'name: "m\n',
    "YAML tag": "name: !!python/name:os.system\n",
    "YAML alias": "a: &a x\nb: *a\n",
    "YAML wrong shape": "name: m\n",
    "YAML a scalar": "just text\n",
}


@pytest.mark.parametrize("case", sorted({**MATRICES, **YAML_MATRICES}))
def test_a_bad_matrix_file_is_one_line_of_ours(tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]) -> None:
    register = _write(tmp_path / "r.csv", REGISTER)
    content = {**MATRICES, **YAML_MATRICES}[case]
    matrix = _write(tmp_path / ("m.json" if case.startswith("JSON") else "m.yaml"), content)
    code, _, err = _run(["score", str(register), "--matrix", str(matrix)], capsys)
    _refused(code, err, str(matrix))


@pytest.mark.parametrize("name", ["missing.json", "missing.yaml", "no-such-preset"])
def test_a_missing_matrix_is_one_line_of_ours(tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    register = _write(tmp_path / "r.csv", REGISTER)
    code, _, err = _run(["score", str(register), "--matrix", str(tmp_path / name) if "." in name else name], capsys)
    _refused(code, err)


@pytest.mark.parametrize("suffix", [".txt", ".xls", "", ".parquet", ".csv.gz"])
def test_score_refuses_an_output_it_cannot_tell(
    tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    register = _write(tmp_path / "r.csv", REGISTER)
    target = tmp_path / f"out{suffix}"
    code, _, err = _run(["score", str(register), "-o", str(target)], capsys)
    _refused(code, err, "cannot tell the output format", ".csv, .xlsx, .json")
    assert not target.exists()


def _read_output(path: Path) -> pd.DataFrame:
    if path.suffix == ".json":
        return pd.DataFrame(json.loads(path.read_text(encoding="utf-8")))
    if path.suffix == ".xlsx":
        return pd.read_excel(path, engine="openpyxl", dtype=str, keep_default_na=False)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json", ".CSV"])
def test_score_writes_the_format_of_its_output_name(
    tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    register = _write(tmp_path / "r.csv", REGISTER)
    target = tmp_path / f"out{suffix}"
    code, _, err = _run(["score", str(register), "-o", str(target)], capsys)
    assert code == 0, err
    raw = target.read_bytes()
    if suffix == ".json":
        records = json.loads(raw)
        assert records[0]["id"] == "007"
        assert records[0]["score"] == 16
        assert records[0]["owner"] == "0042"
    elif suffix == ".xlsx":
        assert raw[:2] == b"PK"
    else:
        assert raw.startswith(b"id,title,likelihood,impact,owner,budget,score,band\n")


PASS_THROUGH = [
    ("007", "7"),
    ("0042", "42"),
    ("3", "3.0"),
    ("1e3", "1000.0"),
    ("NA", ""),
    ("null", ""),
    ("TRUE", "True"),
    ("  padded  ", "padded"),
    ("=SUM(A1)", ""),
    ("1,000", "1000"),
    ("£1M", ""),
    ("2010-10-13", "2010-10-13 00:00:00"),
]


@pytest.mark.parametrize(("cell", "_mangled"), PASS_THROUGH)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_score_keeps_pass_through_columns_as_written(
    tmp_path: Path, cell: str, _mangled: str, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = pd.DataFrame({"id": [cell, "B"], "likelihood": ["4", ""], "impact": ["4", "2"], "note": [cell, ""]})
    if fmt == "csv":
        register = tmp_path / "r.csv"
        frame.to_csv(register, index=False)
    else:
        register = _text_workbook(tmp_path / "r.xlsx", frame)
    code, out, err = _run(["score", str(register)], capsys)
    assert code == 0, err
    scored = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert scored["id"].tolist() == [cell, "B"]
    assert scored["note"].tolist() == [cell, ""]
    assert scored["score"].tolist() == ["16", ""]


def _text_workbook(path: Path, frame: pd.DataFrame) -> Path:
    """A workbook whose cells are all text, as a council's register typed as text would be."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for r, row in enumerate([list(frame.columns), *frame.itertuples(index=False)], start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            cell.data_type = "s"
    book.save(path)
    return path


def test_an_excel_output_keeps_text_as_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    register = _write(tmp_path / "r.csv", "id,likelihood,impact,note\n007,4,4,=SUM(A1)\n")
    target = tmp_path / "out.xlsx"
    code, _, err = _run(["score", str(register), "-o", str(target)], capsys)
    assert code == 0, err
    import openpyxl

    sheet = openpyxl.load_workbook(target).active
    row = [c.value for c in sheet[2]]
    assert row == ["007", "4", "4", "=SUM(A1)", 16, "High"]
    assert sheet["D2"].data_type == "s"  # not a formula: no spreadsheet injection


def test_score_keeps_the_csv_text_byte_for_byte(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    register = _write(tmp_path / "r.csv", REGISTER)
    code, out, err = _run(["score", str(register)], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[1] == "007,Pay review,4,4,0042,3,16,High"
    assert lines[2] == "A,Change,2,3,,10,6,Medium"


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["report", "{missing}"], "cannot read file"),
        (["check", "{missing}"], "cannot read file"),
        (["progress", "{missing}", "--quarter", "2010/11 Q1"], "cannot read file"),
        (["convert", "{missing}", "{out}"], "cannot read file"),
        (["report", "{bad}"], "not valid YAML"),
        (["check", "{bad}"], "not valid YAML"),
        (["convert", "{bad}", "{out}"], "not valid YAML"),
        (["report", "{latin}"], "not UTF-8"),
        (["convert", "{plan}", "{tmp}/missing/x.yaml"], "does not exist"),
        (["convert", "{plan}", "{tmp}/folder.yaml"], "it is a folder"),
        (["convert", "{plan}", "{plan}/x.yaml"], "is a file, not a folder"),
        (["convert", "{plan}", "{tmp}/x.zip", "--to", "csv"], "use a name ending .csv.zip"),
        (["convert", "{plan}", "{tmp}/x.unknown"], "no serialiser"),
        (["progress", "{plan}", "--quarter", "Q9"], "cannot read quarter"),
        (["report", "{plan}", "--matrix", "{tmp}/m.json"], "cannot read the matrix file"),
        (["report", "{folder}"], "manifest.json"),
    ],
)
def test_every_command_reports_bad_input_in_one_line(
    tmp_path: Path, argv: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = serviceplan.dump(ServicePlan(id="p", title="A plan"), tmp_path / "plan.json")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder.yaml").mkdir()
    names = {
        "missing": str(tmp_path / "missing.yaml"),
        "bad": str(_write(tmp_path / "bad.yaml", 'format_version: 1\nid: "p\n')),
        "latin": str(_write(tmp_path / "latin.yaml", b"format_version: 1\nid: caf\xe9\n")),
        "out": str(tmp_path / "out.json"),
        "plan": str(plan),
        "tmp": str(tmp_path),
        "folder": str(tmp_path / "folder"),
    }
    code, _, err = _run([a.format(**names) for a in argv], capsys)
    _refused(code, err, words)
