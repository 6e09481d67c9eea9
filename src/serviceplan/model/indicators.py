"""Performance indicators, their targets and actuals."""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from serviceplan.errors import ModelError
from serviceplan.model._base import check_enums, check_ident, check_optional_text, check_text, to_period, tuple_of
from serviceplan.values.indicator_values import IndicatorValue, ValueKind
from serviceplan.values.periods import Period
from serviceplan.values.vocab import IndicatorKind, IndicatorUnit, Polarity, Rag

__all__ = ["Indicator", "Measurement", "Target", "Tolerance", "ToleranceKind"]


class ToleranceKind(enum.StrEnum):
    """How a tolerance is measured."""

    ABSOLUTE = "absolute"  #: in the indicator's own unit: 0.5 days
    PERCENTAGE = "percentage"  #: a percentage of the target: 5% of 20 days is 1 day


def _non_negative(_: object, __: object, value: Decimal) -> None:
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise ModelError(f"a tolerance must be a finite Decimal of at least 0, not {value!r}")


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class Tolerance:
    """How far an actual may miss its target and still be amber rather than red.

    >>> Tolerance(kind=ToleranceKind.PERCENTAGE, value=Decimal(5)).amount(Decimal(20))
    Decimal('1')
    """

    kind: ToleranceKind
    value: Decimal = attrs.field(validator=_non_negative)

    def amount(self, target: Decimal) -> Decimal:
        """The tolerance in the indicator's unit, for a target value."""
        if self.kind is ToleranceKind.PERCENTAGE:
            return abs(target) * self.value / 100
        return self.value


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class Target:
    """The target for one period: a value, a change from a baseline, or "to be set".

    ``commentary`` is the narrative a plan prints beside a target (why it was set so, or
    changed), carried into the quarterly report beside the RAG.
    """

    period: Period = attrs.field(converter=to_period)  #: a FinancialYear or Quarter is taken as its Period
    value: IndicatorValue
    commentary: str | None = attrs.field(
        default=None, validator=check_optional_text
    )  #: why the target is what it is: "Stretch target agreed with the LSP", "to be set after one year of data"


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class Measurement:
    """The actual value for one period, with what the council published beside it.

    ``published_rag`` is the status the council printed (a fact kept beside the
    one serviceplan computes, never overwritten by it); ``check()`` reports
    one that disagrees with the computed RAG (``rag-mismatch``), with the
    reason the library computed.
    """

    period: Period = attrs.field(converter=to_period)  #: a FinancialYear or Quarter is taken as its Period
    value: IndicatorValue = attrs.field()
    published_rag: Rag | None = None  #: the RAG the council published for this period, as printed
    commentary: str | None = attrs.field(
        default=None, validator=check_optional_text
    )  #: the narrative beside the figure: "Improved by new triage"

    @value.validator
    def _absolute(self, _: object, value: IndicatorValue) -> None:
        if value.kind is not ValueKind.ABSOLUTE:
            raise ModelError(f"an actual must be a number, not {value.text!r}")


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class Indicator:
    """A performance indicator: a National Indicator ("NI 181") or a local PI ("LPI 21a").

    ``code`` is its id within the plan; actions refer to it by code.
    """

    code: str = attrs.field(validator=check_ident)
    title: str = attrs.field(validator=check_text)
    kind: IndicatorKind | None = None
    unit: IndicatorUnit | None = None
    polarity: Polarity | None = None
    tolerance: Tolerance | None = None  #: ``None``: the plan's default tolerance applies
    frequency: str | None = attrs.field(default=None, validator=check_optional_text)
    targets: tuple[Target, ...] = attrs.field(factory=tuple, converter=tuple_of[Target])
    measurements: tuple[Measurement, ...] = attrs.field(factory=tuple, converter=tuple_of[Measurement])
    notes: str | None = attrs.field(default=None, validator=check_optional_text)

    def target_for(self, period: Period) -> Target | None:
        """The target set for ``period``, or ``None`` when there is none."""
        return next((t for t in self.targets if t.period == period), None)

    def actual_for(self, period: Period) -> Measurement | None:
        """The actual recorded for ``period``, or ``None``."""
        return next((m for m in self.measurements if m.period == period), None)
