"""The domain model: facts only, frozen attrs classes, no I/O.

Everything here is immutable; a change is a new object
(``attrs.evolve(action, status=ActionStatus.COMPLETE)``).
"""

from __future__ import annotations

from serviceplan.model._display import show_briefly, show_in_notebooks
from serviceplan.model.actions import Action, EqualityImpact, Milestone, ProgressUpdate, Resourcing
from serviceplan.model.finance import (
    BudgetLine,
    BudgetTable,
    FinancialImplications,
    FinancialLine,
    Saving,
    SavingAmount,
    StaffingLine,
    StaffingTable,
)
from serviceplan.model.indicators import (
    Accumulation,
    Against,
    Indicator,
    Measurement,
    Profile,
    ProfileKind,
    RuleKind,
    StatusRule,
    Target,
    Tolerance,
    ToleranceKind,
)
from serviceplan.model.plan import CoverReport, Implication, OrgUnit, PlanPolicy, PlanSet, Section, ServicePlan
from serviceplan.model.risks import Assessment, Risk, RiskAction
from serviceplan.model.strategy import ObjectiveImpact, Priority, StrategicAim, StrategicLink

# The objects that hold others show who they are and how much they hold; attrs' repr prints everything.
show_briefly(
    ServicePlan,
    PlanSet,
    OrgUnit,
    CoverReport,
    Section,
    Priority,
    StrategicAim,
    Action,
    Indicator,
    Risk,
    Saving,
    BudgetTable,
    StaffingTable,
    FinancialImplications,
)
show_in_notebooks(Risk, Action, Indicator)

__all__ = [
    "Accumulation",
    "Action",
    "Against",
    "Assessment",
    "BudgetLine",
    "BudgetTable",
    "CoverReport",
    "EqualityImpact",
    "FinancialImplications",
    "FinancialLine",
    "Implication",
    "Indicator",
    "Measurement",
    "Milestone",
    "ObjectiveImpact",
    "OrgUnit",
    "PlanPolicy",
    "PlanSet",
    "Priority",
    "Profile",
    "ProfileKind",
    "ProgressUpdate",
    "Resourcing",
    "Risk",
    "RiskAction",
    "RuleKind",
    "Saving",
    "SavingAmount",
    "Section",
    "ServicePlan",
    "StaffingLine",
    "StaffingTable",
    "StatusRule",
    "StrategicAim",
    "StrategicLink",
    "Target",
    "Tolerance",
    "ToleranceKind",
]
