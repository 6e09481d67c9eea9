"""Calculations: pure functions of the model, each in a scalar and a vectorised form.

* ``serviceplan.calc.actions``: action tracking as at a date or quarter end;
* ``serviceplan.calc.indicators``: indicator RAG, targets and direction of travel;
* ``serviceplan.calc.savings``: savings rollups by unit, workstream, year and up the tree;
* ``serviceplan.calc.budgets``: budget and staffing totals;
* ``serviceplan.calc.years``: one year's plan against the next.

They read the model and :mod:`serviceplan.risk`, never files; pandas is imported only by the
``_frame`` forms.
"""

from __future__ import annotations

from serviceplan.calc.actions import (
    ActionTracking,
    TrackingState,
    action_status,
    is_overdue,
    latest_updates,
    milestones_of,
    overdue_actions,
    plan_date,
    track_actions,
    tracking_summary,
)
from serviceplan.calc.benchmark import Benchmark, BenchmarkRow, benchmark, benchmark_frame, benchmark_plans
from serviceplan.calc.budgets import (
    BudgetTotal,
    budget_rollup,
)
from serviceplan.calc.indicators import (
    Against,
    Direction,
    IndicatorStatus,
    RagReason,
    direction_frame,
    direction_of_travel,
    indicator_frame,
    indicator_status,
    period_frame,
    periods_to_date,
    previous_period,
    rag,
    rag_frame,
    ratio_scale,
    resolve_target,
    rule_of,
    same_period_last_year,
    travel,
    travel_figures,
    year_to_date_actual,
    year_to_date_frame,
    year_to_date_target,
)
from serviceplan.calc.savings import (
    DEFAULT_WEIGHTS,
    DELIVERED_WEIGHT,
    KEYS,
    SHARED_POLICIES,
    SavingLine,
    SavingsRollup,
    SavingsTotal,
    SharedPolicy,
    SharedSaving,
    TargetCoverage,
    cumulative,
    rollup_frame,
    saving_lines,
    savings_frame,
    savings_rollup,
    target_coverage,
)
from serviceplan.calc.years import (
    PlanComparison,
    TargetChange,
    carry_forward,
    compare_plans,
    targets_now_due,
)

__all__ = [
    "DEFAULT_WEIGHTS",
    "DELIVERED_WEIGHT",
    "KEYS",
    "SHARED_POLICIES",
    "ActionTracking",
    "Against",
    "Benchmark",
    "BenchmarkRow",
    "BudgetTotal",
    "Direction",
    "IndicatorStatus",
    "PlanComparison",
    "RagReason",
    "SavingLine",
    "SavingsRollup",
    "SavingsTotal",
    "SharedPolicy",
    "SharedSaving",
    "TargetChange",
    "TargetCoverage",
    "TrackingState",
    "action_status",
    "benchmark",
    "benchmark_frame",
    "benchmark_plans",
    "budget_rollup",
    "carry_forward",
    "compare_plans",
    "cumulative",
    "direction_frame",
    "direction_of_travel",
    "indicator_frame",
    "indicator_status",
    "is_overdue",
    "latest_updates",
    "milestones_of",
    "overdue_actions",
    "period_frame",
    "periods_to_date",
    "plan_date",
    "previous_period",
    "rag",
    "rag_frame",
    "ratio_scale",
    "resolve_target",
    "rollup_frame",
    "rule_of",
    "same_period_last_year",
    "saving_lines",
    "savings_frame",
    "savings_rollup",
    "target_coverage",
    "targets_now_due",
    "track_actions",
    "tracking_summary",
    "travel",
    "travel_figures",
    "year_to_date_actual",
    "year_to_date_frame",
    "year_to_date_target",
]
