"""The Quarter 1 update of Sefton's Corporate Services 2010/11 plan, reported as at 30 June 2010.

Run: python examples/sefton_q1_progress.py   (prints the Markdown progress report)
"""

import serviceplan

plan = serviceplan.load(serviceplan.example_path("sefton-corporate-services-2010-11"))
report = serviceplan.quarterly_report(plan, "Quarter 1 (June 2010)")
print(report.to_markdown())
