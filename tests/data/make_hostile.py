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
import warnings
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


def rezip(source: bytes, replace: dict[str, bytes | str | None], *, compression: int = zipfile.ZIP_STORED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w", compression=compression) as new:
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
        header = [c.value for c in book["risks"][1]]
        book["risks"].cell(row=1, column=header.index("owner") + 1, value="severity")

    return edit_workbook(edit)


@case("bad-formula-typed.xlsx")
def _formula_typed() -> bytes:
    def edit(book: Any) -> None:
        header = [c.value for c in book["plans"][1]]
        # a formula an officer typed where text belongs
        book["plans"].cell(row=2, column=header.index("title") + 1, value="=1+1")

    return edit_workbook(edit)


# --- Size bombs, silent loss and coercion in tables and workbooks (issue 13) ---------------
# Each bomb is over one limit of serviceplan.io.limits by a clear margin, so it is refused
# before the expensive step; tests/test_hostile_bounded.py loads every case under a memory
# cap and a time limit.


def csv_text(table: str) -> str:
    with zipfile.ZipFile(io.BytesIO(good("csv"))) as bundle:
        return bundle.read(f"tables/{table}.csv").decode("utf-8")


def csv_with(table: str, *rows: str, replace: bool = False) -> bytes:
    """The good CSV bundle with rows added to (or replacing the body of) one table."""
    current = csv_text(table)
    header = current.split("\r\n", 1)[0]
    body = "" if replace else current.split("\r\n", 1)[1]
    content = header + "\r\n" + body + "".join(r + "\r\n" for r in rows)
    return rezip(good("csv"), {f"tables/{table}.csv": content}, compression=zipfile.ZIP_DEFLATED)


def manifest_of(fmt: str) -> dict[str, Any]:
    with zipfile.ZipFile(io.BytesIO(good(fmt))) as bundle:
        found: dict[str, Any] = json.loads(bundle.read("manifest.json"))
    return found


def stored(files: dict[str, bytes | str], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", compression=compression) as bundle:
        warnings.simplefilter("ignore")  # a name given twice, on purpose
        for name, content in files.items():
            for one in content if isinstance(content, list) else [content]:
                bundle.writestr(name.split("|")[0], one)
    return out.getvalue()


def frame_of(table: str) -> Any:
    import pandas as pd

    with zipfile.ZipFile(io.BytesIO(good("parquet"))) as bundle:
        return pd.read_parquet(io.BytesIO(bundle.read(f"tables/{table}.parquet")))


def parquet_with(table: str, frame: Any = None, *, raw: bytes | None = None) -> bytes:
    if raw is None:
        out = io.BytesIO()
        frame.to_parquet(out, index=False)
        raw = out.getvalue()
    return rezip(good("parquet"), {f"tables/{table}.parquet": raw})


def arrow_parquet(table: Any, **options: Any) -> bytes:
    import pyarrow.parquet as pq

    out = io.BytesIO()
    pq.write_table(table, out, **options)
    return out.getvalue()


RISK_ROW = "0,p,{},D{},Risk,,,,,,"

# CSV bundles: bombs
case("bad-bomb-ratio.csv.zip")(  # 2 million rows packed into a few hundred KB
    lambda: csv_with("risks", *(["0,p,0,D,Pay Review,,,,,,"] * 2_000_000), replace=True)
)
case("bad-bomb-entry-size.csv.zip")(  # one entry of 70 MB (zeros pack small; the size is refused first)
    lambda: rezip(good("csv"), {"tables/risks.csv": b"0" * (70 * 1024 * 1024)}, compression=zipfile.ZIP_DEFLATED)
)


@case("bad-bomb-rows.csv.zip")
def _bomb_rows() -> bytes:  # 1.1 million distinct rows, stored unpacked: only the row limit stops it
    header = csv_text("risks").split("\r\n", 1)[0]
    body = "".join(RISK_ROW.format(n, n) + "\n" for n in range(1_100_000))
    files = {
        n: zipfile.ZipFile(io.BytesIO(good("csv"))).read(n) for n in zipfile.ZipFile(io.BytesIO(good("csv"))).namelist()
    }
    files["tables/risks.csv"] = (header + "\n" + body).encode()
    return stored(dict(files), compression=zipfile.ZIP_STORED)


@case("bad-bomb-cr-rows.csv.zip")
def _bomb_cr_rows() -> bytes:  # the same, with old Mac line ends (a bare CR)
    header = csv_text("risks").split("\r\n", 1)[0]
    body = "".join(RISK_ROW.format(n, n) + "\r" for n in range(1_100_000))
    files = {
        n: zipfile.ZipFile(io.BytesIO(good("csv"))).read(n) for n in zipfile.ZipFile(io.BytesIO(good("csv"))).namelist()
    }
    files["tables/risks.csv"] = (header + "\r" + body).encode()
    return stored(dict(files), compression=zipfile.ZIP_STORED)


case("bad-wide-line.csv.zip")(lambda: csv_with("risks", "0,p,0" + ",ab" * 50_000))
case("bad-wide-header.csv.zip")(
    lambda: rezip(good("csv"), {"tables/risks.csv": ",".join(f"c{n}" for n in range(3000)) + "\r\n"})
)
case("bad-many-tables.csv.zip")(  # 150 tables, all pointing at one entry: refused before any is read
    lambda: rezip(
        good("csv"),
        {
            "manifest.json": json.dumps(
                {
                    **manifest_of("csv"),
                    "tables": {f"t{n}": {"file": "tables/risks.csv"} for n in range(150)},
                }
            )
        },
    )
)
case("bad-same-file-twice.csv.zip")(
    lambda: rezip(
        good("csv"),
        {
            "manifest.json": json.dumps(
                {
                    **manifest_of("csv"),
                    "tables": {
                        **manifest_of("csv")["tables"],
                        "priorities": {"file": "tables/risks.csv"},
                    },
                }
            )
        },
    )
)
case("bad-too-many-entries.csv.zip")(lambda: rezip(good("csv"), {f"extra/{n}.txt": "x" for n in range(250)}))
case("bad-duplicate-entry.csv.zip")(  # two entries of one name: a reader would take the last
    lambda: stored(
        {
            **{
                n: zipfile.ZipFile(io.BytesIO(good("csv"))).read(n)
                for n in zipfile.ZipFile(io.BytesIO(good("csv"))).namelist()
            },
            "tables/risks.csv": [csv_text("risks"), csv_text("risks").split("\r\n", 1)[0] + "\r\n"],
        }
    )
)
# CSV bundles: the manifest
case("bad-manifest-duplicate-key.csv.zip")(  # "tables" twice: the last (empty) would win
    lambda: rezip(good("csv"), {"manifest.json": json.dumps(manifest_of("csv"))[:-1] + ', "tables": {}}'})
)
case("bad-manifest-duplicate-table.csv.zip")(
    lambda: rezip(
        good("csv"),
        {
            "manifest.json": json.dumps(manifest_of("csv")).replace(
                '"tables": {', '"tables": {"risks": {"file": "tables/risks.csv"}, ', 1
            )
        },
    )
)
case("bad-manifest-unknown-key.csv.zip")(
    lambda: rezip(good("csv"), {"manifest.json": json.dumps({**manifest_of("csv"), "author": "x"})})
)
case("bad-manifest-unknown-entry-key.csv.zip")(
    lambda: rezip(
        good("csv"),
        {
            "manifest.json": json.dumps(
                {
                    **manifest_of("csv"),
                    "tables": {
                        **manifest_of("csv")["tables"],
                        "risks": {"file": "tables/risks.csv", "encoding": "latin-1"},
                    },
                }
            )
        },
    )
)
case("bad-manifest-version-true.csv.zip")(
    lambda: rezip(good("csv"), {"manifest.json": json.dumps({**manifest_of("csv"), "format_version": True})})
)
case("bad-manifest-version-float.csv.zip")(
    lambda: rezip(good("csv"), {"manifest.json": json.dumps({**manifest_of("csv"), "format_version": 1.0})})
)
case("bad-manifest-name-number.csv.zip")(
    lambda: rezip(good("csv"), {"manifest.json": json.dumps({**manifest_of("csv"), "name": 5})})
)
case("bad-manifest-tables-list.csv.zip")(
    lambda: rezip(good("csv"), {"manifest.json": json.dumps({**manifest_of("csv"), "tables": ["risks"]})})
)
case("bad-manifest-huge-version.csv.zip")(
    lambda: rezip(
        good("csv"),
        {
            "manifest.json": json.dumps(manifest_of("csv")).replace(
                '"format_version": 1', '"format_version": 1' + "0" * 5000
            )
        },
    )
)
# CSV bundles: rows dropped, overwritten or coerced
case("bad-second-plans-row.csv.zip")(
    lambda: csv_with("plans", csv_text("plans").split("\r\n")[1].replace("0,p,p,Plan", "1,q,q,Second", 1))
)
case("bad-duplicate-plans-row.csv.zip")(lambda: csv_with("plans", csv_text("plans").split("\r\n")[1]))
case("bad-orphan-update.csv.zip")(  # an update of action 5, which does not exist
    lambda: csv_with("actions_updates", "0,p,5,0,Q1,Done,,,")
)
case("bad-orphan-assessment.csv.zip")(lambda: csv_with("risks_assessments", "0,p,3,0,current,,,16,,,"))
case("bad-orphan-plan.csv.zip")(lambda: csv_with("risks", RISK_ROW.format(0, 0).replace("0,p", "4,p", 1)))
case("bad-duplicate-position.csv.zip")(lambda: csv_with("risks", RISK_ROW.format(0, "E")))
case("bad-huge-position.csv.zip")(lambda: csv_with("risks", RISK_ROW.format(99999999999999999999, "E")))
case("bad-negative-position.csv.zip")(lambda: csv_with("risks", RISK_ROW.format(-1, "E")))
case("bad-fraction-position.csv.zip")(lambda: csv_with("risks", RISK_ROW.format("1.5", "E")))
case("bad-under-absent-report.csv.zip")(  # the plan says it has no report; a row says who it goes to
    lambda: csv_with("report_report_to", "0,p,0,Cabinet")
)
case("bad-duplicate-column.csv.zip")(
    lambda: rezip(
        good("csv"),
        {"tables/risks.csv": "plan_index,plan_id,position,id,title,title\r\n0,p,0,D,Pay Review,Other\r\n"},
    )
)
case("bad-flag-word.csv.zip")(
    lambda: rezip(
        good("csv"),
        {"tables/actions.csv": csv_text("actions").replace(",False,", ",yes,", 1)},
    )
)
case("ok-many-rows.csv.zip")(  # 5,000 risks: well inside the limits
    lambda: csv_with("risks", *(RISK_ROW.format(n, n) for n in range(1, 5000)))
)


# Parquet bundles
@case("bad-integer-title.parquet.zip")
def _integer_title() -> bytes:
    import pandas as pd

    frame = frame_of("risks")
    frame["title"] = pd.array([5], dtype="Int64")
    return parquet_with("risks", frame)


@case("bad-bool-title.parquet.zip")
def _bool_title() -> bytes:
    frame = frame_of("risks")
    frame["title"] = [True]
    return parquet_with("risks", frame)


@case("bad-binary-title.parquet.zip")
def _binary_title() -> bytes:
    frame = frame_of("risks")
    frame["title"] = [b"Pay Review"]
    return parquet_with("risks", frame)


@case("bad-float-position.parquet.zip")
def _float_position() -> bytes:
    frame = frame_of("risks")
    frame["position"] = [0.0]
    return parquet_with("risks", frame)


@case("bad-timestamp-deadline.parquet.zip")
def _timestamp_deadline() -> bytes:
    import pandas as pd

    frame = frame_of("risks")
    frame["deadline"] = [pd.Timestamp("2011-03-31")]
    return parquet_with("risks", frame)


@case("bad-text-score.parquet.zip")
def _text_score() -> bytes:
    frame = frame_of("risks_assessments")
    frame["score"] = ["16"]
    return parquet_with("risks_assessments", frame)


@case("bad-huge-position.parquet.zip")
def _huge_position() -> bytes:
    import pyarrow as pa

    frame = frame_of("risks")
    table = pa.Table.from_pandas(frame, preserve_index=False)
    table = table.set_column(2, "position", pa.array([2**64 - 1], type=pa.uint64()))
    return parquet_with("risks", raw=arrow_parquet(table))


@case("bad-duplicate-column.parquet.zip")
def _duplicate_column_parquet() -> bytes:
    import pyarrow as pa

    table = pa.Table.from_pandas(frame_of("risks"), preserve_index=False)
    table = table.append_column("title", pa.array(["Other"]))
    return parquet_with("risks", raw=arrow_parquet(table))


@case("bad-second-plans-row.parquet.zip")
def _second_plans_row_parquet() -> bytes:
    import pandas as pd

    frame = frame_of("plans")
    second = frame.copy()
    second["plan_index"] = pd.array([1], dtype="Int64")
    second["id"] = pd.array(["q"], dtype="string")
    return parquet_with("plans", pd.concat([frame, second], ignore_index=True))


@case("bad-orphan-assessment.parquet.zip")
def _orphan_parquet() -> bytes:
    import pandas as pd

    frame = frame_of("risks_assessments")
    frame["risks_index"] = pd.array([7], dtype="Int64")
    return parquet_with("risks_assessments", frame)


@case("bad-duplicate-position.parquet.zip")
def _duplicate_position_parquet() -> bytes:
    import pandas as pd

    frame = frame_of("risks")
    return parquet_with("risks", pd.concat([frame, frame], ignore_index=True))


@case("bad-bomb-rows.parquet.zip")
def _bomb_rows_parquet() -> bytes:  # 3 million rows of one risk: a few KB of run lengths
    import pyarrow as pa

    rows = 3_000_000
    columns = {name: pa.nulls(rows, pa.string()) for name in frame_of("risks").columns}
    columns["plan_index"] = pa.array([0] * rows, pa.int64())
    columns["position"] = pa.array([0] * rows, pa.int64())
    return parquet_with("risks", raw=arrow_parquet(pa.table(columns)))


def _dictionary_bomb(*, keep_schema: bool) -> bytes:
    """600,000 rows that all name one text of 1,000 characters: 600 MB once decoded."""
    import pyarrow as pa

    rows = 600_000
    titles = pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()), pa.array(["x" * 1000]))
    columns: dict[str, Any] = {name: pa.nulls(rows, pa.string()) for name in frame_of("risks").columns}
    columns["plan_index"] = pa.array([0] * rows, pa.int64())
    columns["position"] = pa.array(range(rows), pa.int64())
    columns["id"] = pa.array([str(n) for n in range(rows)])
    columns["title"] = titles
    return parquet_with("risks", raw=arrow_parquet(pa.table(columns), store_schema=keep_schema))


case("bad-bomb-dictionary.parquet.zip")(lambda: _dictionary_bomb(keep_schema=True))
case("bad-bomb-dictionary-plain-type.parquet.zip")(lambda: _dictionary_bomb(keep_schema=False))
case("bad-bomb-ratio.parquet.zip")(
    lambda: rezip(
        good("parquet"), {"tables/risks.parquet": b"\0" * (20 * 1024 * 1024)}, compression=zipfile.ZIP_DEFLATED
    )
)


@case("ok-dictionary-text.parquet.zip")
def _dictionary_text() -> bytes:  # text stored as a dictionary (a category) is still text
    frame = frame_of("risks")
    frame["title"] = frame["title"].astype("category")
    return parquet_with("risks", frame)


@case("ok-plain-types.parquet.zip")
def _plain_types() -> bytes:  # another writer: int64 keys and plain strings, no pandas metadata
    import pyarrow as pa

    frame = frame_of("risks")
    table = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)
    return parquet_with("risks", raw=arrow_parquet(table))


# Folders: a bundle unpacked (a name ending in -folder is written as a folder)
case("bad-bomb-rows-csv-folder")(_bomb_rows)
case("bad-orphan-update-csv-folder")(lambda: csv_with("actions_updates", "0,p,5,0,Q1,Done,,,"))
case("bad-manifest-duplicate-key-csv-folder")(
    lambda: rezip(good("csv"), {"manifest.json": json.dumps(manifest_of("csv"))[:-1] + ', "tables": {}}'})
)
case("bad-integer-title-parquet-folder")(_integer_title)
case("bad-bomb-rows-parquet-folder")(_bomb_rows_parquet)
case("ok-plan-csv-folder")(lambda: good("csv"))
case("ok-plan-parquet-folder")(lambda: good("parquet"))


# Excel
def sheet_xml(book: bytes, sheet: str) -> tuple[str, bytes]:
    """The zip entry of a sheet, and its XML."""
    import re

    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(rf'name="{sheet}"[^>]*r:id="(\w+)"', workbook).group(1)  # type: ignore[union-attr]
        target = re.search(rf'Target="/?([^"]+)" Id="{rid}"', rels).group(1)  # type: ignore[union-attr]
        name = target if target.startswith("xl/") else "xl/" + target
        return name, archive.read(name)


def edit_sheet_xml(sheet: str, edit: Callable[[bytes], bytes]) -> bytes:
    name, xml = sheet_xml(good("excel"), sheet)
    return rezip(good("excel"), {name: edit(xml)}, compression=zipfile.ZIP_DEFLATED)


def cell(sheet: str, ref: str, value: Any) -> Callable[[], bytes]:
    """Write ``value`` at ``ref``: a cell reference ("XFD2") or a column named by its header and a row ("title2")."""

    def make() -> bytes:
        def edit(book: Any) -> None:
            where = book[sheet]
            column, row = ref.rstrip("0123456789"), ref[len(ref.rstrip("0123456789")) :]
            header = [c.value for c in where[1]]
            if column in header:  # the workbook's layout may move a column: find it by its name
                where.cell(row=int(row), column=header.index(column) + 1, value=value)
            else:
                where[ref] = value

        return edit_workbook(edit)

    return make


case("bad-far-cell.xlsx")(cell("risks", "XFD1048576", "x"))  # a few KB that would ask for 512 GB
case("bad-far-column.xlsx")(cell("risks", "XFD2", "x"))
case("bad-far-row.xlsx")(  # past Excel's own last row, where openpyxl will not write
    lambda: edit_sheet_xml("risks", lambda x: x.replace(b'<row r="2">', b'<row r="2000000">', 1))
)
case("bad-declared-dimension.xlsx")(
    lambda: edit_sheet_xml(
        "risks", lambda x: x.replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>', 1)
    )
)
case("bad-far-cell-ref-only.xlsx")(  # the row says 2, the cell says 1048576
    lambda: edit_sheet_xml("risks", lambda x: x.replace(b'r="A2"', b'r="XFD1048576"', 1))
)


@case("bad-bomb-rows.xlsx")
def _bomb_rows_xlsx() -> bytes:  # 1.1 million empty rows
    rows = b"".join(b'<row r="%d"/>' % n for n in range(3, 1_100_003))
    return edit_sheet_xml("risks", lambda x: x.replace(b"</sheetData>", rows + b"</sheetData>", 1))


@case("bad-bomb-cells.xlsx")
def _bomb_cells_xlsx() -> bytes:  # 7 million cells without references, in rows without numbers, packed tight
    row = b"<row>" + b"<c/>" * 700 + b"</row>"
    return edit_sheet_xml("risks", lambda x: x.replace(b"</sheetData>", row * 10_000 + b"</sheetData>", 1))


case("bad-bomb-ratio.xlsx")(
    lambda: edit_sheet_xml("risks", lambda x: x.replace(b"<sheetData>", b" " * (30 * 1024 * 1024) + b"<sheetData>", 1))
)
case("bad-entity-bomb.xlsx")(
    lambda: edit_sheet_xml(
        "risks",
        lambda x: (
            b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' + x
        ),
    )
)
case("bad-too-many-sheets.xlsx")(lambda: rezip(good("excel"), {f"xl/extra/{n}.xml": "<x/>" for n in range(250)}))
case("bad-formula-in-text.xlsx")(cell("risks", "title2", '=A1&"x"'))  # a title typed as a formula, never calculated
case("bad-formula-in-key.xlsx")(cell("risks", "position2", "=1-1"))
case("bad-true-in-text.xlsx")(cell("risks", "title2", True))  # TRUE where a title belongs
case("bad-false-in-plan-title.xlsx")(cell("plans", "title2", False))
case("bad-error-cell.xlsx")(cell("risks", "title2", "#N/A"))  # openpyxl writes this as an error value
case("bad-div0-cell.xlsx")(cell("risks", "description2", "#DIV/0!"))
case("bad-huge-position.xlsx")(cell("risks", "position2", 99999999999999999999))
case("bad-fraction-position.xlsx")(cell("risks", "position2", 1.5))
case("bad-negative-position.xlsx")(cell("risks", "position2", -1))
case("bad-second-plans-row.xlsx")(cell("plans", "plan_index3", 1))
case("bad-orphan-assessment.xlsx")(cell("risks_assessments", "risks_index2", 7))
case("bad-duplicate-header.xlsx")(cell("risks", "description1", "title"))
case("bad-manifest-duplicate-key.xlsx")(cell("manifest", "A5", "kind"))
case("bad-manifest-unknown-key.xlsx")(cell("manifest", "A5", "author"))
case("bad-text-in-flag.xlsx")(cell("actions", "resourcing2", "maybe"))


@case("bad-duplicate-position.xlsx")
def _duplicate_position_xlsx() -> bytes:
    def edit(book: Any) -> None:
        sheet = book["risks"]
        sheet.append([c.value for c in sheet[2]])

    return edit_workbook(edit)


@case("ok-error-looking-text.xlsx")
def _error_looking_text() -> bytes:  # text that looks like an Excel error is written, and read back, as text
    risky = {**BASE, "risks": [{"id": "D", "title": "#N/A", "description": "#DIV/0!", "owner": "#REF!"}]}
    data = serviceplan.dumps(serviceplan.loads(json.dumps(risky), format="json"), format="excel")
    assert isinstance(data, bytes)
    return data


@case("ok-formula-with-value.xlsx")
def _formula_with_value() -> bytes:  # a formula whose value Excel saved reads as that value
    def edit(xml: bytes) -> bytes:
        return xml.replace(
            b'<c r="E2" t="inlineStr"><is><t>Pay Review</t></is></c>',
            b'<c r="E2" t="str"><f>"Pay "&amp;"Review"</f><v>Pay Review</v></c>',
            1,
        )

    return edit_sheet_xml("risks", edit)


def write(folder: Path) -> list[Path]:
    """Write every case into ``folder``; the paths, sorted."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in CASES.items():
        content = make()
        path = folder / name
        if name.endswith("-folder"):  # a bundle, unpacked
            assert isinstance(content, bytes)
            with zipfile.ZipFile(io.BytesIO(content)) as bundle:
                bundle.extractall(path)
        else:
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        paths.append(path)
    return sorted(paths)


if __name__ == "__main__":
    write(Path(sys.argv[1]))
