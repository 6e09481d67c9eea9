"""Bounds on the decimals serviceplan reads, and the context it adds them in.

Every number the library reads (money, FTE, tolerances, indicator values) is a
:class:`~decimal.Decimal`. Python's default context rounds results to 28
significant digits and overflows at an exponent of 999,999, so a number read
without bounds could be rounded silently ("£1.000…0001" with 30 places) or
raise :class:`decimal.Overflow` long after it loaded (an FTE of "1e999999999").

So numbers are bounded where they are read, and added where they cannot round:

* **reading** (``Money.parse``, the converter, every format): at most
  ``MAX_INTEGER_DIGITS`` digits before the point and ``MAX_PLACES``
  after it; beyond that is a :class:`~serviceplan.errors.ParseError` quoting the
  text (a :class:`~serviceplan.errors.LoadError` naming its path when loading);
* **arithmetic** runs in ``EXACT``, a context of ``PRECISION`` digits
  that traps :class:`decimal.Inexact`: sums of up to 10**40 bounded numbers
  are exact, and a result that would have to round raises instead of rounding.

A base module: importable from every layer.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

from serviceplan.errors import ModelError, ParseError

__all__ = [
    "EXACT",
    "MAX_HELD_DIGITS",
    "MAX_INTEGER_DIGITS",
    "MAX_PLACES",
    "PRECISION",
    "bounded",
    "held",
    "inexact",
    "out_of_bounds",
]

MAX_INTEGER_DIGITS = 18
"""Digits before the point a number read may have: up to £999,999,999,999,999,999."""

MAX_PLACES = 12
"""Digits after the point a number read may have (a penny needs 2, an FTE 2 or 3)."""

MAX_HELD_DIGITS = 36
"""How far from the point the leading digit of a value held in the model may be (``Money(...)`` built
in code): room for sums and products of the numbers read; beyond is a :class:`~serviceplan.errors.ModelError`."""

PRECISION = 80
"""Significant digits of ``EXACT``: room for bounded numbers and the sums of very many."""

EXACT = decimal.Context(
    prec=PRECISION,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow, decimal.Inexact],
)
"""The context serviceplan adds money and FTE in: exact, or an error; never rounded."""


def out_of_bounds(value: Decimal) -> str | None:
    """Why a decimal is outside what serviceplan reads, or ``None`` when it is within.

    Zeros written after the point ("1.50") are not counted as places.
    """
    if not value.is_finite():
        return "it is not a finite number"
    if not value:
        return None
    _, digits, exponent = value.as_tuple()
    exponent = int(exponent)  # finite: a whole number
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    places = max(0, -(exponent + trailing))
    integer_digits = max(0, value.adjusted() + 1)
    if integer_digits > MAX_INTEGER_DIGITS:
        return f"it has {integer_digits} digits before the point; at most {MAX_INTEGER_DIGITS} are read"
    if places > MAX_PLACES:
        return f"it has {places} decimal places; at most {MAX_PLACES} are read"
    return None


def held(value: Decimal, what: str) -> None:
    """Raise :class:`ModelError` unless ``value`` is finite, its leading digit within ``MAX_HELD_DIGITS`` of the point.

    (A value with very many places but a sensible size can be held; adding it to another
    that cannot be held exactly is a :class:`ModelError` then, from the exact context.)
    """
    if type(value) is not Decimal and not isinstance(value, Decimal):
        raise ModelError(f"{what} must be a finite Decimal, not {value!r}")
    if not value.is_finite():
        raise ModelError(f"{what} must be a finite Decimal, not {value!r}")
    if value and not -MAX_HELD_DIGITS <= value.adjusted() < MAX_HELD_DIGITS:
        raise ModelError(f"{what} {value!r} is out of range: at most {MAX_HELD_DIGITS} digits either side of the point")


def bounded(value: Decimal, what: str, text: str) -> Decimal:
    """``value`` when it is within the bounds, else a :class:`ParseError` quoting ``text``."""
    reason = out_of_bounds(value)
    if reason is not None:
        raise ParseError(what, text, reason)
    return value


def inexact(operation: str) -> ModelError:
    """The error for arithmetic whose result cannot be held exactly."""
    return ModelError(f"{operation} cannot be held exactly in {PRECISION} significant digits")
