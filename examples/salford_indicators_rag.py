"""RAG of the National Indicator and local PI tables of Salford's 2009/12 business plan.

Run: python examples/salford_indicators_rag.py

The plan prints targets for 2008/09 to 2010/11 but no actuals yet, so every
indicator-period is "no data" for a reason: no actual, no target yet ("Target
to be set after one year of data obtained"), or a relative target whose
baseline has no actual ("5% reduction from 31/03/08"). Add actuals to the
plan file and the same script shows red, amber and green.
"""

import serviceplan

plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
scored = serviceplan.calc.rag_frame(serviceplan.calc.indicator_frame(plan))
print(scored[["code", "period", "target", "actual", "rag", "reason"]].to_string(index=False))
print()
print(scored.groupby(["period", "reason"], observed=True).size().unstack(fill_value=0))
