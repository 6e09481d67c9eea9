"""serviceplan benchmarks: ratios against baselines measured in the same run.

Run with ``.venv/bin/python -m benchmarks.run`` after ``pip install -e '.[bench]'``.
Nothing here is asserted: the figures are for the changelog and issue notes.

* import time of ``serviceplan`` against importing attrs + cattrs + dateutil
  (its core dependencies), each in a fresh interpreter;
* JSON load + dump of a generated plan of 100,000 actions through
  ``serviceplan.loads``/``dumps`` against msgspec Structs and pydantic v2
  models of the same shape doing the same job on the same bytes. serviceplan
  pauses the cyclic garbage collector while it builds a plan, so msgspec is
  also timed that way, as a second baseline.

The serviceplan figure includes what the baselines do not: reading every
deadline, period and year into its value type (``Deadline.parse`` …), so the
ratio is the price of understanding the text, not just carrying it.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import serviceplan
from benchmarks.timing import best_of
from serviceplan import Action, Assessment, Deadline, FinancialYear, Period, Priority, Risk, ServicePlan
from serviceplan.model import ProgressUpdate, Resourcing, StrategicLink
from serviceplan.values import AssessmentKind, ResourcingStatus

DEADLINES = [
    "March 2011",
    "31 st March 2011",
    "Ph 1 – March 2009 Ph 2 – March 2010",
    "June 2010 October 2010",
    "Depends on business plan",
    "March 2010 and beyond",
    "April 09",
    "Continuous",
]


def generated_plan(n_actions: int) -> ServicePlan:
    """A plan shaped like the Salford and Sefton seeds, with ``n_actions`` actions."""
    q1 = Period.parse("Quarter 1 (June 2010)")
    priorities = [Priority(id=str(i), title=f"Priority {i}", why="Because the council must") for i in range(1, 7)]
    actions = [
        Action(
            id=str(i),
            number=f"{i}.",
            title=f"Action {i}: implement the customer service strategy",
            priorities=[str(i % 6 + 1)],
            deadline=Deadline.parse(DEADLINES[i % len(DEADLINES)]),
            lead_officer="John Spink",
            delegate="AL",
            resourcing=Resourcing(status=ResourcingStatus.EXISTING_RESOURCES, text="Use of existing resources."),
            outcome="To maintain and improve the efficiency of the department at reduced cost",
            risks=["A", "F"],
            links=[StrategicLink(name="Think Efficiency"), StrategicLink(name="Salford Plan")],
            updates=[ProgressUpdate(period=q1, by="Finance & IS", text="Integration process in progress.")],
        )
        for i in range(1, n_actions + 1)
    ]
    risks = [
        Risk(
            id=chr(65 + i),
            title=f"Risk {i}",
            owner="Mike Bleese",
            assessments=[
                Assessment(kind=AssessmentKind.CURRENT, likelihood=4, impact=4, score=16),
                Assessment(kind=AssessmentKind.TARGET, score=8),
            ],
        )
        for i in range(13)
    ]
    return ServicePlan(
        id="bench",
        title="Benchmark plan",
        council="Salford City Council",
        years=[FinancialYear(2009), FinancialYear(2010), FinancialYear(2011)],
        priorities=priorities,
        actions=actions,
        risks=risks,
    )


def _paused(fn: Callable[[], object]) -> object:
    gc.disable()
    try:
        return fn()
    finally:
        gc.enable()


def import_time(statement: str, repeat: int) -> float:
    """Median wall time of a fresh interpreter running ``statement``, minus an empty interpreter's."""

    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    empty = statistics.median(run("pass") for _ in range(repeat))
    return statistics.median(run(statement) for _ in range(repeat)) - empty


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from benchmarks.shapes import msgspec_round_trip, pydantic_round_trip

    print(f"serviceplan {serviceplan.__version__}, Python {sys.version.split()[0]}")
    ours = import_time("import serviceplan", args.repeat)
    deps = import_time("import attrs, cattrs, dateutil", args.repeat)
    print(
        f"import: serviceplan {ours * 1000:.0f} ms, attrs+cattrs+dateutil {deps * 1000:.0f} ms, "
        f"ratio {ours / deps:.2f}x"
    )

    plan = generated_plan(args.actions)
    text = serviceplan.dumps(plan, format="json")
    data = text.encode() if isinstance(text, str) else text
    assert serviceplan.loads(data, format="json") == plan

    def ours_round_trip() -> None:
        serviceplan.dumps(serviceplan.loads(data, format="json"), format="json")

    results = {
        "serviceplan": best_of(ours_round_trip, args.repeat),
        "msgspec": best_of(lambda: msgspec_round_trip(data), args.repeat),
        "msgspec, gc paused": best_of(lambda: _paused(lambda: msgspec_round_trip(data)), args.repeat),
        "pydantic v2": best_of(lambda: pydantic_round_trip(data), args.repeat),
    }
    load_only = best_of(lambda: serviceplan.loads(data, format="json"), args.repeat)
    dump_only = best_of(lambda: serviceplan.dumps(plan, format="json"), args.repeat)
    print(f"JSON load + dump, {args.actions:,} actions ({len(data) / 1e6:.1f} MB), best of {args.repeat}:")
    for name, seconds in results.items():
        print(f"  {name:<18} {seconds * 1000:8.1f} ms  {results['serviceplan'] / seconds:6.2f}x serviceplan/{name}")
    print(f"  serviceplan load {load_only * 1000:.1f} ms, dump {dump_only * 1000:.1f} ms")


if __name__ == "__main__":
    main()
