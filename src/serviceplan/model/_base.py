"""Field helpers shared by the model classes (private).

Tuple fields are declared inline, ``attrs.field(factory=tuple, converter=tuple_of[Action])``,
so that type checkers see the converter: mypy's attrs plugin and pyright
(``dataclass_transform``) only look at ``attrs.field`` itself, and take the
``__init__`` parameter's type from the converter's first parameter. So
``ServicePlan(actions=[...])`` type-checks, and the stored value is a tuple.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from serviceplan.errors import ModelError
from serviceplan.values.periods import FinancialYear, Period, Quarter

T = TypeVar("T")

__all__ = ["ident", "optional_period", "optional_text", "seq", "text", "to_period", "to_tuple", "tuple_of"]


def to_tuple(value: Iterable[T]) -> tuple[T, ...]:
    """Converter for collection fields: any iterable but a string becomes a tuple."""
    if type(value) is tuple:
        return value
    if isinstance(value, (str, bytes)):
        raise ModelError(f"expected a sequence, not the text {value!r}")
    return tuple(value)


if TYPE_CHECKING:

    class tuple_of(Generic[T]):  # noqa: N801 - read as a converter: tuple_of[Action]
        """``tuple_of[X]`` is :func:`to_tuple`, typed to take any ``Iterable[X]`` and give ``tuple[X, ...]``."""

        def __new__(cls, value: Iterable[T], /) -> tuple[T, ...]: ...  # type: ignore[misc]

else:

    class _TupleOf:
        """At run time ``tuple_of[X]`` is :func:`to_tuple` itself (the fast path knows it by identity)."""

        def __getitem__(self, _: object) -> Callable[[Iterable[Any]], tuple[Any, ...]]:
            return to_tuple

    tuple_of = _TupleOf()


def to_period(value: Period | FinancialYear | Quarter) -> Period:
    """Converter for period fields: a financial year or a quarter becomes its :class:`Period`.

    >>> to_period(FinancialYear(2010))
    Period('2010/11')
    """
    if type(value) is Period:
        return value
    if isinstance(value, (FinancialYear, Quarter)):
        return Period.of(value)
    if isinstance(value, Period):
        return value
    raise ModelError(f"expected a Period, FinancialYear or Quarter, not {value!r}")


def optional_period(value: Period | FinancialYear | Quarter | None) -> Period | None:
    """:func:`to_period`, letting ``None`` through."""
    return None if value is None else to_period(value)


def _check_ident(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ModelError(f"{type(instance).__name__}.{attribute.name} must be a non-empty id, not {value!r}")


def _check_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str):
        raise ModelError(f"{type(instance).__name__}.{attribute.name} must be text, not {value!r}")


def _check_optional_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, str):
        raise ModelError(f"{type(instance).__name__}.{attribute.name} must be text or None, not {value!r}")


def ident() -> Any:
    """A required id: non-empty text, unique within its plan (checked by ``check``)."""
    return attrs.field(validator=_check_ident)


def text() -> Any:
    """Required text (may be empty)."""
    return attrs.field(validator=_check_text)


def optional_text() -> Any:
    """Text that a real plan may leave blank."""
    return attrs.field(default=None, validator=_check_optional_text)


def seq() -> Any:
    """A tuple field, for code that does not need type checkers to see the converter.

    Prefer ``attrs.field(factory=tuple, converter=tuple_of[X])``: a field made
    here is typed as its annotation, so type checkers refuse a list for it.
    """
    return attrs.field(factory=tuple, converter=to_tuple)
