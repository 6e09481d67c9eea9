"""The one description of the canonical form: which classes, which fields, which shapes.

Every format reads the model through this module. The cattrs converter
(:mod:`serviceplan.io.converter`) registers a hook for each :data:`TEXT_TYPES`
entry; the fast JSON path (:mod:`serviceplan.io.fast`) generates its msgspec
mirrors and builders from :func:`fields_of`; the normalised tables
(:mod:`serviceplan.io.tables`) turn each field's :class:`Shape` into columns or
child tables; and the JSON Schema (:mod:`serviceplan.io.schema`) writes each
shape and text type down. None of them keeps a table of types of its own, so a
field added to the model reaches every format at once, and
``tests/test_field_coverage.py`` walks every class and field to prove it.

>>> from serviceplan.model import Milestone
>>> [(f.name, f.shape.kind.value, f.required) for f in fields_of(Milestone)]
[('what', 'str', True), ('deadline', 'optional', False)]
>>> fields_of(Milestone)[1].shape.item.text.cls.__name__
'Deadline'
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

import attrs

from serviceplan.model import PlanSet, ServicePlan
from serviceplan.values.deadlines import Deadline
from serviceplan.values.indicator_values import IndicatorValue
from serviceplan.values.money import Money
from serviceplan.values.periods import FinancialYear, Period, Quarter

__all__ = [
    "TEXT_TYPES",
    "FieldSpec",
    "Kind",
    "Shape",
    "TextType",
    "as_text",
    "fields_of",
    "model_classes",
    "shape_of",
    "text_type",
]


@attrs.frozen
class TextType:
    """A value type that travels as text and comes back through its own ``parse``.

    ``allow_int``: a whole number is read too (``100000`` for money), as its
    digits. ``noun`` and ``examples`` make the JSON Schema's description; each
    example is real text from the seeds and parses (a test holds them to it).
    """

    cls: type[Any]
    parse: Callable[[str], Any]
    allow_int: bool
    noun: str
    examples: tuple[str, ...]

    @property
    def description(self) -> str:
        """The JSON Schema description: the noun and the examples.

        >>> text_type(Quarter).description
        "A quarter: '2010/11 Q1', 'Quarter 1 (June 2010)'."
        """
        return f"{self.noun}: {', '.join(repr(e) for e in self.examples)}."

    def json_schema(self) -> dict[str, Any]:
        """The JSON Schema of the value: text (or a whole number, where taken) with the description."""
        return {"type": ["string", "integer"] if self.allow_int else "string", "description": self.description}


TEXT_TYPES: tuple[TextType, ...] = (
    TextType(Money, Money.parse, True, "Pounds as written", ("£100K", "£250,000", "-340000", "7,969 (£000)")),
    TextType(FinancialYear, FinancialYear.parse, False, "A financial year", ("2010/11", "2010-11", "2009/ 20010")),
    TextType(Quarter, Quarter.parse, False, "A quarter", ("2010/11 Q1", "Quarter 1 (June 2010)")),
    TextType(Period, Period.parse, False, "A financial year, quarter or month", ("2008/09", "2010/11 Q1", "June 2010")),
    TextType(
        Deadline, Deadline.parse, False, "A deadline as written", ("March 2011", "Ph 1 – March 2009 Ph 2 – March 2010")
    ),
    TextType(
        IndicatorValue,
        IndicatorValue.parse,
        True,
        "A target or actual as printed",
        ("21 days", "98.70%", "5% reduction from 31/03/08"),
    ),
)
"""Every value type that travels as text: money, years, quarters, periods, deadlines, indicator values."""

_BY_CLASS: dict[type[Any], TextType] = {t.cls: t for t in TEXT_TYPES}


def text_type(tp: Any) -> TextType | None:
    """The :class:`TextType` of a class, or ``None`` if it does not travel as text."""
    return _BY_CLASS.get(tp) if isinstance(tp, type) else None


def as_text(value: Any) -> str:
    """The text a value travels as: the text it was read from, else its canonical text."""
    text = getattr(value, "text", None)
    return text if isinstance(text, str) else str(value)


class Kind(enum.Enum):
    """What a field's value is, as the formats see it."""

    TEXT_VALUE = "text value"  #: a :class:`TextType`: travels as its text
    ENUM = "enum"  #: a closed vocabulary: travels as its word
    STR = "str"
    INT = "int"  #: a whole number that fits in 64 bits
    BOOL = "bool"
    DECIMAL = "decimal"  #: travels as text (or a whole number)
    DATE = "date"  #: travels as ISO text, ``YYYY-MM-DD``
    ENTITY = "entity"  #: a nested model class: a mapping of its own fields
    TUPLE = "tuple"  #: a list of ``item``
    OPTIONAL = "optional"  #: ``item`` or ``None``


_PLAIN: dict[Any, Kind] = {str: Kind.STR, int: Kind.INT, bool: Kind.BOOL, Decimal: Kind.DECIMAL, date: Kind.DATE}


@attrs.frozen
class Shape:
    """The shape of a type in the canonical form.

    ``item`` is the element of a tuple or the value of an optional; ``text``
    the :class:`TextType` of a text value.
    """

    kind: Kind
    type: Any
    item: Shape | None = None
    text: TextType | None = None

    @property
    def inner(self) -> Shape:
        """The shape itself, or what it holds when it is optional."""
        return self.item if self.kind is Kind.OPTIONAL and self.item is not None else self


@cache
def shape_of(tp: Any) -> Shape:
    """The :class:`Shape` of a type hint.

    >>> shape_of(tuple[Money | None, ...]).item.inner.text.cls.__name__
    'Money'

    Raises:
        TypeError: a type the canonical form has no rule for (a union of two
            types, a fixed-length tuple, a class that is neither a value nor
            a model class).
    """
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        args = typing.get_args(tp)
        if len(args) != 2 or type(None) not in args:
            raise TypeError(f"no canonical form for {tp!r}: only X | None is allowed")
        return Shape(Kind.OPTIONAL, tp, item=shape_of(next(a for a in args if a is not type(None))))
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) != 2 or args[1] is not Ellipsis:
            raise TypeError(f"no canonical form for {tp!r}: only tuple[X, ...] is allowed")
        return Shape(Kind.TUPLE, tp, item=shape_of(args[0]))
    found = text_type(tp)
    if found is not None:
        return Shape(Kind.TEXT_VALUE, tp, text=found)
    if tp in _PLAIN:
        return Shape(_PLAIN[tp], tp)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return Shape(Kind.ENUM, tp)
    if isinstance(tp, type) and attrs.has(tp):
        return Shape(Kind.ENTITY, tp)
    raise TypeError(f"no canonical form for {tp!r}")


@attrs.frozen
class FieldSpec:
    """One field of a model class in the canonical form.

    ``required``: there is no default, so a document must give it. Otherwise
    ``default`` is the value it takes when left out (``attrs.NOTHING`` when a
    ``factory`` makes it instead).
    """

    name: str
    hint: Any  #: the resolved type hint
    shape: Shape
    required: bool
    default: Any
    factory: Callable[[], Any] | None
    attribute: attrs.Attribute[Any] = attrs.field(repr=False)  #: for its validator and converter

    def default_value(self) -> Any:
        """The value the field takes when a document leaves it out (``attrs.NOTHING`` if it is required)."""
        return self.factory() if self.factory is not None else self.default


@cache
def fields_of(cls: type) -> tuple[FieldSpec, ...]:
    """Every field of a model class, in order, as the canonical form carries it.

    Raises:
        TypeError: ``cls`` is not an attrs class, a field is not an ``__init__``
            argument (the canonical form has no place for it), or a field's
            type has no canonical form.
    """
    if not attrs.has(cls):
        raise TypeError(f"{cls!r} is not a model class")
    hints = typing.get_type_hints(cls)
    found = []
    for attribute in attrs.fields(cls):
        if not attribute.init:
            raise TypeError(f"{cls.__name__}.{attribute.name} is not an __init__ argument: the format cannot carry it")
        try:
            shape = shape_of(hints[attribute.name])
        except TypeError as err:
            raise TypeError(f"{cls.__name__}.{attribute.name}: {err}") from None
        default = attribute.default
        factory = None
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            if default.takes_self:  # pragma: no cover - the model has none
                raise TypeError(f"{cls.__name__}.{attribute.name}: a default that takes self has no canonical form")
            factory, default = default.factory, attrs.NOTHING
        found.append(
            FieldSpec(
                name=attribute.name,
                hint=hints[attribute.name],
                shape=shape,
                required=default is attrs.NOTHING and factory is None,
                default=default,
                factory=factory,
                attribute=attribute,
            )
        )
    return tuple(found)


def _classes_in(shape: Shape) -> typing.Iterator[type]:
    if shape.kind is Kind.ENTITY:
        yield shape.type
    elif shape.item is not None:
        yield from _classes_in(shape.item)


@cache
def model_classes() -> tuple[type, ...]:
    """Every model class a document can hold, reached from ``ServicePlan`` and ``PlanSet``.

    >>> [c.__name__ for c in model_classes()][:4]
    ['ServicePlan', 'PlanPolicy', 'Tolerance', 'Profile']
    """
    found: dict[type, None] = {}

    def visit(cls: type) -> None:
        if cls in found:
            return
        found[cls] = None
        for field in fields_of(cls):
            for inner in _classes_in(field.shape):
                visit(inner)

    visit(ServicePlan)
    visit(PlanSet)
    return tuple(found)
