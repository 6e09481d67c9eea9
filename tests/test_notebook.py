"""The notebook walkthrough in examples/ runs from top to bottom."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

import serviceplan
from tests.conftest import EXAMPLES


def test_walkthrough_executes() -> None:
    notebook = nbformat.read(EXAMPLES / "walkthrough.ipynb", as_version=4)
    NotebookClient(
        notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(EXAMPLES)}}
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("Customer &amp; Support Services Directorate Business Plan 2009/12" in h for h in html)
    assert any("Risk register (5x5)" in h for h in html)
    assert any(o.get("data", {}).get("image/png") for o in outputs)  # the savings figure
    assert any("Actions as at" in h for h in html)  # the action table, as at the plan's own date
    assert any("Pay Review" in h and "sp-band" in h for h in html)  # risk D on its own, its band named
    shown = [o["data"]["text/markdown"] for o in outputs if "text/markdown" in o.get("data", {})]
    sefton = serviceplan.load(serviceplan.example_path("sefton-corporate-services-2010-11"))
    assert isinstance(sefton, serviceplan.ServicePlan)
    whole = serviceplan.quarterly_report(sefton, "Quarter 1 (June 2010)").to_markdown()
    assert shown == [whole]  # the whole report, never cut mid-table
