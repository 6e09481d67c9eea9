"""How-to: a typed application: build a plan in code, write it, read it back, check and score it.

The test command type-checks this script with ``mypy --strict`` and pyright, so what it
does is what the types accept: lists for tuple fields, a year or quarter where a period
is declared, and ``dumps`` typed ``str`` or ``bytes`` by format.

Run: python examples/typed_app.py
"""

from __future__ import annotations

import zipfile
from datetime import date
from io import BytesIO

import serviceplan
from serviceplan import Action, FinancialYear, Indicator, Measurement, Priority, Quarter, ServicePlan, Target
from serviceplan.model import ProgressUpdate
from serviceplan.values import ActionStatus, IndicatorValue, Polarity

year = FinancialYear(2010)
q1: Quarter = year.quarter(1)

ni181 = Indicator(
    code="NI 181",
    title="Time taken to process Housing Benefit new claims and change events",
    polarity=Polarity.LOWER_IS_BETTER,
    targets=[Target(period=year, value=IndicatorValue.parse("20 days"))],  # a year where a Period is declared
    measurements=[Measurement(period=year, value=IndicatorValue.parse("19.5 days"))],
)
action = Action(
    id="A1",
    title="Move benefit claims online",
    priorities=["P1"],  # a list where a tuple is declared
    indicators=("NI 181",),
    deadline=serviceplan.Deadline.parse("March 2011"),
    status=ActionStatus.ON_TARGET,
    updates=[ProgressUpdate(period=q1, text="Pilot live in two offices", by="Revenues & Benefits")],
)
plan = ServicePlan(
    id="rb-2010-11",
    title="Revenues and Benefits Service Plan",
    years=[year],
    update_period=q1,  # a quarter where a Period is declared
    priorities=[Priority(id="P1", title="Faster benefit decisions")],
    actions=[action],
    indicators=[ni181],
)

text: str = serviceplan.dumps(plan, format="json")  # text formats give str ...
workbook: bytes = serviceplan.dumps(plan, format="excel")  # ... binary formats give bytes
bundle: bytes = serviceplan.dumps(plan, format="csv")
again = serviceplan.loads(text, format="json")  # a ServicePlan or a PlanSet: narrow it
if not isinstance(again, ServicePlan):
    raise TypeError(f"expected one plan, got {type(again).__name__}")
print("round trip identical:", again == plan, "| update period:", repr(again.update_period))
print("priorities stored as", type(again.actions[0].priorities).__name__, "| targets:", ni181.targets[0].period)
with zipfile.ZipFile(BytesIO(bundle)) as tables:
    print(f"json {len(text):,} characters | xlsx {len(workbook):,} bytes | csv {len(tables.namelist())} files")
print("findings:", [f.code for f in serviceplan.check(plan)])
status = serviceplan.indicator_status(ni181, year)
print("NI 181 in", year, "is", status.rag.value, f"({status.reason.value})")
tracked = serviceplan.track_actions(plan, date(2010, 6, 30))
print("A1 on 30 June 2010:", tracked[0].state.value, "| likely x major scores", serviceplan.score(4, "Major"))
