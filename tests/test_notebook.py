"""The notebook walkthrough in examples/ runs from top to bottom."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

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
