"""The serialiser registry: built-ins, registration, and plugins through entry points."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

import serviceplan
from serviceplan import ServicePlan
from serviceplan.errors import SerialiserExistsError, UnknownFormatError
from serviceplan.io import registry as _registry
from serviceplan.io.registry import get_serialiser, unregister_serialiser


@pytest.fixture
def fresh_registry() -> Iterator[None]:
    saved = dict(_registry._REGISTRY)
    loaded = _registry._entry_points_loaded
    _registry._REGISTRY.clear()
    _registry._entry_points_loaded = False
    yield
    _registry._REGISTRY.clear()
    _registry._REGISTRY.update(saved)
    _registry._entry_points_loaded = loaded


def test_builtins_are_available() -> None:
    assert {"json", "yaml"} <= set(serviceplan.io.available_serialisers())
    assert get_serialiser("json").suffixes == (".json",)


def test_unknown_format_names_the_available_ones() -> None:
    with pytest.raises(UnknownFormatError, match=r"available: .*json"):
        serviceplan.dumps(ServicePlan(id="p", title="t"), format="docx")
    with pytest.raises(UnknownFormatError, match="pass format="):
        serviceplan.load("plan.docx")


def test_builtin_cannot_be_replaced_by_accident() -> None:
    with pytest.raises(SerialiserExistsError):
        serviceplan.register_serialiser("json", get_serialiser("json"))


def test_register_and_replace(fresh_registry: None) -> None:
    class Upper:
        name = "upper"
        suffixes = (".upper",)
        binary = False

        def loads(self, data: bytes, *, source: str | None = None) -> object:
            return serviceplan.loads(data.decode().lower(), format="json")

        def dumps(self, plan: object) -> str:
            return str(serviceplan.dumps(plan, format="json")).upper()  # type: ignore[arg-type]

    serviceplan.register_serialiser("upper", Upper())  # type: ignore[arg-type]
    assert "upper" in serviceplan.io.available_serialisers()
    with pytest.raises(SerialiserExistsError):
        serviceplan.register_serialiser("upper", Upper())  # type: ignore[arg-type]
    serviceplan.register_serialiser("upper", Upper(), replace=True)  # type: ignore[arg-type]
    plan = ServicePlan(id="p", title="t")
    assert serviceplan.loads(serviceplan.dumps(plan, format="upper"), format="upper") == plan
    with pytest.raises(TypeError, match="must have name"):
        serviceplan.register_serialiser("broken", object())  # type: ignore[arg-type]
    unregister_serialiser("upper")
    assert "upper" not in serviceplan.io.available_serialisers()


def _install_plugin(tmp_path: Path, name: str, entry_points: str, module: str) -> None:
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(module), encoding="utf-8")
    info = tmp_path / f"{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(textwrap.dedent(entry_points), encoding="utf-8")


PLUGIN = """
    import serviceplan

    class Reversed:
        name = "reversed"
        suffixes = (".desrever",)
        binary = False

        def loads(self, data, *, source=None):
            return serviceplan.loads(data.decode()[::-1], format="json")

        def dumps(self, plan):
            return serviceplan.dumps(plan, format="json")[::-1]

    REVERSED = Reversed()

    def broken():
        raise RuntimeError("plugin bug")
"""


def test_plugin_through_entry_point(fresh_registry: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _install_plugin(
        tmp_path,
        "sp_reversed",
        """
        [serviceplan.serialisers]
        reversed = sp_reversed:REVERSED
        json = sp_reversed:REVERSED
        broken = sp_reversed:broken
        """,
        PLUGIN,
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.warns(RuntimeWarning) as caught:
        names = serviceplan.io.available_serialisers()
    messages = " ".join(str(w.message) for w in caught)
    assert "'json'" in messages
    assert "name is taken" in messages
    assert "'broken'" in messages
    assert "failed to load" in messages
    assert "reversed" in names
    assert "broken" not in names
    plan = ServicePlan(id="p", title="Plugin")
    path = serviceplan.dump(plan, tmp_path / "plan.desrever")
    assert path.read_text(encoding="utf-8").lstrip().startswith("}")
    assert serviceplan.load(path) == plan
    assert get_serialiser("json") is serviceplan.io.formats.json_.JSON  # type: ignore[attr-defined]
    sys.modules.pop("sp_reversed", None)
