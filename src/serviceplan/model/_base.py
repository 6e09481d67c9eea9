"""Field helpers shared by the model classes (private).

Tuple fields are declared inline, ``attrs.field(factory=tuple, converter=tuple_of[Action])``,
so that type checkers see the converter: mypy's attrs plugin and pyright
(``dataclass_transform``) only look at ``attrs.field`` itself, and take the
``__init__`` parameter's type from the converter's first parameter. So
``ServicePlan(actions=[...])`` type-checks, and the stored value is a tuple.
"""

from __future__ import annotations

import enum
import sys
import types
import typing
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from serviceplan.errors import ModelError
from serviceplan.values.periods import FinancialYear, Period, Quarter

T = TypeVar("T")

__all__ = [
    "EachOf",
    "EnumCheck",
    "check_enums",
    "check_ident",
    "check_optional_text",
    "check_text",
    "optional_period",
    "to_period",
    "to_tuple",
    "tuple_of",
]


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


def check_ident(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator of an id: non-empty text, unique within its plan (uniqueness is ``check``'s)."""
    if not isinstance(value, str) or not value.strip():
        raise ModelError(f"{type(instance).__name__}.{attribute.name} must be a non-empty id, not {value!r}")


def check_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator of required text (which may be empty)."""
    if not isinstance(value, str):
        raise ModelError(f"{type(instance).__name__}.{attribute.name} must be text, not {value!r}")


def check_optional_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator of text that a real plan may leave blank (``None``)."""
    if value is not None and not isinstance(value, str):
        raise ModelError(f"{type(instance).__name__}.{attribute.name} must be text or None, not {value!r}")


@attrs.frozen
class EnumCheck:
    """Validator of an enum-typed field: the value is a member of ``enum`` (or ``None`` when ``optional``).

    Added to every enum-typed field by :func:`check_enums`, so a new field of
    a vocabulary type is checked without anyone remembering to.
    """

    enum: type[enum.Enum]
    optional: bool

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is self.enum or (value is None and self.optional):
            return
        words = ", ".join(str(m.value) for m in self.enum) + (", or None" if self.optional else "")
        hint = ""
        if isinstance(value, str) and value in self.enum._value2member_map_:
            hint = f" (the word: pass {self.enum.__name__}({value!r}))"
        raise ModelError(
            f"{type(instance).__name__}.{attribute.name} must be one of {self.enum.__name__}: {words}; "
            f"not {value!r}{hint}"
        )


def _enum_of(cls: type, annotation: Any) -> tuple[type[enum.Enum], bool] | None:
    """The enum a field's annotation names (``E`` or ``E | None``), and whether ``None`` is allowed."""
    if isinstance(annotation, str):
        try:
            annotation = eval(annotation, vars(sys.modules[cls.__module__]))  # noqa: S307 - the class's own annotation
        except Exception:  # a name defined later in the module: not one of the vocabularies, which come first
            return None
    optional = False
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        if len(args) != 1:
            return None
        annotation = args[0]
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return annotation, optional
    return None


class EachOf:
    """Validator of a tuple field: every item is of the type its annotation names (``tuple[X, ...]``).

    Added to every tuple field by :func:`check_enums`. The annotation is read the
    first time the validator runs (a model class may name one defined after it), so
    ``ServicePlan(years=["2010/11"])`` is a :class:`~serviceplan.errors.ModelError`
    naming ``ServicePlan.years[0]`` and saying how to read the text, not an
    ``AttributeError`` deep inside a calculation later.
    """

    __slots__ = ("annotation", "item", "module")

    def __init__(self, annotation: Any, module: str) -> None:
        self.annotation = annotation
        self.module = module
        self.item: Any = None

    def _item(self) -> Any:
        if self.item is None:
            annotation = self.annotation
            if isinstance(annotation, str):
                annotation = eval(annotation, vars(sys.modules[self.module]))  # noqa: S307 - the class's own annotation
            args = typing.get_args(annotation)
            self.item = args[0] if args else object
        return self.item

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        item = self._item()
        for n, element in enumerate(value):
            if not isinstance(element, item):
                wanted = getattr(item, "__name__", str(item))
                hint = (
                    f" (read the text with {wanted}.parse({element!r}))"
                    if isinstance(element, str) and hasattr(item, "parse")
                    else ""
                )
                raise ModelError(
                    f"{type(instance).__name__}.{attribute.name}[{n}] must be {wanted}, not {element!r}{hint}"
                )


def _tuple_field(annotation: Any) -> bool:
    """Whether a field's annotation is ``tuple[X, ...]`` (as text, or as a type)."""
    if isinstance(annotation, str):
        return annotation.startswith("tuple[") and annotation.endswith(", ...]")
    return typing.get_origin(annotation) is tuple


def check_enums(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """Field transformer for every model class: enum fields hold members, tuple fields items of their type.

    ``Action(status="bogus")`` is a :class:`~serviceplan.errors.ModelError`
    naming ``Action.status`` and the value, and so is the plain word
    ``"complete"``: a field holds the member, ``ActionStatus.COMPLETE``.
    ``ServicePlan(years=["2010/11"])`` is one too (see :class:`EachOf`).
    """
    out = []
    for field in fields:
        found = _enum_of(cls, field.type)
        if found is not None:
            check: Any = EnumCheck(*found)
        elif _tuple_field(field.type):
            check = EachOf(field.type, cls.__module__)
        else:
            out.append(field)
            continue
        validator = check if field.validator is None else attrs.validators.and_(check, field.validator)
        out.append(field.evolve(validator=validator))
    return out
