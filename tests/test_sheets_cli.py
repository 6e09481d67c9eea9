"""The ``import --kind`` command line and the progress bar."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from serviceplan.cli import main
from serviceplan.io import load
from serviceplan.io._progress import Progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _register(tmp_path: Path) -> Path:
    path = tmp_path / "register.csv"
    path.write_text(
        "Ref,Risk,Likelihood,Impact,Residual score\nA,Pay,4,4,16\nB,Budget,5,High,\nC,ICT,2,3,6\n", encoding="utf-8"
    )
    return path


def test_import_kind_writes_the_good_rows_and_reports_the_bad(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.yaml"
    assert main(["import", str(_register(tmp_path)), "--kind", "risks", "-o", str(out)]) == 0
    plan = load(out)
    assert [r.id for r in plan.risks] == ["A", "C"]  # type: ignore[union-attr]
    printed = capsys.readouterr().out
    assert "register.csv row 3 column 'Impact': bad-row" in printed
    assert "'High'" in printed


def test_import_guess_then_mapping(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _register(tmp_path)
    assert main(["import", str(source), "--kind", "risks", "--guess"]) == 0
    guessed = capsys.readouterr().out
    assert "field: current_score" in guessed
    assert "header: Residual score" in guessed
    mapping = tmp_path / "m.yaml"
    mapping.write_text(guessed.replace("header: Residual score", "header: Residual Score"), encoding="utf-8")
    assert main(["import", str(source), "--kind", "risks", "--mapping", str(mapping)]) == 2
    assert "no column 'Residual Score'" in capsys.readouterr().err


def test_import_document_path_still_refuses_sheet_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(_register(tmp_path)), "--guess"]) == 2
    assert "say its --kind" in capsys.readouterr().err


def test_progress_draws_only_on_a_terminal_after_the_delay() -> None:
    clock = _Clock()
    stream = _Tty()
    with Progress(1000, "scoring", stream=stream, clock=clock) as bar:
        bar.advance(100)  # at 0 s: too soon
        assert stream.getvalue() == ""
        clock.now = 1.5
        bar.advance(400)
        assert "scoring [###############---------------]  50% 500/1,000" in stream.getvalue()
        clock.now = 1.55
        bar.advance(100)  # within 0.1 s of the last drawing: not redrawn
        assert bar.drawn == 1
        clock.now = 2.0
        bar.advance(400)
        assert bar.drawn == 2
    assert stream.getvalue().endswith("\r\x1b[K")  # the line is cleared at the end


def test_progress_never_draws_on_a_pipe() -> None:
    clock = _Clock()
    stream = io.StringIO()
    with Progress(10, "scoring", stream=stream, clock=clock) as bar:
        clock.now = 5.0
        bar.advance(5)
    assert stream.getvalue() == ""
    assert bar.drawn == 0


def test_progress_with_an_unknown_total_counts() -> None:
    clock = _Clock()
    stream = _Tty()
    bar = Progress(0, "reading", stream=stream, clock=clock)
    clock.now = 2.0
    bar.advance(12345)
    bar.close()
    assert "reading 12,345" in stream.getvalue()


def test_score_in_chunks_agrees_and_offsets_bad_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("pandas")
    from serviceplan import cli

    rows = ["likelihood,impact"] + [f"{1 + i % 5},{1 + (i * 3) % 5}" for i in range(25)] + ["9,1"]
    source = tmp_path / "big.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    whole = tmp_path / "whole.csv"
    assert main(["score", str(source), "-o", str(whole)]) == 1
    capsys.readouterr()
    monkeypatch.setattr(cli, "_CHUNK", 4)
    chunked = tmp_path / "chunked.csv"
    assert main(["score", str(source), "-o", str(chunked)]) == 1
    assert chunked.read_text(encoding="utf-8") == whole.read_text(encoding="utf-8")
    assert "row 26: likelihood 9" in capsys.readouterr().err
