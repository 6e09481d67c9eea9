"""CSV and Parquet bundles: formula-safe, lossless, and safe to point at a file from anywhere."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import serviceplan
from serviceplan import LoadError, Risk, ServicePlan
from serviceplan.errors import LimitError
from serviceplan.io.formats.tabular import escape_cell, unescape_cell

HOSTILE = ["=1+1", "+SUM(A1)", "-2+3+cmd|' /C calc'!A0", "@SUM(1)", "\tTAB", "\rCR", "'quoted", "", "plain"]


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_is_reversible_and_safe(text: str) -> None:
    escaped = escape_cell(text)
    assert unescape_cell(escaped) == text
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))


@given(st.text())
def test_escape_round_trips_any_text(text: str) -> None:
    assert unescape_cell(escape_cell(text)) == text


def test_formula_cells_are_neutralised_in_the_file_and_restored_on_load() -> None:
    plan = ServicePlan(
        id="p", title='=HYPERLINK("http://evil","click")', risks=[Risk(id="A", title="-1+1", owner="@me")]
    )
    data = serviceplan.dumps(plan, format="csv")
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        text = bundle.read("tables/plans.csv").decode() + bundle.read("tables/risks.csv").decode()
    assert "'=HYPERLINK" in text
    assert "'-1+1" in text
    assert "'@me" in text
    assert serviceplan.loads(data, format="csv") == plan


def _bundle(files: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as bundle:
        for name, content in files.items():
            bundle.writestr(name, content)
    return out.getvalue()


def _good_csv() -> dict[str, bytes]:
    data = serviceplan.dumps(ServicePlan(id="p", title="t"), format="csv")
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        return {name: bundle.read(name) for name in bundle.namelist()}


def _with(**changes: bytes | str | None) -> bytes:
    files: dict[str, bytes | str] = dict(_good_csv())
    for name, content in changes.items():
        key = name.replace("__", "/").replace("_csv", ".csv").replace("manifest", "manifest.json")
        if content is None:
            del files[key]
        else:
            files[key] = content
    return _bundle(files)


UNITS_HEADER = "plan_index,plan_id,position,id,name,kind,parent,head\r\n"

BAD = [
    ("not a zip", b"PK\x03\x04 this is not really a zip", "not a zip bundle"),
    ("no manifest", _with(manifest=None), "manifest.json: missing"),
    ("manifest not JSON", _with(manifest="{"), "manifest.json: cannot be read"),
    ("manifest a list", _with(manifest="[]"), "expected a mapping"),
    (
        "future version",
        _with(manifest=json.dumps({"format_version": 99, "kind": "service_plan", "tables": {}})),
        "reads version 1",
    ),
    ("table file missing", _with(tables__risks_csv=None), "missing from the bundle"),
    ("not UTF-8", _with(tables__plans_csv=b"\x81\x8d\x00"), "not UTF-8 nor Windows-1252"),
    (
        "ragged row",
        _with(tables__units_csv="plan_index,plan_id,position,id,name,kind,parent,head\r\n0,p\r\n"),
        "different number of cells",
    ),
    (
        "text in a key",
        _with(tables__units_csv="plan_index,plan_id,position,id,name,kind,parent,head\r\nx,p,0,U,n,,,\r\n"),
        "expected a whole number",
    ),
]


@pytest.mark.parametrize(("case", "data", "words"), BAD, ids=[b[0] for b in BAD])
def test_bad_bundles(case: str, data: bytes, words: str) -> None:
    with pytest.raises(LoadError, match=re.escape(words)):
        serviceplan.loads(data, format="csv")


def test_a_good_bundle_built_by_hand_loads() -> None:
    assert serviceplan.loads(_with(), format="csv") == ServicePlan(id="p", title="t")


def test_zip_bomb_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("manifest.json", "{}")
        bundle.writestr("bomb.csv", b"0" * (300 * 1024 * 1024))
    with pytest.raises(LimitError, match=r"bomb\.csv: unpacks to 314,572,800 bytes"):
        serviceplan.loads(out.getvalue(), format="csv")


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@given(data=st.binary(max_size=400))
def test_random_bytes(fmt: str, data: bytes) -> None:
    problems: tuple[object, ...] = ("loaded",)
    try:
        serviceplan.loads(data, format=fmt)
    except LoadError as err:
        problems = err.problems
    assert problems


def test_suffixes_choose_the_bundle(tmp_path: Path, examples: dict[str, ServicePlan]) -> None:
    plan = examples["sefton-integration-2010"]
    for name in ("x.csv.zip", "x.parquet.zip"):
        path = serviceplan.dump(plan, tmp_path / name)
        assert serviceplan.load(path) == plan
    with pytest.raises(serviceplan.errors.UnknownFormatError):
        serviceplan.dump(plan, tmp_path / "x.zip")


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_bundle_unpacked_as_a_folder_round_trips(fmt: str, tmp_path: Path, examples: dict[str, ServicePlan]) -> None:
    plan = examples["salford-2009-12"]
    folder = serviceplan.dump(plan, tmp_path / "salford", format=fmt)
    assert folder.is_dir()
    assert (folder / "manifest.json").is_file()
    assert (folder / "tables" / f"actions.{fmt}").is_file()
    assert serviceplan.load(folder) == plan  # the format from the manifest
    assert serviceplan.load(folder, format=fmt) == plan
    # writing again replaces the earlier bundle, and leaves nothing else behind
    other = examples["sefton-integration-2010"]
    serviceplan.dump(other, folder, format=fmt)
    assert serviceplan.load(folder) == other
    assert sorted(p.name for p in tmp_path.iterdir()) == ["salford"]


def test_a_folder_is_read_with_the_zip_checks(tmp_path: Path, examples: dict[str, ServicePlan]) -> None:
    folder = serviceplan.dump(examples["sefton-integration-2010"], tmp_path / "plan", format="csv")
    (folder / "tables" / "risks.csv").unlink()
    with pytest.raises(LoadError, match=r"tables/risks\.csv: listed in the manifest but missing"):
        serviceplan.load(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["tables"]["risks"]["file"] = "../../etc/passwd.csv"
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(LoadError, match=r"\.\./\.\./etc/passwd\.csv: is outside the folder"):
        serviceplan.load(folder)
    manifest["tables"]["risks"]["file"] = "tables/risks\x00.csv"
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(LoadError, match="cannot be read: embedded null"):
        serviceplan.load(folder)
    (folder / "manifest.json").unlink()
    with pytest.raises(LoadError, match=r"manifest\.json: missing from the folder"):
        serviceplan.load(folder)
    (folder / "manifest.json").write_text("{")
    with pytest.raises(LoadError, match=r"manifest\.json: cannot be read"):  # before guessing the format
        serviceplan.load(folder)
    with pytest.raises(LoadError, match=r"manifest\.json: cannot be read"):
        serviceplan.load(folder, format="csv")


def test_the_folder_form_never_replaces_what_is_not_a_bundle(tmp_path: Path) -> None:
    plan = ServicePlan(id="p", title="t")
    precious = tmp_path / "reports"
    precious.mkdir()
    (precious / "budget.xlsx").write_bytes(b"not ours")
    with pytest.raises(serviceplan.errors.DumpError, match="not a serviceplan bundle"):
        serviceplan.dump(plan, precious, format="csv")
    assert (precious / "budget.xlsx").read_bytes() == b"not ours"
    (tmp_path / "notes").write_text("a file")
    with pytest.raises(serviceplan.errors.DumpError, match="is a file"):
        serviceplan.dump(plan, tmp_path / "notes", format="parquet")
    assert serviceplan.dump(plan, tmp_path / "plan.csv.zip", format="csv").is_file()  # the suffix: a zip


@pytest.mark.parametrize("key", ["kind", "tables", "format_version"])
def test_a_folder_manifest_giving_a_key_twice_is_refused(tmp_path: Path, key: str) -> None:
    plan = serviceplan.load(serviceplan.example_path())
    folder = tmp_path / "bundle"
    serviceplan.dump(plan, folder, format="csv")
    manifest = (folder / "manifest.json").read_text(encoding="utf-8").rstrip()
    assert manifest.endswith("}")
    (folder / "manifest.json").write_text(manifest[:-1] + f', "{key}": null}}\n', encoding="utf-8")
    with pytest.raises(serviceplan.LoadError, match=rf"manifest.json: the key '{key}' is given twice"):
        serviceplan.load(folder)
