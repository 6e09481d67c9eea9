"""The package as installed: light import, public names, schema, examples, command line."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings

import serviceplan
from serviceplan.cli import main
from serviceplan.io.schema import generate_schema
from tests import strategies as s


def test_import_is_light() -> None:
    code = (
        "import sys, serviceplan; "
        "print(sorted(m for m in ('pandas', 'numpy', 'yaml', 'openpyxl', 'pyarrow', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_names() -> None:
    assert len(set(serviceplan.__all__)) == len(serviceplan.__all__)  # order is kept by ruff (RUF022)
    for name in serviceplan.__all__:
        assert getattr(serviceplan, name) is not None
    assert Path(serviceplan.__file__).with_name("py.typed").exists()


def test_shipped_schema_is_generated_from_the_model() -> None:
    assert serviceplan.io.json_schema() == json.loads(json.dumps(generate_schema()))


@given(plan=s.service_plans)
@settings(max_examples=25)
def test_generated_plans_validate_against_the_schema(plan: serviceplan.ServicePlan) -> None:
    jsonschema.validate(serviceplan.io.unstructure(plan), serviceplan.io.json_schema())


def test_schema_rejects_what_the_loader_rejects() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"format_version": 1, "id": "p", "title": "t", "colour": "red"}, serviceplan.io.json_schema()
        )


def test_example_lookup() -> None:
    assert serviceplan.example_path().name == "salford-2009-12.yaml"
    with pytest.raises(serviceplan.errors.NotFoundError, match="available: "):
        serviceplan.example_path("camelot")


def test_report_command_default_plan(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--as-of", "2010-01-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Customer & Support Services Directorate Business Plan 2009/12\n")
    for heading in (
        "Priorities and actions",
        "Actions overdue at 01 January 2010",
        "Indicators (41)",
        "Risk register by current score (13 risks, 5x5 matrix)",
    ):
        assert heading in out
    register = out[out.index("Risk register") :]
    rows = [line.split()[0] for line in register.splitlines()[4:17]]
    assert rows[:3] == ["D", "G", "H"]  # 16, then the two 12s (ties broken by id)
    assert rows[-3:] == ["J", "K", "L"]  # not scored last
    assert "not scored" in register


def test_report_overdue_count_moves_with_the_date(capsys: pytest.CaptureFixture[str]) -> None:
    main(["report", "--as-of", "2009-04-01"])
    early = capsys.readouterr().out
    main(["report", "--as-of", "2012-04-01"])
    late = capsys.readouterr().out
    assert "Actions overdue at 01 April 2009 (0)" in early
    assert "Actions overdue at 01 April 2012 (" in late
    assert "(0)" not in late.split("Actions overdue")[1][:40]


def test_report_command_with_file_and_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = serviceplan.example_path("sefton-corporate-services-2010-11")
    assert main(["report", str(path), "--as-of", "2010-06-30"]) == 0
    assert "with an update position at 2010/11 Q1" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text("format_version: 1\nid: p\ntitle: t\nactions: [{id: '1', title: x, deadline: Marhc 2011}]\n")
    assert main(["report", str(bad)]) == 2
    assert "actions[0].deadline: cannot read deadline 'Marhc 2011'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["report", "--as-of", "yesterday"])


def test_check_and_convert_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(serviceplan.example_path("salford-2009-12"))]) == 0
    assert "risk-not-scored" in capsys.readouterr().out
    target = tmp_path / "plan.json"
    assert main(["convert", str(serviceplan.example_path("salford-2009-12")), str(target)]) == 0
    assert serviceplan.load(target) == serviceplan.load(serviceplan.example_path("salford-2009-12"))
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"].startswith("serviceplan canonical format")


def test_python_dash_m_runs() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "serviceplan", "report", "--as-of", date(2010, 6, 30).isoformat()],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Risk register by current score" in out.stdout


def test_every_enum_travels_as_its_value() -> None:
    """Every enum in the package is registered with the converter (a str enum must not travel as an Enum object)."""
    import enum
    import importlib
    import pkgutil

    from serviceplan.io.converter import converter

    found = 0
    for info in pkgutil.walk_packages(serviceplan.__path__, "serviceplan."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, enum.Enum) and value.__module__ == module.__name__:
                for member in value:
                    plain = converter.unstructure(member)
                    assert type(plain) is type(member.value), (value, member)
                    assert converter.structure(plain, value) is member
                found += 1
    assert found >= 19


def test_report_bands_and_heat_map(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--as-of", "2010-01-01"]) == 0
    out = capsys.readouterr().out
    assert "Risk register by current score (13 risks, 5x5 matrix)" in out
    d_row = next(line for line in out.splitlines() if line.startswith("  D   Pay Review"))
    assert d_row.split()[3:5] == ["16", "High"]
    assert "by band: Low 0, Medium 7, High 3" in out
    assert "10 scored without levels; 3 not scored" in out
    plan = tmp_path / "levels.yaml"
    plan.write_text(
        "format_version: 1\nid: p\ntitle: Levels\nrisks:\n"
        "  - {id: A, title: a, assessments: [{kind: current, likelihood: 4, impact: 4}]}\n"
        "  - {id: B, title: b, assessments: [{kind: current, likelihood: 4, impact: 4}]}\n",
        encoding="utf-8",
    )
    assert main(["report", str(plan), "--matrix", "as4360"]) == 0
    out = capsys.readouterr().out
    likely = next(line for line in out.splitlines() if line.strip().startswith("Likely "))
    assert likely.split()[1:] == [".", ".", ".", "2", "."]
    assert "by band: Low 0, Moderate 0, High 0, Extreme 2" in out


def test_every_public_name_has_a_docstring() -> None:
    import inspect

    missing = []
    for name in serviceplan.__all__:
        obj = getattr(serviceplan, name)
        if name.isupper() or name == "__version__":
            continue  # constants are documented in the API reference
        doc = inspect.getdoc(obj)
        if not doc or (doc == inspect.getdoc(type(obj)) and not inspect.isclass(obj) and not callable(obj)):
            missing.append(name)
        if inspect.isclass(obj) and obj.__doc__ is None:
            missing.append(name)
    assert missing == []
