"""The hostile-input corpus: every file gives a correct load or the library's own error, never anything else.

The cases are made by tests/data/make_hostile.py and written at test time (the
``hostile_corpus`` fixture): ``ok-*`` must load, ``bad-*`` must raise
:class:`serviceplan.LoadError` (a ValueError) with at least one problem that says something.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import serviceplan
from serviceplan import LoadError, ServicePlan
from tests.data.make_hostile import CASES

NAMES = sorted(CASES)


def test_the_corpus_is_large_and_spans_the_formats(hostile_corpus: Path) -> None:
    assert len(NAMES) >= 100
    assert sorted(p.name for p in hostile_corpus.iterdir()) == NAMES
    suffixes = {"".join(Path(n).suffixes[-2:]) if n.endswith(".zip") else Path(n).suffix for n in NAMES}
    assert suffixes == {".json", ".yaml", ".csv.zip", ".parquet.zip", ".xlsx", ""}  # "": folders
    assert all((hostile_corpus / n).is_dir() for n in NAMES if n.endswith("-folder"))
    assert all(n.startswith(("ok-", "bad-")) for n in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_hostile_file(name: str, hostile_corpus: Path) -> None:
    path = hostile_corpus / name
    if name.startswith("ok-"):
        assert isinstance(serviceplan.load(path), ServicePlan)
        return
    with pytest.raises(LoadError) as info:
        serviceplan.load(path)
    assert info.value.problems
    assert all(problem.message.strip() for problem in info.value.problems)
    assert str(path) in str(info.value)  # the error names the file


def test_older_files_load_with_the_missing_parts_empty(hostile_corpus: Path) -> None:
    full = serviceplan.load(hostile_corpus / "ok-plan.csv.zip")
    assert isinstance(full, ServicePlan)
    assert full.risks[0].title == "Pay Review"
    for name in ("ok-missing-optional-table.csv.zip", "ok-missing-optional-table.parquet.zip"):
        assert serviceplan.load(hostile_corpus / name) == full  # the plan has no units: nothing lost
    assert serviceplan.load(hostile_corpus / "ok-missing-optional-sheet.xlsx") == full
    assert serviceplan.load(hostile_corpus / "ok-missing-optional-column.csv.zip") == full


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("bad-missing-sheet.xlsx", "plans: table missing"),
        ("bad-missing-required-column.csv.zip", "risks.title: column missing"),
        ("bad-missing-table.parquet.zip", "listed in the manifest but missing"),
        ("bad-unknown-column.xlsx", "risks.severity: unknown column"),
    ],
)
def test_a_missing_required_part_is_named(name: str, words: str, hostile_corpus: Path) -> None:
    with pytest.raises(LoadError, match=words):
        serviceplan.load(hostile_corpus / name)
