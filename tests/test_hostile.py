"""The hostile-input corpus: every file gives a correct load or the library's own error, never anything else.

The files are written by tests/data/make_hostile.py: ``ok-*`` must load, ``bad-*`` must raise
:class:`serviceplan.LoadError` (a ValueError) with at least one problem that says something.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import serviceplan
from serviceplan import LoadError, ServicePlan

CORPUS = Path(__file__).parent / "data" / "hostile"
FILES = sorted(CORPUS.iterdir())


def test_the_corpus_is_large_and_spans_the_formats() -> None:
    assert len(FILES) >= 40
    suffixes = {"".join(p.suffixes[-2:]) if p.name.endswith(".zip") else p.suffix for p in FILES}
    assert suffixes == {".json", ".yaml", ".csv.zip", ".parquet.zip", ".xlsx"}
    assert all(p.name.startswith(("ok-", "bad-")) for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_hostile_file(path: Path) -> None:
    if path.name.startswith("ok-"):
        assert isinstance(serviceplan.load(path), ServicePlan)
        return
    with pytest.raises(LoadError) as info:
        serviceplan.load(path)
    assert info.value.problems
    assert all(problem.message.strip() for problem in info.value.problems)
    assert str(path) in str(info.value)  # the error names the file
