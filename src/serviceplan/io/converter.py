"""The one converter between the model and plain data.

Plain data is what JSON and YAML carry: dicts, lists, ``str``, ``int``,
``bool`` and ``None``. Money, decimals, deadlines, years, periods and
indicator values travel as text and come back through their own ``parse``,
so each text rule lives once, in its value type. Dates travel as ISO text.

The converter is strict: text stays text (``1`` is not ``"1"``), unknown keys
are rejected, a string is never taken for a list, and every problem in a
document is reported together with its path::

    actions[3].deadline: cannot read deadline 'Marhc 2011'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import cattrs

from serviceplan._strict import describe, problems_of, strict_converter, structure_decimal
from serviceplan.errors import LoadError, Problem
from serviceplan.io.fields import TEXT_TYPES, as_text, fields_of, model_classes
from serviceplan.model import PlanSet, ServicePlan

__all__ = [
    "FORMAT_VERSION",
    "TEXT_TYPES",
    "as_text",
    "careful_structure",
    "converter",
    "header_problems",
    "problems_of",
    "structure",
    "structure_decimal",
    "unstructure",
]

FORMAT_VERSION = 1
"""Version of the canonical plain-data format. Bumped on any change a reader must know about."""

_KINDS: dict[str, type[ServicePlan] | type[PlanSet]] = {"service_plan": ServicePlan, "plan_set": PlanSet}
T = TypeVar("T")


def _from_text(parse: Callable[[str], T], *, allow_int: bool = False) -> Callable[[Any, type], T]:
    def hook(value: Any, _: type) -> T:
        if allow_int and isinstance(value, int) and not isinstance(value, bool):
            return parse(str(value))
        if not isinstance(value, str):
            raise TypeError(f"expected text, not {describe(value)}")
        return parse(value)

    return hook


def _make_converter() -> cattrs.Converter:
    """The strict converter, with a text hook for every :data:`~serviceplan.io.fields.TEXT_TYPES` entry.

    cattrs generates the hooks of the model classes from their attrs fields;
    every class is first put through :func:`~serviceplan.io.fields.fields_of`,
    so a field the description cannot carry fails here, at import, not in a file.
    """
    conv = strict_converter()
    for text_type in TEXT_TYPES:
        conv.register_structure_hook(text_type.cls, _from_text(text_type.parse, allow_int=text_type.allow_int))
        conv.register_unstructure_hook(text_type.cls, as_text)
    for cls in model_classes():
        fields_of(cls)
    return conv


converter = _make_converter()
"""The canonical converter. Use :func:`structure` and :func:`unstructure` rather than calling it."""


def structure(data: Any, *, source: str | None = None) -> ServicePlan | PlanSet:
    """Build a plan (or a set of plans) from canonical plain data.

    Args:
        data: a mapping with ``format_version``, ``kind`` ("service_plan" or
            "plan_set") and the entity's fields.
        source: where the data came from, for the error message.

    Raises:
        LoadError: listing every problem with its path.
    """
    from serviceplan.io.fast import REFUSED, fast_structure

    plan = fast_structure(data)
    if plan is not REFUSED:
        return plan  # type: ignore[no-any-return]
    return careful_structure(data, source=source)


def header_problems(version: Any, kind: Any, where: str = "") -> list[Problem]:
    """What is wrong with a document's ``format_version`` and ``kind`` (every format's header is held to this).

    The version must be the whole number :data:`FORMAT_VERSION` itself: ``true``
    (which equals 1 in Python), ``1.0`` or ``"1"`` is not a version.

    >>> header_problems(True, "service_plan")
    [Problem(path='format_version', message='this serviceplan reads version 1, not True (bool)')]
    """
    problems = []
    if version is None:
        problems.append(Problem(f"{where}format_version", "required but missing"))
    elif type(version) is not int or version != FORMAT_VERSION:
        problems.append(
            Problem(
                f"{where}format_version", f"this serviceplan reads version {FORMAT_VERSION}, not {describe(version)}"
            )
        )
    if not (isinstance(kind, str) and kind in _KINDS):
        problems.append(Problem(f"{where}kind", f"expected one of: {', '.join(_KINDS)}, not {describe(kind)}"))
    return problems


def careful_structure(data: Any, *, source: str | None = None) -> ServicePlan | PlanSet:
    """:func:`structure` through cattrs alone: the reference the fast path must agree with."""
    if not isinstance(data, Mapping):
        raise LoadError([Problem("", f"expected a mapping at the top level, not {describe(data)}")], source)
    body = dict(data)
    problems: list[Problem] = []
    version = body.pop("format_version", None)
    kind = body.pop("kind", "service_plan")
    problems.extend(header_problems(version, kind))
    cls = _KINDS.get(kind) if isinstance(kind, str) else None
    if problems or cls is None:
        raise LoadError(problems, source)
    try:
        return converter.structure(body, cls)
    except Exception as exc:  # every failure becomes a LoadError with paths
        raise LoadError(problems_of(exc), source) from exc


def unstructure(plan: ServicePlan | PlanSet) -> dict[str, Any]:
    """The canonical plain data of a plan or a set of plans (the inverse of :func:`structure`)."""
    if isinstance(plan, ServicePlan):
        kind = "service_plan"
    elif isinstance(plan, PlanSet):
        kind = "plan_set"
    else:
        raise TypeError(f"expected a ServicePlan or PlanSet, not {type(plan).__name__}")
    data: dict[str, Any] = {"format_version": FORMAT_VERSION, "kind": kind}
    data.update(converter.unstructure(plan))
    return data
