"""Savings, budgets and staffing, with the totals a document prints."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from serviceplan._decimal import held
from serviceplan.model._base import check_enums, check_ident, check_optional_text, check_text, tuple_of
from serviceplan.values.money import Money
from serviceplan.values.periods import FinancialYear
from serviceplan.values.vocab import Rag, SavingEffect, SavingKind, SavingStatus

__all__ = [
    "BudgetLine",
    "BudgetTable",
    "FinancialImplications",
    "FinancialLine",
    "Saving",
    "SavingAmount",
    "StaffingLine",
    "StaffingTable",
]


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class SavingAmount:
    """A saving's money in one financial year: target, forecast and delivered."""

    year: FinancialYear
    target: Money | None = None
    forecast: Money | None = None
    delivered: Money | None = None


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class Saving:
    """A savings target or a saving that contributes to one.

    Seed 004: the £1M MTFP 2011/12 integration target, beside £250,000
    (communications) and £100,000 (equalities) in-year savings, both achieved.
    """

    id: str = attrs.field(validator=check_ident)
    title: str = attrs.field(validator=check_text)
    unit: str | None = attrs.field(default=None, validator=check_optional_text)
    workstream: str | None = attrs.field(default=None, validator=check_optional_text)
    category: str | None = attrs.field(default=None, validator=check_optional_text)
    kind: SavingKind | None = None
    effect: SavingEffect | None = None  #: full-year effect or in-year amounts
    status: SavingStatus | None = None
    confidence: Rag | None = None
    contributes_to: str | None = attrs.field(default=None, validator=check_optional_text)  #: id of the parent target
    amounts: tuple[SavingAmount, ...] = attrs.field(factory=tuple, converter=tuple_of[SavingAmount])
    notes: str | None = attrs.field(default=None, validator=check_optional_text)


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class BudgetLine:
    """One row of a budget table: a division's gross, net and staffing budget."""

    label: str = attrs.field(validator=check_text)  #: the row as printed: "Salford Advance"
    unit: str | None = attrs.field(default=None, validator=check_optional_text)  #: id of the org unit, where known
    gross: Money | None = None
    net: Money | None = None  #: may be negative: an income-generating unit
    staffing: Money | None = None
    note: str | None = attrs.field(default=None, validator=check_optional_text)


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class BudgetTable:
    """A budget table as printed, with its printed total kept for reconciliation."""

    id: str = attrs.field(validator=check_ident)
    title: str = attrs.field(validator=check_text)
    year: FinancialYear | None = None
    lines: tuple[BudgetLine, ...] = attrs.field(factory=tuple, converter=tuple_of[BudgetLine])
    total: BudgetLine | None = None  #: the "Total" row as printed
    other_rows: tuple[BudgetLine, ...] = attrs.field(
        factory=tuple, converter=tuple_of[BudgetLine]
    )  #: printed rows that are neither lines nor the total
    note: str | None = attrs.field(default=None, validator=check_optional_text)


def _fte(_: Any, __: Any, value: Decimal | None) -> None:
    if value is not None:
        held(value, "fte")


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class StaffingLine:
    """One row of a staffing table: posts or staff, and FTE where given."""

    label: str = attrs.field(validator=check_text)
    unit: str | None = attrs.field(default=None, validator=check_optional_text)
    posts: int | None = None
    fte: Decimal | None = attrs.field(default=None, validator=_fte)
    note: str | None = attrs.field(default=None, validator=check_optional_text)


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class StaffingTable:
    """A staffing table as printed ("Number of Staff (as at Feb 09)"), with its total."""

    id: str = attrs.field(validator=check_ident)
    title: str = attrs.field(validator=check_text)
    as_at: str | None = attrs.field(default=None, validator=check_optional_text)
    lines: tuple[StaffingLine, ...] = attrs.field(factory=tuple, converter=tuple_of[StaffingLine])
    total: StaffingLine | None = None
    note: str | None = attrs.field(default=None, validator=check_optional_text)


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class FinancialLine:
    """A row of the cover report's capital/revenue table; an amount per column, blank as ``None``."""

    label: str = attrs.field(validator=check_text)
    amounts: tuple[Money | None, ...] = attrs.field(factory=tuple, converter=tuple_of[Money | None])


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class FinancialImplications:
    """The committee report's financial implications table, by financial year."""

    years: tuple[FinancialYear, ...] = attrs.field(factory=tuple, converter=tuple_of[FinancialYear])
    lines: tuple[FinancialLine, ...] = attrs.field(factory=tuple, converter=tuple_of[FinancialLine])
    external_funding_expiry: str | None = attrs.field(default=None, validator=check_optional_text)
    post_expiry_funding: str | None = attrs.field(default=None, validator=check_optional_text)

    def __attrs_post_init__(self) -> None:
        from serviceplan.errors import ModelError

        for line in self.lines:
            if line.amounts and len(line.amounts) != len(self.years):
                raise ModelError(
                    f"financial line {line.label!r} has {len(line.amounts)} amounts for {len(self.years)} years"
                )
