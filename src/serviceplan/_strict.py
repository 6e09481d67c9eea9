"""A strict cattrs converter and its error paths (private): the rules every structuring shares.

cattrs coerces by default (``3`` becomes ``"3"``); this converter does not:
text stays text, whole numbers are whole and fit in 64 bits, booleans are not
numbers, a string is never taken for a list, a mapping is needed for a class,
unknown keys are refused, and an enum is one of its words. Every problem is
collected with its path by :func:`problems_of`.

The canonical converter of plan files (:mod:`serviceplan.io.converter`)
builds on it, and so does :meth:`serviceplan.risk.RiskMatrix.from_dict`, so a
council's own matrix is read by the same rules as its plans.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

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

from serviceplan._decimal import bounded
from serviceplan.errors import ParseError, Problem, ServicePlanError

__all__ = ["describe", "problems_of", "read_iso_date", "read_whole", "strict_converter", "structure_decimal"]


def describe(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return f"a {'mapping' if isinstance(value, dict) else 'list'}"
    return f"{value!r} ({type(value).__name__})"


def _strict(expected: type, name: str) -> Callable[[Any, type], Any]:
    def hook(value: Any, _: type) -> Any:
        if type(value) is not expected:
            raise TypeError(f"expected {name}, not {describe(value)}")
        return value

    return hook


_INT64 = 2**63


def _structure_int(value: Any, _: type) -> int:
    if type(value) is not int:
        raise TypeError(f"expected a whole number, not {describe(value)}")
    if not -_INT64 <= value < _INT64:
        raise ValueError(f"a whole number of {value.bit_length()} bits is too large: whole numbers must fit in 64 bits")
    return value


# Numbers and dates as text: ASCII digits only, in the forms this library writes. Python's own
# readers are looser: Decimal("1_0") is 10, Decimal("٢.٥") is 2.5, int(" 12 ") is 12, and
# date.fromisoformat takes "20110301" and the week date "2011-W09-2".
_DECIMAL_TEXT = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_WHOLE_TEXT = re.compile(r"[-+]?[0-9]+")
_ISO_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def read_whole(text: str) -> int:
    """A whole number written in ASCII digits, with an optional sign ("12", "-3").

    Raises:
        ParseError: anything else ("1_0", "١٢", " 12", "12.0").
    """
    if not _WHOLE_TEXT.fullmatch(text):
        raise ParseError("whole number", text, "expected digits 0-9")
    return int(text)


def read_iso_date(text: str) -> date:
    """A date written YYYY-MM-DD, and no other ISO form ("20110301", "2011-W09-2" are refused).

    Raises:
        ParseError: text of another form, or an impossible day ("2011-02-30").
    """
    if not _ISO_DATE_TEXT.fullmatch(text):
        raise ParseError("date", text, "expected YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError as err:
        raise ParseError("date", text, str(err)) from None


def decimal_text(value: Decimal) -> str:
    """A number as this library writes it: plain digits, never an exponent ("100", not "1E+2").

    >>> decimal_text(Decimal("1E+2")), decimal_text(Decimal("0.0000001")), decimal_text(Decimal("1.50"))
    ('100', '0.0000001', '1.50')
    """
    return format(value, "f")


def structure_decimal(value: Any, _: type = Decimal) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise TypeError(f"expected a number written as text, not {describe(value)}")
    if isinstance(value, str) and not _DECIMAL_TEXT.fullmatch(value):
        raise ParseError("number", value, "expected digits 0-9 with an optional sign and decimal point")
    try:
        result = Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern admits only what Decimal reads
        raise ParseError("number", str(value)) from None
    if not result.is_finite():
        raise ParseError("number", str(value), "it is not finite")
    return bounded(result, "number", str(value))


def _structure_date(value: Any, _: type) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected a date written YYYY-MM-DD, not {describe(value)}")
    return read_iso_date(value)


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def _structure_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    if isinstance(value, str):
        for member in cls:
            if member.value == value:
                return member
    allowed = ", ".join(str(m.value) for m in cls)
    raise ValueError(f"{describe(value)} is not one of: {allowed}")


def _sequence_factory(type_: Any, conv: cattrs.Converter) -> Callable[[Any, type], Any]:
    inner = homogenous_tuple_structure_factory(type_, conv)

    def hook(value: Any, t: type) -> Any:
        if not isinstance(value, (list, tuple)):
            raise TypeError(f"expected a list, not {describe(value)}")
        return inner(value, t)

    return hook


def _attrs_factory(cls: type[Any], conv: cattrs.Converter) -> Callable[[Any, type], Any]:
    inner = make_dict_structure_fn(cls, conv)

    def hook(value: Any, t: type) -> Any:
        if not isinstance(value, Mapping):
            raise TypeError(f"expected a mapping of {cls.__name__} fields, not {describe(value)}")
        return inner(value, t)

    return hook


def strict_converter() -> cattrs.Converter:
    """A new converter with the strict rules: primitives, decimals, ISO dates, enums, lists and attrs classes."""
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True, omit_if_default=True)
    # Strict primitives: cattrs would turn 3 into "3". (The str-valued enums are
    # registered by class below, so they do not fall through to the str hook.)
    conv.register_structure_hook(str, _strict(str, "text"))
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _strict(bool, "true or false"))
    conv.register_structure_hook(Decimal, structure_decimal)
    conv.register_unstructure_hook(Decimal, decimal_text)
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(date, date.isoformat)
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


def problems_of(exc: BaseException) -> list[Problem]:
    """Every problem in a cattrs structuring failure, each with its path."""
    return _problems(exc, "")


def _problems(exc: BaseException, path: str) -> list[Problem]:
    if isinstance(exc, ForbiddenExtraKeysError):
        # Keys from Python callers (or other formats) need not be text: 1, None, True beside "x".
        keys = ", ".join(k if isinstance(k, str) else repr(k) for k in sorted(exc.extra_fields, key=repr))
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
