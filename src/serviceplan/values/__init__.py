"""Value types: the vocabulary of service plans, each read from the text councils write.

The bottom layer of the library: it imports nothing of serviceplan but
:mod:`serviceplan.errors`. Each type keeps the text as written and prints back
to canonical text; a failure to read is a :class:`~serviceplan.errors.ParseError`
quoting the text.

>>> from serviceplan.values import FinancialYear, Money
>>> str(FinancialYear.parse("2009/ 20010")), Money.parse("£100K").amount
('2009/10', Decimal('100000'))
"""

from __future__ import annotations

from serviceplan.values.deadlines import Deadline, DeadlineKind, DeadlineMilestone
from serviceplan.values.indicator_values import IndicatorValue, ValueKind
from serviceplan.values.money import Money
from serviceplan.values.periods import FinancialYear, Period, PeriodKind, Quarter
from serviceplan.values.vocab import (
    ActionStatus,
    AssessmentKind,
    EqualityStatus,
    Impact,
    IndicatorKind,
    IndicatorUnit,
    Perspective,
    PlanStatus,
    Polarity,
    PriorityKind,
    Rag,
    ResourcingStatus,
    SavingEffect,
    SavingKind,
    SavingStatus,
    UnitKind,
    classify_equality,
    classify_resourcing,
)

__all__ = [
    "ActionStatus",
    "AssessmentKind",
    "Deadline",
    "DeadlineKind",
    "DeadlineMilestone",
    "EqualityStatus",
    "FinancialYear",
    "Impact",
    "IndicatorKind",
    "IndicatorUnit",
    "IndicatorValue",
    "Money",
    "Period",
    "PeriodKind",
    "Perspective",
    "PlanStatus",
    "Polarity",
    "PriorityKind",
    "Quarter",
    "Rag",
    "ResourcingStatus",
    "SavingEffect",
    "SavingKind",
    "SavingStatus",
    "UnitKind",
    "ValueKind",
    "classify_equality",
    "classify_resourcing",
]
