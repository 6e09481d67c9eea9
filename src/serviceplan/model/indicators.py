"""Performance indicators, their targets and actuals."""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from serviceplan.errors import ModelError
from serviceplan.model._base import check_enums, check_ident, check_optional_text, check_text, to_period, tuple_of
from serviceplan.values.indicator_values import IndicatorValue, ValueKind
from serviceplan.values.periods import Period, PeriodKind
from serviceplan.values.vocab import IndicatorKind, IndicatorUnit, Polarity, Rag

__all__ = [
    "Accumulation",
    "Against",
    "Indicator",
    "Measurement",
    "Profile",
    "ProfileKind",
    "RuleKind",
    "StatusRule",
    "Target",
    "Tolerance",
    "ToleranceKind",
]


class ToleranceKind(enum.StrEnum):
    """How a tolerance is measured."""

    ABSOLUTE = "absolute"  #: in the indicator's own unit: 0.5 days
    PERCENTAGE = "percentage"  #: a percentage of the target: 5% of 20 days is 1 day


def _non_negative(_: object, __: object, value: Decimal) -> None:
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise ModelError(f"a tolerance must be a finite Decimal of at least 0, not {value!r}")


def _positive_scale(instance: Tolerance, _: object, value: Decimal | None) -> None:
    if value is None:
        return
    if not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
        raise ModelError(f"a tolerance's scale must be a finite Decimal above 0, not {value!r}")
    if instance.kind is not ToleranceKind.PERCENTAGE:
        raise ModelError(f"only a percentage tolerance is measured against a scale; {instance.kind.value!r} is not")


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class Tolerance:
    """How far an actual may miss its target and still be amber rather than red.

    A percentage is of the target, or of ``scale`` where one is stated: a
    budget variance aimed at 0% has no width as a percentage of 0, so a
    council states the band it means ("within 10% of a 4-point band").

    >>> Tolerance(kind=ToleranceKind.PERCENTAGE, value=Decimal(5)).amount(Decimal(20))
    Decimal('1')
    >>> Tolerance(kind=ToleranceKind.PERCENTAGE, value=Decimal(10), scale=Decimal(4)).amount(Decimal(0))
    Decimal('0.4')
    """

    kind: ToleranceKind
    value: Decimal = attrs.field(validator=_non_negative)
    scale: Decimal | None = attrs.field(
        default=None, validator=_positive_scale
    )  #: a percentage is of this, not of the target (a percentage tolerance only)

    def amount(self, target: Decimal) -> Decimal:
        """The tolerance in the indicator's unit, for a target value."""
        if self.kind is ToleranceKind.PERCENTAGE:
            return abs(self.scale if self.scale is not None else target) * self.value / 100
        return self.value

    def zero_width_at(self, target: Decimal) -> bool:
        """Whether this tolerance has no width at ``target``: a percentage of a target of 0, with no scale.

        >>> Tolerance(kind=ToleranceKind.PERCENTAGE, value=Decimal(5)).zero_width_at(Decimal(0))
        True
        """
        return self.kind is ToleranceKind.PERCENTAGE and self.scale is None and target == 0 and self.value > 0


class Against(enum.StrEnum):
    """What a period is compared with: for direction of travel, and for a two-step status rule."""

    PREVIOUS = "previous"  #: the period before: last quarter, last month, last year
    LAST_YEAR = "last_year"  #: the same period a year before (the year to date then, for a cumulative indicator)
    LAST_YEAR_OUTTURN = "last_year_outturn"  #: last year's figure for the whole year (pro rata for a count)


class RuleKind(enum.StrEnum):
    """How the colour is decided once the target and tolerance are known."""

    TOLERANCE = "tolerance"  #: green at or better than target, amber within tolerance, red beyond
    TWO_STEP = "two_step"  #: green within tolerance; beyond it amber if improving (``against``), else red


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class StatusRule:
    """How an indicator's RAG is decided, beyond its target and tolerance; the defaults are serviceplan's rule.

    * ``kind``: :attr:`RuleKind.TOLERANCE` (green at or better than target, amber
      within tolerance, red beyond) or :attr:`RuleKind.TWO_STEP` (green at target or
      within tolerance; beyond it amber only if better than the period it is compared
      with, ``against``, the same quarter last year by default; else red).
    * ``tie_is_met``: whether an actual exactly on target is met (green); if not, it is
      within tolerance (amber, or green under a two-step rule): "green only when the
      target is beaten". A range indicator's band edges are always inside the band.
    * ``range_amber``: for an indicator kept within a range (polarity ``range``), the
      width of an amber band beyond the green one (the tolerance either side of the
      midpoint): an absolute amount, or a percentage of the midpoint, or of a stated
      ``scale`` where the midpoint may be 0. Without it a range indicator is green or red.

    >>> StatusRule(range_amber=Tolerance(kind=ToleranceKind.ABSOLUTE, value=Decimal(3))).range_amber.value
    Decimal('3')
    >>> StatusRule(kind=RuleKind.TWO_STEP).against
    <Against.LAST_YEAR: 'last_year'>
    """

    range_amber: Tolerance | None = None  #: the amber band beyond the green one, for a range indicator
    tie_is_met: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))  #: on target is met
    kind: RuleKind = RuleKind.TOLERANCE  #: the one-step tolerance rule, or the two-step rule
    against: Against = Against.LAST_YEAR  #: what a two-step rule compares with, beyond tolerance


class Accumulation(enum.StrEnum):
    """How an indicator's periods combine into a year to date (and a year).

    ``None`` on an indicator (the default) means it is not cumulative: each
    period is judged on its own target and actual, nothing is derived.
    """

    SUM = "sum"  #: counts and money: the year to date is the sum of its periods (NI 180 changes of circumstances)
    MEAN = "mean"  #: rates measured each period: the mean of the periods (average days to process, NI 181)
    LATEST = "latest"  #: figures already reported to date, or snapshots: the latest period's (council tax collected)
    RATIO = "ratio"  #: numerator over denominator: the sums' ratio (% of invoices paid in 30 days)


class ProfileKind(enum.StrEnum):
    """How an annual target is spread over quarters or months."""

    EVEN = "even"  #: equal shares: a quarter of the annual target each quarter
    CUSTOM = "custom"  #: shares stated as weights, one per quarter or month ("20, 30, 30, 20")
    SEASONAL = "seasonal"  #: shares in the pattern of last year's actuals for the same periods


_PARTS = {PeriodKind.QUARTER: 4, PeriodKind.MONTH: 12}


def _weight(value: Decimal) -> None:
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise ModelError(f"a profile weight must be a finite Decimal of at least 0, not {value!r}")


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class Profile:
    """How an annual target is profiled over the quarters (or months) of the year.

    Only an indicator whose periods add up (:attr:`Accumulation.SUM`) is
    profiled: the target for the year to date is the annual target times the
    shares of the periods so far. A rate's annual target holds in every period.

    >>> Profile(kind=ProfileKind.EVEN).shares()
    (Decimal('0.25'), Decimal('0.25'), Decimal('0.25'), Decimal('0.25'))
    >>> Profile(kind=ProfileKind.CUSTOM, weights=(Decimal(20), Decimal(30), Decimal(30), Decimal(20))).shares()
    (Decimal('0.2'), Decimal('0.3'), Decimal('0.3'), Decimal('0.2'))

    Raises:
        ModelError: a profile over a year, custom weights that are not one per
            period or sum to 0, or weights given to an even or seasonal profile.
    """

    kind: ProfileKind
    by: PeriodKind = PeriodKind.QUARTER  #: the periods the year is profiled over: quarters or months
    weights: tuple[Decimal, ...] = attrs.field(
        factory=tuple, converter=tuple_of[Decimal]
    )  #: one per period, custom profiles only

    def __attrs_post_init__(self) -> None:
        if self.by not in _PARTS:
            raise ModelError(f"a profile is over quarters or months, not {self.by.value!r}")
        for weight in self.weights:
            _weight(weight)
        if self.kind is ProfileKind.CUSTOM:
            if len(self.weights) != _PARTS[self.by]:
                raise ModelError(
                    f"a custom profile by {self.by.value} needs {_PARTS[self.by]} weights, not {len(self.weights)}"
                )
            if sum(self.weights) == 0:
                raise ModelError("a custom profile's weights must not all be 0")
        elif self.weights:
            raise ModelError(f"a profile of kind {self.kind.value!r} takes no weights; a custom one does")

    @property
    def parts(self) -> int:
        """How many periods the year is profiled over: 4 or 12."""
        return _PARTS[self.by]

    def weights_for(self, pattern: tuple[Decimal, ...] | None = None) -> tuple[Decimal, ...]:
        """One weight per period: 1 each (even), as stated (custom), or ``pattern`` (seasonal: last year's actuals).

        Raises:
            ModelError: a seasonal profile whose ``pattern`` is not one actual of at least 0 per period,
                summing to more than 0.
        """
        if self.kind is ProfileKind.EVEN:
            return tuple(Decimal(1) for _ in range(self.parts))
        if self.kind is ProfileKind.CUSTOM:
            return self.weights
        if pattern is None or len(pattern) != self.parts or any(w < 0 for w in pattern) or sum(pattern) == 0:
            raise ModelError(f"a seasonal profile needs last year's {self.parts} actuals, not {pattern!r}")
        return tuple(pattern)

    def share_to(self, parts: int, pattern: tuple[Decimal, ...] | None = None) -> Decimal:
        """The share of the year in its first ``parts`` periods: the year-to-date share.

        >>> Profile(kind=ProfileKind.EVEN).share_to(1), Profile(kind=ProfileKind.EVEN, by=PeriodKind.MONTH).share_to(12)
        (Decimal('0.25'), Decimal('1'))
        """
        if not 0 <= parts <= self.parts:
            raise ModelError(f"a profile by {self.by.value} has {self.parts} periods, not {parts}")
        weights = self.weights_for(pattern)
        return sum(weights[:parts], Decimal(0)) / sum(weights)

    def shares(self, pattern: tuple[Decimal, ...] | None = None) -> tuple[Decimal, ...]:
        """Each period's share of the year, summing to 1 (``pattern``: see :meth:`weights_for`)."""
        weights = self.weights_for(pattern)
        total = sum(weights)
        return tuple(w / total for w in weights)


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


def _optional_count(_: object, attribute: attrs.Attribute[Decimal | None], value: Decimal | None) -> None:
    if value is not None and (not isinstance(value, Decimal) or not value.is_finite() or value < 0):
        raise ModelError(f"Measurement.{attribute.name} must be a finite Decimal of at least 0, not {value!r}")


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
    numerator: Decimal | None = attrs.field(
        default=None, validator=_optional_count
    )  #: for a ratio indicator: what was counted ("invoices paid in 30 days")
    denominator: Decimal | None = attrs.field(
        default=None, validator=_optional_count
    )  #: for a ratio indicator: out of how many ("invoices paid")

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
    accumulation: Accumulation | None = None  #: how periods combine; ``None``: each period on its own
    profile: Profile | None = None  #: how an annual target is spread; ``None``: the plan's default applies
    rule: StatusRule | None = None  #: how the RAG is decided; ``None``: the plan's rule applies
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
