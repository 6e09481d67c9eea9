"""The hostile-input corpus, generated: every case is written by the tests, at test time.

Each case is named ``ok-*`` (must load) or ``bad-*`` (must raise the library's
LoadError with a message); tests/test_hostile.py loads every one through
``serviceplan.load`` from a folder the ``hostile_corpus`` fixture
(tests/conftest.py) fills once per session. Nothing here is checked in as a
file: the bundles and workbooks are derived from a small plan by today's
writers, so a new field in the model never means regenerating fixtures.
To look at the files, write them to a folder of your choice::

    python -m tests.data.make_hostile /tmp/hostile
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import serviceplan

BASE = {
    "format_version": 1,
    "id": "p",
    "title": "Plan",
    "priorities": [{"id": "1", "title": "Priority"}],
    "actions": [{"id": "1", "title": "Action", "priorities": ["1"], "deadline": "March 2011"}],
    "risks": [{"id": "D", "title": "Pay Review", "assessments": [{"kind": "current", "score": 16}]}],
}

CASES: dict[str, Callable[[], bytes | str]] = {}
"""Every case by file name: a function giving the file's bytes (or text, written as UTF-8)."""


def case(name: str) -> Callable[[Callable[[], bytes | str]], Callable[[], bytes | str]]:
    def register(make: Callable[[], bytes | str]) -> Callable[[], bytes | str]:
        assert name not in CASES, name
        CASES[name] = make
        return make

    return register


def text(name: str, content: bytes | str) -> None:
    """A case written out by hand."""
    CASES[name] = lambda: content


def js(**changes: object) -> str:
    return json.dumps({**BASE, **changes})


def rezip(source: bytes, replace: dict[str, bytes | str | None]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w") as new:
        for name in old.namelist():
            if name in replace:
                content = replace[name]
                if content is not None:
                    new.writestr(name, content)
            else:
                new.writestr(name, old.read(name))
        for name, content in replace.items():
            if name not in old.namelist() and content is not None:
                new.writestr(name, content)
    return out.getvalue()


@cache
def plan() -> serviceplan.ServicePlan:
    loaded = serviceplan.loads(js(), format="json")
    assert isinstance(loaded, serviceplan.ServicePlan)
    return loaded


@cache
def good(fmt: str) -> bytes:
    data = serviceplan.dumps(plan(), format=fmt)
    assert isinstance(data, bytes)
    return data


def manifest_without(data: bytes, table: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
    del manifest["tables"][table]
    return json.dumps(manifest)


def edit_workbook(edit: Callable[[Any], None]) -> bytes:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(good("excel")))
    edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# JSON
text("ok-minimal.json", '{"format_version": 1, "id": "p", "title": "t"}')
text("ok-bom.json", "\ufeff" + js())
text("ok-unicode-text.json", js(title="Cwm – £100K “quoted” \u2028 line sep ✓"))
text("bad-truncated.json", js()[:-15])
text("bad-not-utf8.json", b'{"format_version": 1, "id": "\xff\xfe", "title": "t"}')
text("bad-nan.json", js().replace('"Plan"', "NaN"))
text(
    "bad-float-score.json",
    js(risks=[{"id": "D", "title": "x", "assessments": [{"kind": "current", "score": 16.5}]}]),
)
text("bad-deep-nesting.json", "[" * 5000 + "]" * 5000)
text("bad-top-level-list.json", "[" + js() + "]")
text("bad-unknown-key.json", js(colour="red"))
text("bad-future-version.json", js(format_version=2))
text("bad-duplicate-key.json", js()[:-1] + ', "id": "q"}')
text("bad-huge-int.json", js(policy={"max_priorities": 10**400}))
text("bad-empty.json", "")
# 9 is a level of a 9 × 9 matrix: the plan loads and check() reports it off a 5 × 5; 13 is beyond any matrix
text(
    "ok-likelihood-9.json",
    js(risks=[{"id": "D", "title": "x", "assessments": [{"kind": "current", "likelihood": 9, "impact": 1}]}]),
)
text(
    "bad-likelihood-13.json",
    js(risks=[{"id": "D", "title": "x", "assessments": [{"kind": "current", "likelihood": 13, "impact": 1}]}]),
)
text("bad-string-for-list.json", js(units="CS"))
text("bad-unreadable-deadline.json", js(actions=[{"id": "1", "title": "x", "deadline": "Marhc 2011"}]))
# YAML
text("ok-minimal.yaml", "format_version: 1\nid: p\ntitle: t\n")
text("ok-words-stay-text.yaml", "format_version: 1\nid: '1'\ntitle: No\ncouncil: 2010-10-13\nperiod_text: 0.90\n")
text("bad-python-object.yaml", "!!python/object/apply:os.system ['echo hacked']\n")
text("bad-python-name.yaml", "format_version: 1\nid: !!python/name:os.system\ntitle: t\n")
text(
    "bad-alias-bomb.yaml",
    "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
)
text("bad-anchor.yaml", "format_version: 1\nid: &x p\ntitle: *x\n")
text("bad-duplicate-key.yaml", "format_version: 1\nid: p\nid: q\ntitle: t\n")
text("bad-tabs.yaml", "format_version: 1\n\tid: p\n")
text("bad-binary-tag.yaml", "format_version: 1\nid: !!binary aGVsbG8=\ntitle: t\n")
text("bad-yes-is-not-a-bool.yaml", "format_version: 1\nid: p\ntitle: t\nreport: {key_decision: Yes}\n")
text("bad-truncated.yaml", "format_version: 1\nid: 'p\n")
text("bad-not-utf8.yaml", b"format_version: 1\nid: \xc3\x28\ntitle: t\n")
text("bad-list-where-mapping.yaml", "format_version: 1\nid: p\ntitle: t\nreport: [a, b]\n")
text("bad-deep.yaml", "a: " + "[" * 3000 + "]" * 3000 + "\n")
text("bad-not-a-zip.csv.zip", b"PK\x03\x04garbage")
text("bad-not-a-workbook.xlsx", b"this is a text file called .xlsx")


# CSV bundles
case("ok-plan.csv.zip")(lambda: good("csv"))
case("ok-formula-text.csv.zip")(
    lambda: serviceplan.dumps(serviceplan.loads(js(title="=1+1"), format="json"), format="csv")
)
case("ok-missing-optional-column.csv.zip")(  # an older file: risks without the owner column (and others)
    lambda: rezip(good("csv"), {"tables/risks.csv": b"plan_index,plan_id,position,id,title\r\n0,p,0,D,Pay Review\r\n"})
)
case("ok-missing-optional-table.csv.zip")(  # an older file: no units table at all
    lambda: rezip(good("csv"), {"manifest.json": manifest_without(good("csv"), "units"), "tables/units.csv": None})
)
case("bad-no-manifest.csv.zip")(lambda: rezip(good("csv"), {"manifest.json": None}))
case("bad-traversal-name.csv.zip")(
    lambda: rezip(
        good("csv"),
        {
            "manifest.json": json.dumps(
                {"format_version": 1, "kind": "service_plan", "tables": {"plans": {"file": "../../etc/passwd"}}}
            )
        },
    )
)
case("bad-ragged-row.csv.zip")(lambda: rezip(good("csv"), {"tables/risks.csv": b"plan_index,plan_id\r\n0\r\n"}))
case("bad-text-key.csv.zip")(
    lambda: rezip(
        good("csv"),
        {
            "tables/priorities.csv": b"plan_index,plan_id,position,id,title,number,why,kind,unit,aim\r\n"
            b"zero,p,0,1,t,,,,,\r\n"
        },
    )
)
case("bad-missing-required-column.csv.zip")(  # risks without their titles
    lambda: rezip(good("csv"), {"tables/risks.csv": b"plan_index,plan_id,position,id\r\n0,p,0,D\r\n"})
)
case("bad-unknown-enum.csv.zip")(
    lambda: rezip(
        good("csv"),
        {
            "tables/risks_assessments.csv": (
                b"plan_index,plan_id,risks_index,position,kind,likelihood,impact,score,assessed,note,matrix\r\n"
                b"0,p,0,0,residual,,,16,,,\r\n"
            )
        },
    )
)
# Parquet bundles
case("ok-plan.parquet.zip")(lambda: good("parquet"))
case("ok-missing-optional-table.parquet.zip")(
    lambda: rezip(
        good("parquet"),
        {"manifest.json": manifest_without(good("parquet"), "units"), "tables/units.parquet": None},
    )
)
case("bad-truncated-table.parquet.zip")(lambda: rezip(good("parquet"), {"tables/risks.parquet": b"PAR1 truncated"}))
case("bad-missing-table.parquet.zip")(  # listed in the manifest, not in the bundle
    lambda: rezip(good("parquet"), {"tables/units.parquet": None})
)
# Excel
case("ok-plan.xlsx")(lambda: good("excel"))
case("bad-zip-not-workbook.xlsx")(lambda: rezip(good("csv"), {}))


@case("bad-future-version.xlsx")
def _future_version() -> bytes:
    def edit(book: Any) -> None:
        book["manifest"]["B2"] = 7

    return edit_workbook(edit)


@case("ok-missing-optional-sheet.xlsx")
def _missing_optional_sheet() -> bytes:
    def edit(book: Any) -> None:
        del book["units"]  # an older workbook, without the units sheet

    return edit_workbook(edit)


@case("bad-missing-sheet.xlsx")
def _missing_sheet() -> bytes:
    def edit(book: Any) -> None:
        del book["plans"]  # the one table every plan has

    return edit_workbook(edit)


@case("bad-unknown-column.xlsx")
def _unknown_column() -> bytes:
    def edit(book: Any) -> None:
        book["risks"]["D1"] = "severity"

    return edit_workbook(edit)


@case("bad-formula-typed.xlsx")
def _formula_typed() -> bytes:
    def edit(book: Any) -> None:
        book["plans"]["C2"] = "=1+1"  # a formula an officer typed where text belongs

    return edit_workbook(edit)


def write(folder: Path) -> list[Path]:
    """Write every case into ``folder``; the paths, sorted."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in CASES.items():
        content = make()
        path = folder / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        paths.append(path)
    return sorted(paths)


if __name__ == "__main__":
    write(Path(sys.argv[1]))
