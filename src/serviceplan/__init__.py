"""serviceplan: UK council service plans, modelled once and computed correctly.

Plans, priorities, actions, performance indicators, risk registers, savings
and budgets, as frozen value objects; the messy text of real plans read into
them; and one canonical format to move them between files and applications.

>>> import serviceplan
>>> plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
>>> plan.risk("D").current.score, plan.risk("D").target.score
(16, 8)

``import serviceplan`` stays light: pandas, NumPy and PyYAML are imported only
by the functions that need them.
"""

from __future__ import annotations

from serviceplan.checks import Finding, Severity, check
from serviceplan.deadlines import Deadline, DeadlineKind, DeadlineMilestone
from serviceplan.errors import (
    LimitError,
    LoadError,
    MissingDependencyError,
    ModelError,
    NotFoundError,
    ParseError,
    Problem,
    SerialiserExistsError,
    ServicePlanError,
    UnknownFormatError,
)
from serviceplan.examples import available_examples, example_path
from serviceplan.io import dump, dumps, load, loads
from serviceplan.model import (
    Action,
    Assessment,
    BudgetLine,
    BudgetTable,
    CoverReport,
    EqualityImpact,
    FinancialImplications,
    FinancialLine,
    Implication,
    Indicator,
    IndicatorValue,
    Measurement,
    Milestone,
    ObjectiveImpact,
    OrgUnit,
    PlanPolicy,
    PlanSet,
    Priority,
    ProgressUpdate,
    Resourcing,
    Risk,
    RiskAction,
    Saving,
    SavingAmount,
    Section,
    ServicePlan,
    StaffingLine,
    StaffingTable,
    StrategicAim,
    StrategicLink,
    Target,
    ValueKind,
)
from serviceplan.money import Money
from serviceplan.periods import FinancialYear, Period, PeriodKind, Quarter
from serviceplan.schema import json_schema
from serviceplan.serialisers import available_serialisers, register_serialiser
from serviceplan.serialisers.converter import FORMAT_VERSION, structure, unstructure
from serviceplan.vocab import (
    ActionStatus,
    AssessmentKind,
    EqualityStatus,
    Impact,
    IndicatorKind,
    Perspective,
    PlanStatus,
    Polarity,
    PriorityKind,
    Rag,
    ResourcingStatus,
    SavingKind,
    SavingStatus,
    UnitKind,
    classify_equality,
    classify_resourcing,
)

__version__ = "0.1.0"

__all__ = [
    "FORMAT_VERSION",
    "Action",
    "ActionStatus",
    "Assessment",
    "AssessmentKind",
    "BudgetLine",
    "BudgetTable",
    "CoverReport",
    "Deadline",
    "DeadlineKind",
    "DeadlineMilestone",
    "EqualityImpact",
    "EqualityStatus",
    "FinancialImplications",
    "FinancialLine",
    "FinancialYear",
    "Finding",
    "Impact",
    "Implication",
    "Indicator",
    "IndicatorKind",
    "IndicatorValue",
    "LimitError",
    "LoadError",
    "Measurement",
    "Milestone",
    "MissingDependencyError",
    "ModelError",
    "Money",
    "NotFoundError",
    "ObjectiveImpact",
    "OrgUnit",
    "ParseError",
    "Period",
    "PeriodKind",
    "Perspective",
    "PlanPolicy",
    "PlanSet",
    "PlanStatus",
    "Polarity",
    "Priority",
    "PriorityKind",
    "Problem",
    "ProgressUpdate",
    "Quarter",
    "Rag",
    "Resourcing",
    "ResourcingStatus",
    "Risk",
    "RiskAction",
    "Saving",
    "SavingAmount",
    "SavingKind",
    "SavingStatus",
    "Section",
    "SerialiserExistsError",
    "ServicePlan",
    "ServicePlanError",
    "Severity",
    "StaffingLine",
    "StaffingTable",
    "StrategicAim",
    "StrategicLink",
    "Target",
    "UnitKind",
    "UnknownFormatError",
    "ValueKind",
    "__version__",
    "available_examples",
    "available_serialisers",
    "check",
    "classify_equality",
    "classify_resourcing",
    "dump",
    "dumps",
    "example_path",
    "json_schema",
    "load",
    "loads",
    "register_serialiser",
    "structure",
    "unstructure",
]
