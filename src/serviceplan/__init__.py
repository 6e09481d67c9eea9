"""serviceplan: UK council service plans, modelled once and computed correctly.

Plans, priorities, actions, performance indicators, risk registers, savings
and budgets, as frozen value objects; the messy text of real plans read into
them; and one canonical format to move them between files and applications.

>>> import serviceplan
>>> plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
>>> plan.risk("D").current.score, plan.risk("D").target.score
(16, 8)
>>> serviceplan.score(4, "Major")
16

This front door offers the everyday names (about forty: loading and
writing, checking, the main model and value types, risk matrices and scoring,
the main calculations and reports). Everything else lives one import away, in
the layer it belongs to, each importable on its own:

* :mod:`serviceplan.values`: money, years, quarters, periods, deadlines, indicator values, vocabularies;
* :mod:`serviceplan.model`: the facts of a plan;
* :mod:`serviceplan.risk`: risk matrices, scoring and register analytics;
* :mod:`serviceplan.calc`: actions, indicators, savings, budgets, year on year;
* :mod:`serviceplan.checks`: ``check(plan)`` and its findings;
* :mod:`serviceplan.io`: load and dump, the converter, formats, tables, the schema;
* :mod:`serviceplan.render`: HTML, text, Markdown, plots and the quarterly report;
* :mod:`serviceplan.errors`: the error tree.

Names are imported on first use (:pep:`562`), so ``import serviceplan`` costs
little more than its core dependencies and never imports pandas, NumPy or
PyYAML.
"""

from __future__ import annotations

import importlib
import warnings
from typing import TYPE_CHECKING, Any

from serviceplan import _hooks

if TYPE_CHECKING:
    # the layers, so that type checkers follow serviceplan.io.dumps as they follow serviceplan.dumps
    from serviceplan import calc, checks, errors, io, model, render, risk, values  # noqa: F401
    from serviceplan.calc import (
        indicator_status,
        savings_rollup,
        track_actions,
    )
    from serviceplan.checks import (
        Finding,
        check,
    )
    from serviceplan.errors import (
        LoadError,
        MissingDependencyError,
        ParseError,
        ServicePlanError,
    )
    from serviceplan.io import (
        available_examples,
        dump,
        dumps,
        example_path,
        from_frames,
        get_serialiser,
        load,
        loads,
        read_document,
        register_serialiser,
        to_frames,
    )
    from serviceplan.model import (
        Action,
        Assessment,
        Indicator,
        Measurement,
        PlanSet,
        Priority,
        Risk,
        Saving,
        ServicePlan,
        Target,
    )
    from serviceplan.render import (
        quarterly_pack,
        quarterly_report,
        text_report,
    )
    from serviceplan.risk import (
        RiskMatrix,
        band,
        heat_map,
        risk_matrix,
        score,
        score_frame,
    )
    from serviceplan.values import (
        Deadline,
        FinancialYear,
        IndicatorValue,
        Money,
        Period,
        Quarter,
        Rag,
    )

__version__ = "0.1.0"

_EVERYDAY: dict[str, str] = {
    # name: the subpackage it lives in
    "Action": "model",
    "Assessment": "model",
    "Deadline": "values",
    "FinancialYear": "values",
    "Finding": "checks",
    "Indicator": "model",
    "IndicatorValue": "values",
    "LoadError": "errors",
    "Measurement": "model",
    "MissingDependencyError": "errors",
    "Money": "values",
    "ParseError": "errors",
    "Period": "values",
    "PlanSet": "model",
    "Priority": "model",
    "Quarter": "values",
    "Rag": "values",
    "Risk": "model",
    "RiskMatrix": "risk",
    "Saving": "model",
    "ServicePlan": "model",
    "ServicePlanError": "errors",
    "Target": "model",
    "available_examples": "io",
    "band": "risk",
    "check": "checks",
    "dump": "io",
    "dumps": "io",
    "example_path": "io",
    "from_frames": "io",
    "get_serialiser": "io",
    "heat_map": "risk",
    "indicator_status": "calc",
    "load": "io",
    "loads": "io",
    "quarterly_pack": "render",
    "quarterly_report": "render",
    "read_document": "io",
    "register_serialiser": "io",
    "risk_matrix": "risk",
    "savings_rollup": "calc",
    "score": "risk",
    "score_frame": "risk",
    "text_report": "render",
    "to_frames": "io",
    "track_actions": "calc",
}

_MOVED: dict[str, str] = {
    # names that 0.1's front door also offered: still found, with a DeprecationWarning naming their home
    "ActionLine": "render",
    "ActionStatus": "values",
    "ActionTracking": "calc",
    "AssessmentKind": "values",
    "Band": "risk",
    "BudgetLine": "model",
    "BudgetTable": "model",
    "BudgetTotal": "calc",
    "CoverReport": "model",
    "DEFAULT_WEIGHTS": "calc",
    "DeadlineKind": "values",
    "DeadlineMilestone": "values",
    "Direction": "calc",
    "DumpError": "errors",
    "EqualityImpact": "model",
    "EqualityStatus": "values",
    "FORMAT_VERSION": "io",
    "FinancialImplications": "model",
    "FinancialLine": "model",
    "HeatMap": "risk",
    "Impact": "values",
    "Implication": "model",
    "IndicatorKind": "values",
    "IndicatorLine": "render",
    "IndicatorStatus": "calc",
    "IndicatorTable": "render",
    "IndicatorUnit": "values",
    "Level": "risk",
    "LevelError": "errors",
    "LevelMapping": "risk",
    "LimitError": "errors",
    "MatrixError": "errors",
    "Milestone": "model",
    "ModelError": "errors",
    "Movement": "risk",
    "MovementDirection": "risk",
    "NotFoundError": "errors",
    "ObjectiveImpact": "model",
    "OrgUnit": "model",
    "PeriodKind": "values",
    "Perspective": "values",
    "PlanComparison": "calc",
    "PlanPolicy": "model",
    "PlanStatus": "values",
    "Polarity": "values",
    "PriorityKind": "values",
    "PriorityLine": "render",
    "Problem": "errors",
    "ProgressUpdate": "model",
    "QuarterlyReport": "render",
    "RagReason": "calc",
    "RescoreResult": "risk",
    "Resourcing": "model",
    "ResourcingStatus": "values",
    "RiskAction": "model",
    "RiskInputError": "errors",
    "RiskRegister": "render",
    "SavingAmount": "model",
    "SavingEffect": "values",
    "SavingKind": "values",
    "SavingLine": "calc",
    "SavingStatus": "values",
    "SavingsRollup": "calc",
    "SavingsTotal": "calc",
    "Scale": "risk",
    "ScoreArrays": "risk",
    "ScoredRisk": "risk",
    "ScoringRule": "risk",
    "Section": "model",
    "SerialiserExistsError": "errors",
    "Severity": "checks",
    "StaffingLine": "model",
    "StaffingTable": "model",
    "StrategicAim": "model",
    "StrategicLink": "model",
    "TargetCoverage": "calc",
    "Tolerance": "model",
    "ToleranceKind": "model",
    "TrackingState": "calc",
    "UnitKind": "values",
    "UnknownFormatError": "errors",
    "ValueKind": "values",
    "above_appetite": "risk",
    "action_status": "calc",
    "assessment_movement": "risk",
    "at_or_below_target": "risk",
    "available_risk_matrices": "risk",
    "available_serialisers": "io",
    "budget_rollup": "calc",
    "carry_forward": "calc",
    "classify_equality": "values",
    "classify_resourcing": "values",
    "compare_plans": "calc",
    "cumulative": "calc",
    "direction_of_travel": "calc",
    "indicator_frame": "calc",
    "indicator_table": "render",
    "is_overdue": "calc",
    "json_schema": "io",
    "latest_updates": "calc",
    "movement": "risk",
    "overdue_actions": "calc",
    "plot_heatmap": "render",
    "plot_indicator_rag": "render",
    "plot_savings": "render",
    "previous_period": "calc",
    "rag": "calc",
    "rag_frame": "calc",
    "rescore": "risk",
    "resolve_target": "calc",
    "risk_register": "render",
    "rollup_frame": "calc",
    "same_period_last_year": "calc",
    "saving_lines": "calc",
    "savings_frame": "calc",
    "score_array": "risk",
    "structure": "io",
    "target_coverage": "calc",
    "to_frame": "io",
    "top_risks": "risk",
    "tracking_summary": "calc",
    "unstructure": "io",
}

_SUBPACKAGES = frozenset({"calc", "checks", "cli", "errors", "io", "model", "render", "risk", "typing", "values"})

__all__ = [
    "Action",
    "Assessment",
    "Deadline",
    "FinancialYear",
    "Finding",
    "Indicator",
    "IndicatorValue",
    "LoadError",
    "Measurement",
    "MissingDependencyError",
    "Money",
    "ParseError",
    "Period",
    "PlanSet",
    "Priority",
    "Quarter",
    "Rag",
    "Risk",
    "RiskMatrix",
    "Saving",
    "ServicePlan",
    "ServicePlanError",
    "Target",
    "__version__",
    "available_examples",
    "band",
    "check",
    "dump",
    "dumps",
    "example_path",
    "from_frames",
    "get_serialiser",
    "heat_map",
    "indicator_status",
    "load",
    "loads",
    "quarterly_pack",
    "quarterly_report",
    "read_document",
    "register_serialiser",
    "risk_matrix",
    "savings_rollup",
    "score",
    "score_frame",
    "text_report",
    "to_frames",
    "track_actions",
]


def __getattr__(name: str) -> Any:
    home = _EVERYDAY.get(name)
    if home is not None:
        value = getattr(importlib.import_module(f"serviceplan.{home}"), name)
        globals()[name] = value  # found once, then an ordinary attribute
        return value
    if name in _SUBPACKAGES:
        return importlib.import_module(f"serviceplan.{name}")
    home = _MOVED.get(name)
    if home is not None:
        warnings.warn(
            f"serviceplan.{name} has moved: import it from serviceplan.{home}",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(f"serviceplan.{home}"), name)
    raise AttributeError(f"module 'serviceplan' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*__all__, *_SUBPACKAGES})


def _html(obj: object) -> str:
    from serviceplan.render.html import html_for

    return html_for(obj)


def _frame(plans: Any, table: str) -> Any:
    from serviceplan.io.tables import to_frame

    return to_frame(plans, table)


_hooks.install(html=_html, frame=_frame)
