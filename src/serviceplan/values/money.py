"""Money: pounds sterling as :class:`~decimal.Decimal`, never float.

Plans write money in many ways: "£100K", "£1M", "£250,000", "5.235M",
"-340000", "£53 million", "£6billion", and tables headed "(£000)" whose
cells are thousands. :meth:`Money.parse` reads them all and keeps the text.

Bounds (see ``serviceplan._decimal``): an amount read has at most
``MAX_INTEGER_DIGITS`` digits before the point and ``MAX_PLACES``
after it, or it is a :class:`~serviceplan.errors.ParseError` quoting the text;
money is added, subtracted and multiplied in an exact context
(``PRECISION`` digits) and never rounded: a result that cannot be held
exactly is a :class:`~serviceplan.errors.ModelError`.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal, InvalidOperation, localcontext
from typing import Any

import attrs

from serviceplan._decimal import EXACT, MAX_INTEGER_DIGITS, MAX_PLACES, PRECISION, bounded, held, inexact
from serviceplan.errors import ModelError, ParseError
from serviceplan.values._text import cached_parse, cached_reading, drop_stale_text, normalise_space

__all__ = ["MAX_INTEGER_DIGITS", "MAX_PLACES", "PRECISION", "Money"]

_SCALES = {
    "": Decimal(1),
    "k": Decimal(1_000),
    "thousand": Decimal(1_000),
    "m": Decimal(1_000_000),
    "mn": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "millions": Decimal(1_000_000),
    "bn": Decimal(1_000_000_000),
    "b": Decimal(1_000_000_000),
    "billion": Decimal(1_000_000_000),
}
_PENNY = Decimal("0.01")
_THOUSANDS_UNIT = re.compile(r"\(?\s*£\s*0{3}\s*'?s?\s*\)?$", re.IGNORECASE)
_MONEY = re.compile(
    r"^(?P<sign>[-–−])?\s*(?P<pound>£)?\s*(?P<sign2>[-–−])?\s*"
    r"(?P<number>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*(?P<scale>[a-z]*)\.?$",
    re.IGNORECASE,
)


@cached_reading
def _read(text: str, unit: str | None) -> tuple[Decimal, str]:
    """The amount a text reads as, and the text to keep (with the column's unit when it scales)."""
    clean = normalise_space(text)
    multiplier = Decimal(1)
    unit_text = normalise_space(unit) if unit else ""
    suffix = _THOUSANDS_UNIT.search(clean)
    if suffix and suffix.group().strip("() ").startswith("£"):
        clean = clean[: suffix.start()].strip()
        multiplier = Decimal(1000)
    if unit_text:
        if _THOUSANDS_UNIT.fullmatch(unit_text):
            multiplier = Decimal(1000)
        elif unit_text.strip("() ") != "£":
            raise ParseError("money unit", unit_text, "expected '£' or '£000'")
    m = _MONEY.match(clean)
    if not m or (m.group("sign") and m.group("sign2")):
        raise ParseError("money", text)
    scale = _SCALES.get(m.group("scale").lower())
    if scale is None:
        raise ParseError("money", text, f"unknown scale {m.group('scale')!r}")
    try:
        number = Decimal(m.group("number").replace(",", ""))
    except InvalidOperation as err:  # pragma: no cover - the regex admits only digits
        raise ParseError("money", text) from err
    if m.group("sign") or m.group("sign2"):
        number = number.copy_negate()
    amount = bounded(_exactly("money", lambda: number * scale * multiplier), "money", text)
    if unit_text and multiplier != 1 and not suffix:
        text = f"{text} ({unit_text.strip('()')})"
    return (amount.to_integral_value() if amount == amount.to_integral_value() else amount), text


def _amount_of(text: str) -> Decimal:
    return _read(text, None)[0]


def _check_amount(_: Any, __: Any, value: Decimal) -> None:
    held(value, "money amount")


def _exactly(operation: str, compute: Any, *args: Any) -> Decimal:
    try:
        with localcontext(EXACT):
            result: Decimal = compute(*args)
    except decimal.Inexact:
        raise inexact(operation) from None
    return result


@attrs.frozen(order=True)
class Money:
    """An amount of pounds sterling, exact.

    ``amount`` is a :class:`~decimal.Decimal` of pounds; ``text`` keeps what
    was written and takes no part in equality. The text is kept only while it
    reads as the amount: ``attrs.evolve(money, amount=...)`` drops it, so no
    file ever carries a text that disagrees with its amount. Money adds and subtracts with
    money, multiplies by a number, and ``sum()`` works; ``Money * Money`` is a
    :class:`TypeError`.

    >>> Money.parse("£100K").amount
    Decimal('100000')
    >>> Money.parse("5.235M"), Money.parse("-340000"), Money.parse("£6billion")
    (Money('£5,235,000'), Money('-£340,000'), Money('£6,000,000,000'))
    >>> Money.parse("7,969", unit="£000")
    Money('£7,969,000')
    >>> sum([Money.parse("£250,000"), Money.parse("£100K")])
    Money('£350,000')
    >>> str(Money(Decimal("1234.5")))
    '£1,234.50'
    """

    amount: Decimal = attrs.field(validator=_check_amount)
    text: str | None = attrs.field(default=None, eq=False, order=False, repr=False)

    def __attrs_post_init__(self) -> None:
        drop_stale_text(self, _amount_of, self.amount)

    @classmethod
    @cached_parse
    def parse(cls, text: str, *, unit: str | None = None) -> Money:
        """Read an amount of money as councils write it.

        Args:
            text: the cell or phrase: "£100K", "£1M", "£250,000", "5.235M",
                "-340000", "£53 million", "7,969 (£000)".
            unit: the column's unit when the heading gives it: ``"£000"``
                (thousands) or ``"£"``. A "(£000)" suffix on the text does the same.

        Raises:
            ParseError: text that is not an amount of money.
        """
        if not isinstance(text, str):
            raise ParseError("money", repr(text), "expected text")
        amount, written = _read(text, unit)
        return cls(amount, text=written)

    @classmethod
    def zero(cls) -> Money:
        """No money: the start of a sum."""
        return cls(Decimal(0))

    @property
    def pence(self) -> int:
        """The amount in whole pence (exact; raises for fractions of a penny)."""
        pence = _exactly("pence", self.amount.scaleb, 2)
        if pence != pence.to_integral_value():
            raise ModelError(f"{self} is not a whole number of pence")
        return int(pence)

    def __add__(self, other: object) -> Money:
        if isinstance(other, Money):
            return Money(_exactly("money", self.amount.__add__, other.amount))
        return NotImplemented

    def __radd__(self, other: object) -> Money:
        if other == 0 and not isinstance(other, bool):
            return Money(self.amount)
        return NotImplemented

    def __sub__(self, other: object) -> Money:
        if isinstance(other, Money):
            return Money(_exactly("money", self.amount.__sub__, other.amount))
        return NotImplemented

    def __neg__(self) -> Money:
        return Money(self.amount.copy_negate())

    def __mul__(self, other: object) -> Money:
        if isinstance(other, (int, Decimal)) and not isinstance(other, bool):
            return Money(_exactly("money", self.amount.__mul__, Decimal(other)))
        return NotImplemented

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return bool(self.amount)

    def __str__(self) -> str:
        amount = self.amount
        sign = "-" if amount < 0 else ""
        amount = amount.copy_abs()
        if amount == amount.to_integral_value():
            body = f"{int(amount):,}"
        else:
            shown = _exactly("money", amount.quantize, _PENNY) if amount.as_tuple().exponent == -1 else amount
            body = f"{shown:,f}"
        return f"{sign}£{body}"

    def __repr__(self) -> str:
        return f"Money('{self}')"
