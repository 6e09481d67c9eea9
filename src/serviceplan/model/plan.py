"""The service plan, its organisation, its cover report, and sets of plans."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from serviceplan import _hooks
from serviceplan.errors import ModelError
from serviceplan.model._base import check_enums, check_ident, check_optional_text, check_text, optional_period, tuple_of
from serviceplan.model.actions import Action
from serviceplan.model.finance import BudgetTable, FinancialImplications, Saving, StaffingTable
from serviceplan.model.indicators import Indicator, Profile, StatusRule, Tolerance
from serviceplan.model.risks import Risk
from serviceplan.model.strategy import ObjectiveImpact, Priority, StrategicAim
from serviceplan.values.periods import FinancialYear, Period
from serviceplan.values.vocab import PlanStatus, UnitKind

__all__ = ["CoverReport", "Implication", "OrgUnit", "PlanPolicy", "PlanSet", "Section", "ServicePlan"]


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class OrgUnit:
    """A unit of the council: council › directorate/department › division/service › team."""

    id: str = attrs.field(validator=check_ident)
    name: str = attrs.field(validator=check_text)
    kind: UnitKind | None = None
    parent: str | None = attrs.field(default=None, validator=check_optional_text)
    head: str | None = attrs.field(
        default=None, validator=check_optional_text
    )  #: "Mike Bleese (Assistant Director - HR Services)"


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class Implication:
    """A heading of the report's implications: "Legal", "Risk Assessment", "Asset Management"."""

    heading: str = attrs.field(validator=check_text)
    text: str = attrs.field(validator=attrs.validators.instance_of(str))


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class CoverReport:
    """The committee report a plan is presented with (Sefton 2010/11 covers)."""

    report_to: tuple[str, ...] = attrs.field(factory=tuple, converter=tuple_of[str])
    dates: tuple[date, ...] = attrs.field(
        factory=tuple, converter=tuple_of[date]
    )  #: meeting dates, in the order printed
    dates_text: str | None = attrs.field(
        default=None, validator=check_optional_text
    )  #: "13 th October 2010 3 rd November 2010"
    subject: str | None = attrs.field(default=None, validator=check_optional_text)
    wards_affected: str | None = attrs.field(default=None, validator=check_optional_text)
    report_of: tuple[str, ...] = attrs.field(factory=tuple, converter=tuple_of[str])
    contact_officers: tuple[str, ...] = attrs.field(factory=tuple, converter=tuple_of[str])
    exempt: str | None = attrs.field(default=None, validator=check_optional_text)
    purpose: str | None = attrs.field(default=None, validator=check_optional_text)
    reason_for_decision: str | None = attrs.field(default=None, validator=check_optional_text)
    recommendations: tuple[str, ...] = attrs.field(factory=tuple, converter=tuple_of[str])
    key_decision: bool | None = None
    forward_plan: str | None = attrs.field(default=None, validator=check_optional_text)
    implementation_date: str | None = attrs.field(default=None, validator=check_optional_text)
    alternative_options: str | None = attrs.field(default=None, validator=check_optional_text)
    implications: tuple[Implication, ...] = attrs.field(factory=tuple, converter=tuple_of[Implication])
    financial: FinancialImplications | None = None
    consultation: str | None = attrs.field(default=None, validator=check_optional_text)
    background_papers: str | None = attrs.field(default=None, validator=check_optional_text)

    @property
    def date(self) -> date | None:
        """The first meeting date: the date the plan is reported."""
        return min(self.dates) if self.dates else None


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class Section:
    """Narrative a plan carries: foreword, looking back, findings, quick wins, timeline."""

    heading: str = attrs.field(validator=check_text)
    text: str | None = attrs.field(default=None, validator=check_optional_text)
    items: tuple[str, ...] = attrs.field(factory=tuple, converter=tuple_of[str])


def _positive(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ModelError(f"{attribute.name} must be a whole number of at least 1, not {value!r}")


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class PlanPolicy:
    """Rules a plan is checked against (Sefton 2010/11: "a maximum of 6 priorities")."""

    max_priorities: int = attrs.field(default=6, validator=_positive)
    tolerance: Tolerance | None = None  #: the default for indicators that set none (``None``: no amber band)
    profile: Profile | None = None  #: the default profile for cumulative indicators that set none
    rule: StatusRule = attrs.field(factory=StatusRule)  #: the RAG rule for indicators that set none


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class ServicePlan:
    """One department's service plan for one or more financial years.

    Everything other entities refer to has an id unique within the plan;
    references are ids, checked by :func:`serviceplan.check`, so a plan
    serialises without cycles. A change is a new plan: ``attrs.evolve(plan, …)``.
    """

    id: str = attrs.field(validator=check_ident)
    title: str = attrs.field(validator=check_text)
    council: str | None = attrs.field(default=None, validator=check_optional_text)
    unit: str | None = attrs.field(
        default=None, validator=check_optional_text
    )  #: id of the department/directorate the plan is for
    years: tuple[FinancialYear, ...] = attrs.field(factory=tuple, converter=tuple_of[FinancialYear])
    period_text: str | None = attrs.field(
        default=None, validator=check_optional_text
    )  #: "2009/12", "MARCH 2010 TO MARCH 2011"
    status: PlanStatus | None = None
    update_period: Period | None = attrs.field(default=None, converter=optional_period)  #: "at Quarter 1 (June 2010)"
    policy: PlanPolicy = attrs.field(factory=PlanPolicy)
    report: CoverReport | None = None
    units: tuple[OrgUnit, ...] = attrs.field(factory=tuple, converter=tuple_of[OrgUnit])
    aims: tuple[StrategicAim, ...] = attrs.field(factory=tuple, converter=tuple_of[StrategicAim])
    priorities: tuple[Priority, ...] = attrs.field(factory=tuple, converter=tuple_of[Priority])
    actions: tuple[Action, ...] = attrs.field(factory=tuple, converter=tuple_of[Action])
    indicators: tuple[Indicator, ...] = attrs.field(factory=tuple, converter=tuple_of[Indicator])
    risks: tuple[Risk, ...] = attrs.field(factory=tuple, converter=tuple_of[Risk])
    savings: tuple[Saving, ...] = attrs.field(factory=tuple, converter=tuple_of[Saving])
    budgets: tuple[BudgetTable, ...] = attrs.field(factory=tuple, converter=tuple_of[BudgetTable])
    staffing: tuple[StaffingTable, ...] = attrs.field(factory=tuple, converter=tuple_of[StaffingTable])
    objective_impacts: tuple[ObjectiveImpact, ...] = attrs.field(factory=tuple, converter=tuple_of[ObjectiveImpact])
    sections: tuple[Section, ...] = attrs.field(factory=tuple, converter=tuple_of[Section])
    source: str | None = attrs.field(
        default=None, validator=check_optional_text
    )  #: where the plan was transcribed from

    @property
    def start(self) -> date | None:
        """First day of the plan's period (1 April of its first year)."""
        return min(self.years).start if self.years else None

    @property
    def end(self) -> date | None:
        """Last day of the plan's period (31 March of its last year)."""
        return max(self.years).end if self.years else None

    def priority(self, id: str) -> Priority | None:
        """The priority with this id, or ``None``."""
        return next((p for p in self.priorities if p.id == id), None)

    def action(self, id: str) -> Action | None:
        """The action with this id, or ``None``."""
        return next((a for a in self.actions if a.id == id), None)

    def indicator(self, code: str) -> Indicator | None:
        """The indicator with this code, or ``None``."""
        return next((i for i in self.indicators if i.code == code), None)

    def risk(self, id: str) -> Risk | None:
        """The risk with this id, or ``None``."""
        return next((r for r in self.risks if r.id == id), None)

    def actions_for(self, priority_id: str) -> tuple[Action, ...]:
        """The actions linked to a priority, in plan order."""
        return tuple(a for a in self.actions if priority_id in a.priorities)

    def to_frame(self, table: str) -> Any:
        """One normalised table of the plan as a pandas DataFrame: ``plan.to_frame("risks")``.

        See :func:`serviceplan.to_frames` for the tables and their columns.
        """
        return _hooks.frame(self, table)  # built by serviceplan.io.tables: pandas stays out of the model

    def _repr_html_(self) -> str:
        return _hooks.html(self)  # drawn by serviceplan.render.html: presentation stays out of the model


@attrs.frozen(kw_only=True, field_transformer=check_enums)
class PlanSet:
    """Several plans: a council's departments, a year's portfolio, or one department over years."""

    name: str = attrs.field(validator=check_text)
    plans: tuple[ServicePlan, ...] = attrs.field(factory=tuple, converter=tuple_of[ServicePlan])

    def __iter__(self) -> Any:
        return iter(self.plans)

    def __len__(self) -> int:
        return len(self.plans)
