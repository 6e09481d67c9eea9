"""The serialiser registry: built-in formats, your own, and plugins from entry points.

Built-ins are listed as dotted paths with an install hint and imported only
when first used. Third parties add formats with :func:`register_serialiser`
or through the ``serviceplan.serialisers`` entry-point group, read once, on
the first lookup, so a broken plugin never breaks ``import serviceplan``. A
plugin cannot replace a built-in by accident.
"""

from __future__ import annotations

import importlib
import threading
import warnings
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, get_args

from serviceplan.errors import MissingDependencyError, SerialiserExistsError, UnknownFormatError
from serviceplan.typing import BinaryFormat, Serialiser

ENTRY_POINT_GROUP = "serviceplan.serialisers"

_BUILTINS: dict[str, tuple[str, tuple[str, ...], str | None]] = {
    # name: (dotted path, suffixes, extra that provides its dependency)
    "json": ("serviceplan.io.formats.json_:JSON", (".json",), None),
    "yaml": ("serviceplan.io.formats.yaml_:YAML", (".yaml", ".yml"), "yaml"),
    "csv": ("serviceplan.io.formats.tabular:CSV", (".csv.zip",), "pandas"),
    "parquet": ("serviceplan.io.formats.tabular:PARQUET", (".parquet.zip",), "parquet"),
    "excel": ("serviceplan.io.formats.excel:EXCEL", (".xlsx",), "excel"),
    "markdown": ("serviceplan.render.markdown:MARKDOWN", (".md",), None),
}
_BINARY_BUILTINS = frozenset(get_args(BinaryFormat))  # dumps is typed bytes for these names, str for the others
_REGISTRY: dict[str, Serialiser] = {}
_LOCK = threading.RLock()
_entry_points_loaded = False


def _load_builtin(name: str) -> Serialiser:
    path, _, _ = _BUILTINS[name]
    module_name, _, attr = path.partition(":")
    module = importlib.import_module(module_name)
    serialiser: Serialiser = getattr(module, attr)
    return serialiser


def _load_entry_points() -> None:
    global _entry_points_loaded
    with _LOCK:
        if _entry_points_loaded:
            return
        _entry_points_loaded = True
        from importlib.metadata import entry_points

        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if ep.name in _BUILTINS or ep.name in _REGISTRY:
                warnings.warn(
                    f"serviceplan: plugin serialiser {ep.name!r} ({ep.value}) ignored: the name is taken",
                    RuntimeWarning,
                    stacklevel=3,
                )
                continue
            try:
                obj = ep.load()
                _REGISTRY[ep.name] = _validate(ep.name, obj() if isinstance(obj, type) else obj)
            except Exception as err:  # a broken plugin must not break serviceplan
                warnings.warn(
                    f"serviceplan: plugin serialiser {ep.name!r} ({ep.value}) failed to load: {err}",
                    RuntimeWarning,
                    stacklevel=3,
                )


def _validate(name: str, obj: Any) -> Serialiser:
    if not isinstance(obj, Serialiser):
        raise TypeError(
            f"serialiser {name!r} must have name, suffixes, binary, loads and dumps; got {type(obj).__name__}"
        )
    return obj


def register_serialiser(name: str, serialiser: Serialiser, *, replace: bool = False) -> None:
    """Register a serialiser under ``name``.

    Raises:
        SerialiserExistsError: the name is taken and ``replace`` is false.
        TypeError: the object is not a :class:`~serviceplan.typing.Serialiser`,
            or it would replace a built-in text format with a binary one (or
            the other way round): ``dumps`` is typed by the built-in names.
    """
    _load_entry_points()
    with _LOCK:
        if not replace and (name in _BUILTINS or name in _REGISTRY):
            raise SerialiserExistsError(f"a serialiser named {name!r} exists; pass replace=True to replace it")
        checked = _validate(name, serialiser)
        if name in _BUILTINS and bool(checked.binary) != (name in _BINARY_BUILTINS):
            kind = "bytes" if name in _BINARY_BUILTINS else "text"
            raise TypeError(
                f"serialiser {name!r} replaces a built-in format that writes {kind}; it must write {kind} too"
            )
        _REGISTRY[name] = checked


def unregister_serialiser(name: str) -> None:
    """Remove a registered serialiser (a replaced built-in comes back)."""
    with _LOCK:
        if name not in _REGISTRY:
            raise UnknownFormatError(f"no serialiser named {name!r} is registered")
        del _REGISTRY[name]


def get_serialiser(name: str) -> Serialiser:
    """The serialiser registered under ``name``.

    Raises:
        UnknownFormatError: no such name.
        MissingDependencyError: a built-in whose optional dependency is missing.
    """
    _load_entry_points()
    with _LOCK:
        if name in _REGISTRY:
            return _REGISTRY[name]
        if name in _BUILTINS:
            extra = _BUILTINS[name][2]
            try:
                return _load_builtin(name)
            except ImportError as err:
                hint = f": pip install 'serviceplan[{extra}]'" if extra else ""
                raise MissingDependencyError(f"the {name} format needs a missing package{hint} ({err})") from None
    known = ", ".join(available_serialisers())
    raise UnknownFormatError(f"no serialiser named {name!r}; available: {known}")


def serialiser_for_suffix(suffix: str) -> Serialiser:
    """The serialiser claiming a file suffix such as ".yaml"."""
    _load_entry_points()
    suffix = suffix.lower()
    with _LOCK:
        for name, serialiser in _REGISTRY.items():
            if suffix in serialiser.suffixes and name not in _BUILTINS:
                return serialiser
        for name, (_, suffixes, _) in _BUILTINS.items():
            if suffix in suffixes:
                return get_serialiser(name)
        for serialiser in _REGISTRY.values():
            if suffix in serialiser.suffixes:
                return serialiser
    hint = (
        "; a Word document or its text export is a draft to read, not a plan to load: "
        "serviceplan.read_document(path) reads it and lists what it could not place"
        if suffix in _DOCUMENTS
        else ""
    )
    raise UnknownFormatError(
        f"no serialiser for files ending {suffix or '(no suffix)'!r}; pass format= (one of: "
        f"{', '.join(available_serialisers())}){hint}"
    )


_DOCUMENTS = (".txt", ".docx", ".doc", ".text")


def available_serialisers() -> tuple[str, ...]:
    """Names of every registered serialiser, built-in or plugin, sorted."""
    _load_entry_points()
    with _LOCK:
        return tuple(sorted(set(_BUILTINS) | set(_REGISTRY)))


def registry_view() -> Mapping[str, Serialiser]:
    """A read-only view of the serialisers registered at run time (not the lazy built-ins)."""
    return MappingProxyType(_REGISTRY)
