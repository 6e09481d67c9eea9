"""Write the hostile-input corpus in tests/data/hostile/ (run from the repository root to regenerate).

Each file is named ``ok-*`` (must load) or ``bad-*`` (must raise the library's LoadError with a
message); tests/test_hostile.py loads every one through ``serviceplan.load``.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import serviceplan

HERE = Path(__file__).parent / "hostile"
BASE = {
    "format_version": 1,
    "id": "p",
    "title": "Plan",
    "priorities": [{"id": "1", "title": "Priority"}],
    "actions": [{"id": "1", "title": "Action", "priorities": ["1"], "deadline": "March 2011"}],
    "risks": [{"id": "D", "title": "Pay Review", "assessments": [{"kind": "current", "score": 16}]}],
}


def write(name: str, data: bytes | str) -> None:
    (HERE / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def js(**changes: object) -> str:
    return json.dumps({**BASE, **changes})


def rezip(source: bytes, replace: dict[str, bytes | None]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w") as new:
        for name in old.namelist():
            if name in replace:
                if replace[name] is not None:
                    new.writestr(name, replace[name])  # type: ignore[arg-type]
            else:
                new.writestr(name, old.read(name))
        for name, content in replace.items():
            if name not in old.namelist() and content is not None:
                new.writestr(name, content)
    return out.getvalue()


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for old in HERE.iterdir():
        old.unlink()
    # JSON
    write("ok-minimal.json", '{"format_version": 1, "id": "p", "title": "t"}')
    write("ok-bom.json", "\ufeff" + js())
    write("ok-unicode-text.json", js(title="Cwm – £100K “quoted” \u2028 line sep ✓"))
    write("bad-truncated.json", js()[:-15])
    write("bad-not-utf8.json", b'{"format_version": 1, "id": "\xff\xfe", "title": "t"}')
    write("bad-nan.json", js().replace('"Plan"', "NaN"))
    write(
        "bad-float-score.json",
        js(risks=[{"id": "D", "title": "x", "assessments": [{"kind": "current", "score": 16.5}]}]),
    )
    write("bad-deep-nesting.json", "[" * 5000 + "]" * 5000)
    write("bad-top-level-list.json", "[" + js() + "]")
    write("bad-unknown-key.json", js(colour="red"))
    write("bad-future-version.json", js(format_version=2))
    write("bad-duplicate-key.json", js()[:-1] + ', "id": "q"}')
    write("bad-huge-int.json", js(policy={"max_priorities": 10**400}))
    write("bad-empty.json", "")
    # 9 is a level of a 9 × 9 matrix: the plan loads and check() reports it off a 5 × 5; 13 is beyond any matrix
    write(
        "ok-likelihood-9.json",
        js(risks=[{"id": "D", "title": "x", "assessments": [{"kind": "current", "likelihood": 9, "impact": 1}]}]),
    )
    write(
        "bad-likelihood-13.json",
        js(risks=[{"id": "D", "title": "x", "assessments": [{"kind": "current", "likelihood": 13, "impact": 1}]}]),
    )
    write("bad-string-for-list.json", js(units="CS"))
    write("bad-unreadable-deadline.json", js(actions=[{"id": "1", "title": "x", "deadline": "Marhc 2011"}]))
    # YAML
    write("ok-minimal.yaml", "format_version: 1\nid: p\ntitle: t\n")
    write("ok-words-stay-text.yaml", "format_version: 1\nid: '1'\ntitle: No\ncouncil: 2010-10-13\nperiod_text: 0.90\n")
    write("bad-python-object.yaml", "!!python/object/apply:os.system ['echo hacked']\n")
    write("bad-python-name.yaml", "format_version: 1\nid: !!python/name:os.system\ntitle: t\n")
    write(
        "bad-alias-bomb.yaml",
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
    )
    write("bad-anchor.yaml", "format_version: 1\nid: &x p\ntitle: *x\n")
    write("bad-duplicate-key.yaml", "format_version: 1\nid: p\nid: q\ntitle: t\n")
    write("bad-tabs.yaml", "format_version: 1\n\tid: p\n")
    write("bad-binary-tag.yaml", "format_version: 1\nid: !!binary aGVsbG8=\ntitle: t\n")
    write("bad-yes-is-not-a-bool.yaml", "format_version: 1\nid: p\ntitle: t\nreport: {key_decision: Yes}\n")
    write("bad-truncated.yaml", "format_version: 1\nid: 'p\n")
    write("bad-not-utf8.yaml", b"format_version: 1\nid: \xc3\x28\ntitle: t\n")
    write("bad-list-where-mapping.yaml", "format_version: 1\nid: p\ntitle: t\nreport: [a, b]\n")
    write("bad-deep.yaml", "a: " + "[" * 3000 + "]" * 3000 + "\n")
    # CSV bundles
    plan = serviceplan.loads(js(), format="json")
    good_csv = serviceplan.dumps(plan, format="csv")
    assert isinstance(good_csv, bytes)
    write("ok-plan.csv.zip", good_csv)
    write(
        "ok-formula-text.csv.zip", serviceplan.dumps(serviceplan.loads(js(title="=1+1"), format="json"), format="csv")
    )
    write("bad-no-manifest.csv.zip", rezip(good_csv, {"manifest.json": None}))
    write(
        "bad-traversal-name.csv.zip",
        rezip(
            good_csv,
            {
                "manifest.json": json.dumps(
                    {"format_version": 1, "kind": "service_plan", "tables": {"plans": {"file": "../../etc/passwd"}}}
                )
            },
        ),
    )
    write("bad-ragged-row.csv.zip", rezip(good_csv, {"tables/risks.csv": b"plan_index,plan_id\r\n0\r\n"}))
    write("bad-not-a-zip.csv.zip", b"PK\x03\x04garbage")
    header = b"plan_index,plan_id,position,id,title,number,why,kind,unit,aim\r\n"
    write("bad-text-key.csv.zip", rezip(good_csv, {"tables/priorities.csv": header + b"zero,p,0,1,t,,,,,\r\n"}))
    write(
        "bad-unknown-enum.csv.zip",
        rezip(
            good_csv,
            {
                "tables/risks_assessments.csv": (
                    b"plan_index,plan_id,risks_index,position,kind,likelihood,impact,score,assessed,note,matrix\r\n"
                    b"0,p,0,0,residual,,,16,,,\r\n"
                )
            },
        ),
    )
    # Parquet bundles
    good_parquet = serviceplan.dumps(plan, format="parquet")
    assert isinstance(good_parquet, bytes)
    write("ok-plan.parquet.zip", good_parquet)
    write("bad-truncated-table.parquet.zip", rezip(good_parquet, {"tables/risks.parquet": b"PAR1 truncated"}))
    write("bad-missing-table.parquet.zip", rezip(good_parquet, {"tables/units.parquet": None}))
    # Excel
    good_xlsx = serviceplan.dumps(plan, format="excel")
    assert isinstance(good_xlsx, bytes)
    write("ok-plan.xlsx", good_xlsx)
    write("bad-not-a-workbook.xlsx", b"this is a text file called .xlsx")
    write("bad-zip-not-workbook.xlsx", rezip(good_csv, {}))
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(good_xlsx))
    book["manifest"]["B2"] = 7
    out = io.BytesIO()
    book.save(out)
    write("bad-future-version.xlsx", out.getvalue())
    book = openpyxl.load_workbook(io.BytesIO(good_xlsx))
    del book["units"]
    out = io.BytesIO()
    book.save(out)
    write("bad-missing-sheet.xlsx", out.getvalue())
    book = openpyxl.load_workbook(io.BytesIO(good_xlsx))
    book["risks"]["D1"] = "severity"
    out = io.BytesIO()
    book.save(out)
    write("bad-unknown-column.xlsx", out.getvalue())
    book = openpyxl.load_workbook(io.BytesIO(good_xlsx))
    book["plans"]["C2"] = "=1+1"  # a formula an officer typed where text belongs
    out = io.BytesIO()
    book.save(out)
    write("bad-formula-typed.xlsx", out.getvalue())


if __name__ == "__main__":
    main()
