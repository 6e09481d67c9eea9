"""Hypothesis strategies for every value type and entity of serviceplan.

A new field goes here the same day it goes into the model.
"""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from serviceplan import (
    Action,
    Assessment,
    Deadline,
    FinancialYear,
    Indicator,
    IndicatorValue,
    Measurement,
    Money,
    Period,
    PlanSet,
    Priority,
    Quarter,
    Rag,
    Risk,
    Saving,
    ServicePlan,
    Target,
)
from serviceplan.model import (
    Accumulation,
    Against,
    BudgetLine,
    BudgetTable,
    CoverReport,
    EqualityImpact,
    FinancialImplications,
    FinancialLine,
    Implication,
    Milestone,
    ObjectiveImpact,
    OrgUnit,
    PlanPolicy,
    Profile,
    ProfileKind,
    ProgressUpdate,
    Resourcing,
    RiskAction,
    RuleKind,
    SavingAmount,
    Section,
    StaffingLine,
    StaffingTable,
    StatusRule,
    StrategicAim,
    StrategicLink,
    Tolerance,
    ToleranceKind,
)
from serviceplan.model.risks import MAX_LEVEL, MAX_SCORE
from serviceplan.values import (
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
    ResourcingStatus,
    SavingEffect,
    SavingKind,
    SavingStatus,
    UnitKind,
)
from serviceplan.values.periods import PeriodKind

# --- text -------------------------------------------------------------------

# Any Unicode text a person could type or an OCR could produce (no lone surrogates:
# they are not text and cannot be UTF-8).
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=25)
ids = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=6).filter(str.strip)
optional_texts = st.none() | texts


def unique_ids(n_max: int = 4) -> st.SearchStrategy[list[str]]:
    return st.lists(ids, max_size=n_max, unique=True)


# --- values -------------------------------------------------------------------

financial_years = st.builds(FinancialYear, st.integers(1990, 2098))
quarters = st.builds(Quarter, financial_years, st.integers(1, 4))
plan_dates = st.dates(date(1990, 1, 1), date(2098, 12, 31))
periods = st.one_of(
    financial_years.map(Period.of),
    quarters.map(Period.of),
    st.builds(Period.month, st.integers(1990, 2098), st.integers(1, 12)),
)
money = st.builds(
    Money, st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False, places=2)
)
money_texts = st.one_of(
    st.integers(-(10**9), 10**9).map(lambda n: f"£{n:,}" if n >= 0 else f"-£{-n:,}"),
    st.integers(1, 999).map(lambda n: f"£{n}K"),
    st.decimals(min_value=0, max_value=100, places=3).map(lambda d: f"{d}M"),
    st.integers(1, 99_999).map(lambda n: f"{n:,} (£000)"),
)

_months = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


month_texts = st.builds(lambda y, m: f"{_months[m - 1]} {y}", st.integers(1990, 2098), st.integers(1, 12))
deadline_texts = st.one_of(
    month_texts,
    plan_dates.map(lambda d: f"{_ordinal(d.day)} {_months[d.month - 1]} {d.year}"),
    plan_dates.map(lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}"),
    plan_dates.map(lambda d: f"{_ordinal(d.day)} {_months[d.month - 1]}, {d.year}"),
    quarters.map(lambda q: f"Q{q.number} {q.year}"),
    financial_years.map(str),
    st.lists(month_texts, min_size=2, max_size=3).map(
        lambda ms: " ".join(f"Ph {i} – {m}" for i, m in enumerate(ms, 1))
    ),
    month_texts.map(lambda m: f"{m} and beyond"),
    month_texts.map(lambda m: f"from {m}"),
    st.sampled_from(["Continuous", "Ongoing", "Depends on business plan", "Already commenced", "TBC"]),
)
deadlines = deadline_texts.map(Deadline.parse)

indicator_value_texts = st.one_of(
    st.integers(0, 10**6).map(lambda n: f"{n:,}"),
    st.decimals(min_value=0, max_value=100, places=2).map(lambda d: f"{d}%"),
    st.decimals(min_value=0, max_value=400, places=1).map(lambda d: f"{d} days"),
    st.decimals(min_value=0, max_value=50, places=3).map(lambda d: f"{d}M"),
    st.builds(
        lambda pct, d: f"{pct}% reduction from {d:%d/%m/%y}",
        st.integers(1, 50),
        st.dates(date(2000, 1, 1), date(2068, 12, 31)),
    ),
    st.just("Target to be set after one year of data obtained"),
    st.sampled_from(["Yes", "No"]),
)
indicator_values = indicator_value_texts.map(IndicatorValue.parse)
absolute_values = (
    st.one_of(indicator_value_texts.filter(lambda t: "%" not in t or "reduction" not in t))
    .map(IndicatorValue.parse)
    .filter(lambda v: v.kind.value == "absolute")
)


def enum_or_none(cls: type) -> st.SearchStrategy[object]:
    return st.none() | st.sampled_from(list(cls))


# --- entities -------------------------------------------------------------------

org_units = st.builds(
    OrgUnit, id=ids, name=texts, kind=enum_or_none(UnitKind), parent=st.none() | ids, head=optional_texts
)
strategic_aims = st.builds(
    StrategicAim,
    id=ids,
    title=texts,
    perspective=enum_or_none(Perspective),
    description=optional_texts,
    parent=st.none() | ids,
)
priorities = st.builds(
    Priority,
    id=ids,
    title=texts,
    number=optional_texts,
    why=optional_texts,
    kind=enum_or_none(PriorityKind),
    unit=st.none() | ids,
    aim=st.none() | ids,
)
strategic_links = st.builds(StrategicLink, name=texts, indicator=st.none() | ids)
objective_impacts = st.builds(
    ObjectiveImpact, objective=texts, number=optional_texts, impact=enum_or_none(Impact), mark=optional_texts
)
resourcing = st.builds(Resourcing, status=st.sampled_from(list(ResourcingStatus)), text=optional_texts)
equality = st.builds(EqualityImpact, status=st.sampled_from(list(EqualityStatus)), text=optional_texts)
milestones = st.builds(Milestone, what=texts, deadline=st.none() | deadlines)
progress_updates = st.builds(
    ProgressUpdate,
    period=periods,
    text=texts,
    by=optional_texts,
    status=enum_or_none(ActionStatus),
    rag=enum_or_none(Rag),
)
small = {"max_size": 3}
actions = st.builds(
    Action,
    id=ids,
    title=texts,
    number=optional_texts,
    priorities=st.lists(ids, **small),
    unit=st.none() | ids,
    deadline=st.none() | deadlines,
    lead_officer=optional_texts,
    delegate=optional_texts,
    resourcing=st.none() | resourcing,
    outcome=optional_texts,
    measures=optional_texts,
    indicators=st.lists(ids, **small),
    risks=st.lists(ids, **small),
    risk_text=optional_texts,
    equality=st.none() | equality,
    links=st.lists(strategic_links, **small),
    status=enum_or_none(ActionStatus),
    year=st.none() | financial_years,
    milestones=st.lists(milestones, **small),
    updates=st.lists(progress_updates, **small),
    notes=optional_texts,
)
tolerance_values = st.decimals(min_value=0, max_value=1000, places=2)
tolerances = st.one_of(
    st.builds(Tolerance, kind=st.sampled_from(list(ToleranceKind)), value=tolerance_values),
    st.builds(
        Tolerance,
        kind=st.just(ToleranceKind.PERCENTAGE),
        value=tolerance_values,
        scale=st.decimals(min_value="0.01", max_value=1000, places=2),
    ),
)
weights = st.decimals(min_value=0, max_value=100, places=1)
profiles = st.one_of(
    st.builds(
        Profile,
        kind=st.sampled_from([ProfileKind.EVEN, ProfileKind.SEASONAL]),
        by=st.sampled_from([PeriodKind.QUARTER, PeriodKind.MONTH]),
    ),
    st.builds(
        Profile,
        kind=st.just(ProfileKind.CUSTOM),
        weights=st.lists(weights, min_size=4, max_size=4).filter(lambda w: sum(w) > 0),
    ),
    st.builds(
        Profile,
        kind=st.just(ProfileKind.CUSTOM),
        by=st.just(PeriodKind.MONTH),
        weights=st.lists(weights, min_size=12, max_size=12).filter(lambda w: sum(w) > 0),
    ),
)
status_rules = st.builds(
    StatusRule,
    range_amber=st.none() | tolerances,
    tie_is_met=st.booleans(),
    kind=st.sampled_from(list(RuleKind)),
    against=st.sampled_from(list(Against)),
)
counts = st.none() | st.decimals(min_value=0, max_value=10**6, places=0)
targets = st.builds(Target, period=periods, value=indicator_values, commentary=optional_texts)
measurements = st.builds(
    Measurement,
    period=periods,
    value=absolute_values,
    published_rag=enum_or_none(Rag),
    commentary=optional_texts,
    numerator=counts,
    denominator=counts,
)
indicators = st.builds(
    Indicator,
    code=ids,
    title=texts,
    kind=enum_or_none(IndicatorKind),
    unit=enum_or_none(IndicatorUnit),
    polarity=enum_or_none(Polarity),
    tolerance=st.none() | tolerances,
    accumulation=enum_or_none(Accumulation),
    profile=st.none() | profiles,
    rule=st.none() | status_rules,
    frequency=optional_texts,
    targets=st.lists(targets, **small),
    measurements=st.lists(measurements, **small),
    notes=optional_texts,
)
levels = st.integers(1, MAX_LEVEL)  # any level of the largest matrix the library accepts
assessments = st.one_of(
    st.builds(Assessment, kind=st.sampled_from(list(AssessmentKind)), score=st.integers(1, MAX_SCORE)),
    st.builds(
        Assessment,
        kind=st.sampled_from(list(AssessmentKind)),
        likelihood=levels,
        impact=levels,
        score=st.none() | st.integers(1, MAX_SCORE),
        assessed=st.none() | plan_dates,
        note=optional_texts,
        matrix=st.none() | ids,
        commentary=optional_texts,
    ),
)
risk_actions = st.builds(RiskAction, what=texts, milestone=optional_texts, deadline=st.none() | deadlines)
risks = st.builds(
    Risk,
    id=ids,
    title=texts,
    description=optional_texts,
    owner=optional_texts,
    category=optional_texts,
    unit=st.none() | ids,
    assessments=st.lists(assessments, **small),
    controls=st.lists(texts, **small),
    actions=st.lists(risk_actions, **small),
    deadline=st.none() | deadlines,
    monitoring=optional_texts,
)
optional_money = st.none() | money
saving_amounts = st.builds(
    SavingAmount, year=financial_years, target=optional_money, forecast=optional_money, delivered=optional_money
)
savings = st.builds(
    Saving,
    id=ids,
    title=texts,
    unit=st.none() | ids,
    workstream=optional_texts,
    category=optional_texts,
    kind=enum_or_none(SavingKind),
    effect=enum_or_none(SavingEffect),
    status=enum_or_none(SavingStatus),
    confidence=enum_or_none(Rag),
    contributes_to=st.none() | ids,
    amounts=st.lists(saving_amounts, **small),
    notes=optional_texts,
)
budget_lines = st.builds(
    BudgetLine,
    label=texts,
    unit=st.none() | ids,
    gross=optional_money,
    net=optional_money,
    staffing=optional_money,
    note=optional_texts,
)
budget_tables = st.builds(
    BudgetTable,
    id=ids,
    title=texts,
    year=st.none() | financial_years,
    lines=st.lists(budget_lines, **small),
    total=st.none() | budget_lines,
    other_rows=st.lists(budget_lines, max_size=1),
    note=optional_texts,
)
staffing_lines = st.builds(
    StaffingLine,
    label=texts,
    unit=st.none() | ids,
    posts=st.none() | st.integers(0, 10_000),
    fte=st.none() | st.decimals(min_value=0, max_value=10_000, places=2),
    note=optional_texts,
)
staffing_tables = st.builds(
    StaffingTable,
    id=ids,
    title=texts,
    as_at=optional_texts,
    lines=st.lists(staffing_lines, **small),
    total=st.none() | staffing_lines,
    note=optional_texts,
)


@st.composite
def financial_implications(draw: st.DrawFn) -> FinancialImplications:
    years = draw(st.lists(financial_years, max_size=4))
    lines = draw(
        st.lists(
            st.builds(
                FinancialLine,
                label=texts,
                amounts=st.just([]) | st.lists(optional_money, min_size=len(years), max_size=len(years)),
            ),
            max_size=3,
        )
    )
    return FinancialImplications(
        years=years,
        lines=lines,
        external_funding_expiry=draw(optional_texts),
        post_expiry_funding=draw(optional_texts),
    )


cover_reports = st.builds(
    CoverReport,
    report_to=st.lists(texts, **small),
    dates=st.lists(plan_dates, **small),
    dates_text=optional_texts,
    subject=optional_texts,
    wards_affected=optional_texts,
    report_of=st.lists(texts, **small),
    contact_officers=st.lists(texts, **small),
    exempt=optional_texts,
    purpose=optional_texts,
    reason_for_decision=optional_texts,
    recommendations=st.lists(texts, **small),
    key_decision=st.none() | st.booleans(),
    forward_plan=optional_texts,
    implementation_date=optional_texts,
    alternative_options=optional_texts,
    implications=st.lists(st.builds(Implication, heading=texts, text=texts), **small),
    financial=st.none() | financial_implications(),
    consultation=optional_texts,
    background_papers=optional_texts,
)
sections = st.builds(Section, heading=texts, text=optional_texts, items=st.lists(texts, **small))

service_plans = st.builds(
    ServicePlan,
    id=ids,
    title=texts,
    council=optional_texts,
    unit=st.none() | ids,
    years=st.lists(financial_years, max_size=3),
    period_text=optional_texts,
    status=enum_or_none(PlanStatus),
    update_period=st.none() | periods,
    policy=st.builds(
        PlanPolicy,
        max_priorities=st.integers(1, 12),
        tolerance=st.none() | tolerances,
        profile=st.none() | profiles,
        rule=status_rules,
    ),
    report=st.none() | cover_reports,
    units=st.lists(org_units, **small),
    aims=st.lists(strategic_aims, **small),
    priorities=st.lists(priorities, **small),
    actions=st.lists(actions, **small),
    indicators=st.lists(indicators, **small),
    risks=st.lists(risks, **small),
    savings=st.lists(savings, **small),
    budgets=st.lists(budget_tables, max_size=2),
    staffing=st.lists(staffing_tables, max_size=2),
    objective_impacts=st.lists(objective_impacts, **small),
    sections=st.lists(sections, **small),
    source=optional_texts,
)
plan_sets = st.builds(PlanSet, name=texts, plans=st.lists(service_plans, max_size=2))
