"""Optional dependencies (private): one way to import them, one error when they are missing.

``import serviceplan`` needs only its core (attrs, cattrs, python-dateutil,
msgspec). pandas, NumPy, PyYAML, openpyxl, python-calamine, pyarrow and
matplotlib are imported by the functions that use them, through
:func:`require`, so a missing one is always the same
:class:`~serviceplan.errors.MissingDependencyError`, naming the package and
the extra that installs it.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from serviceplan.errors import MissingDependencyError

__all__ = ["EXTRAS", "require"]

EXTRAS: dict[str, tuple[str, str]] = {
    # top-level module: (distribution to install, the serviceplan extra that brings it)
    "pandas": ("pandas", "pandas"),
    "numpy": ("NumPy", "pandas"),
    "yaml": ("PyYAML", "yaml"),
    "openpyxl": ("openpyxl", "excel"),
    "lxml": ("lxml", "excel"),
    "python_calamine": ("python-calamine", "excel"),
    "pyarrow": ("pyarrow", "parquet"),
    "matplotlib": ("matplotlib", "plot"),
    "docx": ("python-docx", "docx"),
}
"""Each optional module, the distribution that provides it and the extra that installs it."""


def require(module: str, *, extra: str | None = None, purpose: str | None = None) -> ModuleType:
    """Import an optional dependency, or raise :class:`MissingDependencyError` with the install hint.

    Args:
        module: the module to import (``"pandas"``, ``"matplotlib.figure"``).
        extra: the serviceplan extra that installs it; by default the one
            :data:`EXTRAS` lists for the top-level package.
        purpose: what needs it, for the message ("Excel", "plots").

    >>> require("json").__name__
    'json'
    >>> require("no_such_module_xyz", extra="pandas", purpose="to_frames")
    Traceback (most recent call last):
    ...
    serviceplan.errors.MissingDependencyError: to_frames needs no_such_module_xyz: pip install 'serviceplan[pandas]'
    """
    try:
        return importlib.import_module(module)
    except ImportError as err:
        top = module.partition(".")[0]
        dist, default_extra = EXTRAS.get(top, (top, None))
        chosen = extra or default_extra
        hint = f": pip install 'serviceplan[{chosen}]'" if chosen else ""
        raise MissingDependencyError(f"{purpose or 'this'} needs {dist}{hint}") from err
