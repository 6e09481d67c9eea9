"""How-to: score a risk register, on a preset matrix and on a council's own.

Run: python examples/score_risk_register.py
"""

import pandas as pd

import serviceplan

plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
five = serviceplan.risk_matrix("5x5")

print("Top risks of Salford's 2009/12 register on the 5x5 matrix:")
for scored in serviceplan.risk.top_risks(plan, five, n=5):
    print(f"  {scored.risk.id}  {scored.score:>2}  {scored.band.name:<6}  {scored.risk.title}")
print("Above an appetite of 8:", [s.risk.id for s in serviceplan.risk.above_appetite(plan, five, appetite=8)])
print("Not scored:", serviceplan.heat_map(plan, five).not_scored)

# A council's own matrix: 3 x 3, added rather than multiplied, loaded from plain data (or YAML).
council = serviceplan.RiskMatrix.from_dict(
    {
        "name": "council 3x3",
        "likelihood": {
            "name": "likelihood",
            "levels": [
                {"number": 1, "code": "L", "label": "Low"},
                {"number": 2, "code": "M", "label": "Medium"},
                {"number": 3, "code": "H", "label": "High"},
            ],
        },
        "impact": {
            "name": "impact",
            "levels": [
                {"number": 1, "code": "1", "label": "Minor"},
                {"number": 2, "code": "2", "label": "Serious"},
                {"number": 3, "code": "3", "label": "Critical"},
            ],
        },
        "rule": "sum",
        "bands": [
            {"name": "Green", "colour": "green", "min_score": 2, "max_score": 3},
            {"name": "Amber", "colour": "orange", "min_score": 4, "max_score": 4},
            {"name": "Red", "colour": "red", "min_score": 5, "max_score": 6},
        ],
    }
)

# A register as a spreadsheet would hold it: levels as labels, codes or numbers, some missing.
register = pd.DataFrame(
    {
        "risk": ["Pay review", "ICT skills", "Service collaboration", "Governance plan"],
        "likelihood": ["High", "M", 2, None],
        "impact": ["Critical", "Serious", 1, 2],
    }
)
print(serviceplan.score_frame(register, council).to_string(index=False))
