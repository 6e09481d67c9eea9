"""Late-bound hooks (private): how a lower layer shows itself without importing a higher one.

The model, the risk engine and the calculations give their objects
``_repr_html_`` (for notebooks) and ``ServicePlan.to_frame``, but the code that
draws HTML lives in :mod:`serviceplan.render` and the tables in
:mod:`serviceplan.io`, layers above them. Rather than import upwards, those
methods call the hooks here, and the package's front door
(:mod:`serviceplan`, the top of every import) installs functions that import
``render`` or ``io`` when first called. Importing any part of serviceplan
imports the front door first, so the hooks are always installed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["frame", "html", "install"]

_html: Callable[[object], str] | None = None
_frame: Callable[[Any, str], Any] | None = None


def install(*, html: Callable[[object], str], frame: Callable[[Any, str], Any]) -> None:
    """Install the presenter of HTML and the builder of one plan table (done once by the front door)."""
    global _html, _frame
    _html, _frame = html, frame


def html(obj: object) -> str:
    """The notebook HTML of ``obj``, drawn by :mod:`serviceplan.render.html`."""
    if _html is None:  # pragma: no cover - the front door installs it before any model class exists
        raise RuntimeError("serviceplan's display hooks are not installed")
    return _html(obj)


def frame(plans: Any, table: str) -> Any:
    """One normalised table of a plan as a DataFrame, built by :mod:`serviceplan.io.tables`."""
    if _frame is None:  # pragma: no cover - as above
        raise RuntimeError("serviceplan's table hooks are not installed")
    return _frame(plans, table)
