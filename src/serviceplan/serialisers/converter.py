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

import enum
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, is_sequence
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from serviceplan.deadlines import Deadline
from serviceplan.errors import LoadError, ParseError, Problem, ServicePlanError
from serviceplan.model import IndicatorValue, PlanSet, ServicePlan
from serviceplan.money import Money
from serviceplan.periods import FinancialYear, Period, Quarter

__all__ = ["FORMAT_VERSION", "careful_structure", "converter", "problems_of", "structure", "unstructure"]

FORMAT_VERSION = 1
"""Version of the canonical plain-data format. Bumped on any change a reader must know about."""

_KINDS: dict[str, type[ServicePlan] | type[PlanSet]] = {"service_plan": ServicePlan, "plan_set": PlanSet}
T = TypeVar("T")


TEXT_TYPES: tuple[tuple[type[Any], Callable[[str], Any], bool], ...] = (
    (Money, Money.parse, True),
    (FinancialYear, FinancialYear.parse, False),
    (Quarter, Quarter.parse, False),
    (Period, Period.parse, False),
    (Deadline, Deadline.parse, False),
    (IndicatorValue, IndicatorValue.parse, True),
)
"""Value types that travel as text: (class, its parse, whether a whole number is also accepted)."""


def _describe(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return f"a {'mapping' if isinstance(value, dict) else 'list'}"
    return f"{value!r} ({type(value).__name__})"


def _strict(expected: type, name: str) -> Callable[[Any, type], Any]:
    def hook(value: Any, _: type) -> Any:
        if type(value) is not expected:
            raise TypeError(f"expected {name}, not {_describe(value)}")
        return value

    return hook


_INT64 = 2**63


def _structure_int(value: Any, _: type) -> int:
    if type(value) is not int:
        raise TypeError(f"expected a whole number, not {_describe(value)}")
    if not -_INT64 <= value < _INT64:
        raise ValueError(f"a whole number of {value.bit_length()} bits is too large: whole numbers must fit in 64 bits")
    return value


def structure_decimal(value: Any, _: type = Decimal) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise TypeError(f"expected a number written as text, not {_describe(value)}")
    try:
        result = Decimal(value)
    except InvalidOperation:
        raise ParseError("number", str(value)) from None
    if not result.is_finite():
        raise ParseError("number", str(value), "it is not finite")
    return result


def _structure_date(value: Any, _: type) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected a date written YYYY-MM-DD, not {_describe(value)}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ParseError("date", value, "expected YYYY-MM-DD") from None


def _from_text(parse: Callable[[str], T], *, allow_int: bool = False) -> Callable[[Any, type], T]:
    def hook(value: Any, _: type) -> T:
        if allow_int and isinstance(value, int) and not isinstance(value, bool):
            return parse(str(value))
        if not isinstance(value, str):
            raise TypeError(f"expected text, not {_describe(value)}")
        return parse(value)

    return hook


def as_text(value: Any) -> str:
    text = getattr(value, "text", None)
    return text if isinstance(text, str) else str(value)


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def _structure_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    if isinstance(value, str):
        for member in cls:
            if member.value == value:
                return member
    allowed = ", ".join(str(m.value) for m in cls)
    raise ValueError(f"{_describe(value)} is not one of: {allowed}")


def _sequence_factory(type_: Any, conv: cattrs.Converter) -> Callable[[Any, type], Any]:
    inner = homogenous_tuple_structure_factory(type_, conv)

    def hook(value: Any, t: type) -> Any:
        if not isinstance(value, (list, tuple)):
            raise TypeError(f"expected a list, not {_describe(value)}")
        return inner(value, t)

    return hook


def _attrs_factory(cls: type[Any], conv: cattrs.Converter) -> Callable[[Any, type], Any]:
    inner = make_dict_structure_fn(cls, conv)

    def hook(value: Any, t: type) -> Any:
        if not isinstance(value, Mapping):
            raise TypeError(f"expected a mapping of {cls.__name__} fields, not {_describe(value)}")
        return inner(value, t)

    return hook


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True, omit_if_default=True)
    # Strict primitives: cattrs would turn 3 into "3". (The str-valued enums are
    # registered by class below, so they do not fall through to the str hook.)
    conv.register_structure_hook(str, _strict(str, "text"))
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _strict(bool, "true or false"))
    conv.register_structure_hook(Decimal, structure_decimal)
    conv.register_unstructure_hook(Decimal, str)
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(date, date.isoformat)
    for cls, parse, allow_int in TEXT_TYPES:
        conv.register_structure_hook(cls, _from_text(parse, allow_int=allow_int))
        conv.register_unstructure_hook(cls, as_text)
    # Registered on StrEnum, which precedes str in every str-valued enum's MRO:
    # otherwise the str hook would take them and they would travel as Enum objects.
    for base in (enum.StrEnum, enum.Enum):
        conv.register_structure_hook(base, _structure_enum)
        conv.register_unstructure_hook(base, _enum_value)
    conv.register_structure_hook_factory(is_sequence, _sequence_factory)
    conv.register_structure_hook_factory(attrs.has, _attrs_factory)
    conv.register_unstructure_hook_factory(
        attrs.has, lambda cls: make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True)
    )
    return conv


converter = _make_converter()
"""The canonical converter. Use :func:`structure` and :func:`unstructure` rather than calling it."""


def problems_of(exc: BaseException) -> list[Problem]:
    """Every problem in a cattrs structuring failure, each with its path."""
    return _problems(exc, "")


def _problems(exc: BaseException, path: str) -> list[Problem]:
    if isinstance(exc, ForbiddenExtraKeysError):
        keys = ", ".join(sorted(exc.extra_fields))
        return [Problem(path, f"unknown key{'s' if len(exc.extra_fields) > 1 else ''}: {keys}")]
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        found: list[Problem] = []
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            if isinstance(note, AttributeValidationNote):
                sub_path = f"{path}.{note.name}" if path else str(note.name)
                if isinstance(sub, KeyError) and not isinstance(sub, ServicePlanError):
                    found.append(Problem(sub_path, "required but missing"))
                    continue
            else:  # an IterableValidationNote: the position in a list
                sub_path = f"{path}[{note.index}]"
            found.extend(_problems(sub, sub_path))
        for sub in without:
            found.extend(_problems(sub, path))
        return found
    if isinstance(exc, RecursionError):
        return [Problem(path, "nested too deeply")]
    return [Problem(path, str(exc) or type(exc).__name__)]


def structure(data: Any, *, source: str | None = None) -> ServicePlan | PlanSet:
    """Build a plan (or a set of plans) from canonical plain data.

    Args:
        data: a mapping with ``format_version``, ``kind`` ("service_plan" or
            "plan_set") and the entity's fields.
        source: where the data came from, for the error message.

    Raises:
        LoadError: listing every problem with its path.
    """
    from serviceplan.serialisers._fast import REFUSED, fast_structure

    plan = fast_structure(data)
    if plan is not REFUSED:
        return plan  # type: ignore[no-any-return]
    return careful_structure(data, source=source)


def careful_structure(data: Any, *, source: str | None = None) -> ServicePlan | PlanSet:
    """:func:`structure` through cattrs alone: the reference the fast path must agree with."""
    if not isinstance(data, Mapping):
        raise LoadError([Problem("", f"expected a mapping at the top level, not {_describe(data)}")], source)
    body = dict(data)
    problems: list[Problem] = []
    version = body.pop("format_version", None)
    if version is None:
        problems.append(Problem("format_version", "required but missing"))
    elif type(version) is not int or version != FORMAT_VERSION:
        problems.append(Problem("format_version", f"this serviceplan reads version {FORMAT_VERSION}, not {version!r}"))
    kind = body.pop("kind", "service_plan")
    cls = _KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        problems.append(Problem("kind", f"expected one of: {', '.join(_KINDS)}, not {_describe(kind)}"))
    if problems or cls is None:
        raise LoadError(problems, source)
    try:
        return converter.structure(body, cls)
    except Exception as exc:  # every failure becomes a LoadError with paths
        raise LoadError(_problems(exc, ""), source) from exc


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
