"""How-to: roll up savings across a council's departments, and budgets up the organisation tree.

Run: python examples/savings_across_departments.py
"""

import serviceplan

names = ("sefton-corporate-services-2010-11", "sefton-chief-executives-2010-11", "sefton-integration-2010")
sefton = serviceplan.PlanSet(
    name="Sefton 2010/11", plans=[serviceplan.load(serviceplan.example_path(n)) for n in names]
)

print("Savings by plan and year:")
for row in serviceplan.savings_rollup(sefton, by=["plan", "year"]):
    print(
        f"  {row.key[0]:<34} {row.key[1]}  target {row.target!s:>12}  delivered {row.delivered!s:>10}"
        f"  gap {row.gap!s:>12}"
    )
rollup = serviceplan.savings_rollup(sefton, by=["year"])
for shared in rollup.shared:  # the same saving id in two plans is one saving, counted once
    print(f"  {shared.saving} {shared.year}: counted from {shared.used}, not again from {', '.join(shared.left_out)}")
for coverage in serviceplan.calc.target_coverage(sefton):
    print(f"{coverage.parent.title}: {coverage}")

salford = serviceplan.load(serviceplan.example_path("salford-corporate-services-2002-03"))
print("\nSalford 2002/03 budgets by division (and the directorate above them):")
for total in serviceplan.calc.budget_rollup(salford):
    print(f"  {total.name:<45} gross {total.gross!s:>12}  net {total.net!s:>11}  posts {total.posts}")
