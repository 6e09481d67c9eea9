"""The compatibility corpus: files written by every released format_version load, forever, to the same plans.

``tests/data/compat/v<N>/`` holds the bundled examples as written by the
serviceplan of ``format_version`` N, in every format that reads back what it
writes; ``tests/data/compat/make_compat.py`` wrote them once. Every later
serviceplan must load each file to the same plan: its canonical plain data
equals the version's own JSON file, read as plain JSON (no serviceplan reader
involved, so the reference cannot move with the code). The bundled examples
may be corrected later; the corpus keeps the plans as they were. A failure
here means last year's files no longer load the same: fix the reader, never
the files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import serviceplan
from serviceplan import ServicePlan
from serviceplan.io.converter import FORMAT_VERSION
from tests.data.compat.make_compat import FORMATS

CORPUS = Path(__file__).parent / "data" / "compat"
VERSIONS = sorted(p for p in CORPUS.iterdir() if p.is_dir() and p.name.startswith("v"))
FILES = sorted(path for version in VERSIONS for path in version.iterdir())


def _example(path: Path) -> str:
    return next(path.name[: -len(s)] for s in FORMATS.values() if path.name.endswith(s))


def test_every_version_has_every_example_in_every_format() -> None:
    assert [v.name for v in VERSIONS] == [f"v{n}" for n in range(1, FORMAT_VERSION + 1)]
    for version in VERSIONS:
        names = {p.name for p in version.iterdir()}
        wanted = {f"{e}{s}" for e in serviceplan.io.available_examples() for s in FORMATS.values()}
        assert names == wanted, version


def test_the_corpus_stays_small() -> None:
    assert sum(p.stat().st_size for p in FILES) < 1_500_000 * len(VERSIONS)


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.name}" for p in FILES])
def test_a_file_of_an_earlier_version_loads_to_the_same_plan(path: Path) -> None:
    written = json.loads((path.parent / f"{_example(path)}.json").read_text(encoding="utf-8"))
    loaded = serviceplan.load(path)
    assert isinstance(loaded, ServicePlan)
    assert serviceplan.io.unstructure(loaded) == written


def test_the_script_never_overwrites_a_version(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.data.compat import make_compat

    monkeypatch.setattr(make_compat, "HERE", CORPUS)
    with pytest.raises(SystemExit, match="written once and never regenerated"):
        make_compat.main()
