"""How the model's larger objects show themselves (private): a short repr, and HTML in notebooks.

attrs' own repr prints every field, all the way down: 91 KB for the Salford
plan. The objects that hold others (a plan, an action, a risk, an indicator …)
show instead what they are: their name fields, cut to 60 characters, and how
many of each thing they hold. The objects are unchanged (``attrs.evolve``,
equality and every field work as before); ``serviceplan.dumps(plan,
format="yaml")`` shows all of it.

>>> from serviceplan.model import Action, Milestone
>>> Action(id="A1", number="1.2", title="Review the " + "very " * 20 + "long policy", milestones=[])
Action(id='A1', number='1.2', title='Review the very very very very very very very very very ver…')
"""

from __future__ import annotations

from typing import Any

import attrs

from serviceplan import _hooks

__all__ = ["show_briefly", "show_in_notebooks"]

_NAMES = ("id", "code", "name", "number", "title")
_WIDTH = 60


def _cut(value: object) -> str:
    text = str(value)
    return text if len(text) <= _WIDTH else text[: _WIDTH - 1] + "\u2026"


def short_repr(self: Any) -> str:
    """``Class(id=…, title=…, N things, …)``: who it is and how much it holds."""
    parts = [f"{name}={_cut(getattr(self, name))!r}" for name in _NAMES if getattr(self, name, None) is not None]
    for field in attrs.fields(type(self)):
        value = getattr(self, field.name)
        if isinstance(value, tuple) and value and not isinstance(value[0], str):
            parts.append(f"{len(value)} {field.name}")
    return f"{type(self).__name__}({', '.join(parts)})"


def _repr_html_(self: Any) -> str:
    return _hooks.html(self)  # drawn by serviceplan.render.html: presentation stays out of the model


def show_briefly(*classes: type) -> None:
    """Give each class the short repr."""
    for cls in classes:
        setattr(cls, "__repr__", short_repr)  # noqa: B010 - a class attribute, assigned once


def show_in_notebooks(*classes: type) -> None:
    """Give each class a notebook (HTML) display, drawn by the render layer."""
    for cls in classes:
        setattr(cls, "_repr_html_", _repr_html_)  # noqa: B010 - as above
