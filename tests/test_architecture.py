"""The shape of the package: layers that import only downward, a small lazy front door, one optional-import helper."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import serviceplan
from serviceplan import _optional
from serviceplan.errors import MissingDependencyError

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(serviceplan.__file__).resolve().parent
LAYERS = ("values", "model", "risk", "calc", "checks", "io", "render")


def _lint_imports(tmp_path: Path, package: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter with the project's contracts on a copy of the package."""
    shutil.copytree(package, tmp_path / "serviceplan", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(lint), "--no-cache", "--config", "pyproject.toml"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_layers_contract_holds(tmp_path: Path) -> None:
    result = _lint_imports(tmp_path, PACKAGE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Layers import only downward KEPT" in result.stdout


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("model/plan.py", "from serviceplan.render.html import plan_html"),  # the model up to presentation
        ("risk/matrix.py", "from serviceplan.io.converter import converter"),  # the old circle
        ("values/money.py", "import pandas"),  # a value type importing a heavy package
    ],
)
def test_the_contracts_catch_an_upward_import(tmp_path: Path, module: str, line: str) -> None:
    copy = tmp_path / "src"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    result = _lint_imports(tmp_path / "run", copy)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout


def test_the_front_door_is_small_and_everyday() -> None:
    assert 35 <= len(serviceplan.__all__) <= 50
    for name in (
        "load",
        "dump",
        "check",
        "ServicePlan",
        "Money",
        "RiskMatrix",
        "score",
        "get_serialiser",
        "text_report",
    ):
        assert name in serviceplan.__all__
    for internal in ("structure", "unstructure", "ScoreArrays", "FORMAT_VERSION"):
        assert internal not in serviceplan.__all__
    assert set(dir(serviceplan)) >= set(serviceplan.__all__) | {f"{layer}" for layer in LAYERS}


def test_every_front_door_name_lives_in_its_layer() -> None:
    for name in serviceplan.__all__:
        if name == "__version__":
            continue
        home = importlib.import_module(f"serviceplan.{serviceplan._EVERYDAY[name]}")
        assert name in home.__all__
        assert getattr(serviceplan, name) is getattr(home, name)


def test_import_loads_no_layer_until_asked() -> None:
    code = "import sys, serviceplan; print(sorted(m for m in sys.modules if m.startswith('serviceplan')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['serviceplan', 'serviceplan._hooks']"


def test_a_moved_name_still_resolves_with_a_warning_naming_its_home() -> None:
    with pytest.warns(DeprecationWarning, match=r"serviceplan\.compare_plans has moved: .*serviceplan\.calc"):
        found = serviceplan.compare_plans  # type: ignore[attr-defined]
    from serviceplan.calc import compare_plans

    assert found is compare_plans


def test_an_unknown_name_is_an_attribute_error() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
            _ = serviceplan.nothing_here  # type: ignore[attr-defined]


def test_notebook_displays_need_no_import_from_the_model_up() -> None:
    plan = serviceplan.load(serviceplan.example_path())
    assert plan._repr_html_().startswith("<h3>")
    assert "<table" in serviceplan.risk_matrix("5x5")._repr_html_()


@pytest.mark.parametrize("module", ["pandas", "numpy", "yaml", "openpyxl", "pyarrow", "matplotlib"])
def test_require_names_the_package_and_the_extra(monkeypatch: pytest.MonkeyPatch, module: str) -> None:
    def missing(name: str) -> None:
        raise ModuleNotFoundError(f"No module named {name!r}")

    monkeypatch.setattr(_optional.importlib, "import_module", missing)
    dist, extra = _optional.EXTRAS[module]
    with pytest.raises(MissingDependencyError, match=rf"needs {dist}: pip install 'serviceplan\[{extra}\]'"):
        _optional.require(module, purpose="this job")


def test_without_pandas_every_frame_function_says_how_to_install_it(tmp_path: Path) -> None:
    # A real missing pandas: a subprocess whose import system refuses it.
    code = """
import sys
class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in ("pandas", "numpy"):
            raise ModuleNotFoundError(f"No module named {name!r}")
sys.meta_path.insert(0, Refuse())
import serviceplan
from serviceplan.calc import indicator_frame, savings_frame
plan = serviceplan.load(serviceplan.example_path())
for call in (lambda: serviceplan.to_frames(plan), lambda: indicator_frame(plan), lambda: savings_frame(plan),
             lambda: serviceplan.dumps(plan, format="csv"), lambda: plan.to_frame("risks")):
    try:
        call()
    except serviceplan.MissingDependencyError as err:
        print("ok", "pip install 'serviceplan[" in str(err))
    except Exception as err:
        print("wrong", type(err).__name__, err)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:-1] == ["ok True"] * 5, out.stdout
