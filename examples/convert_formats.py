"""How-to: move a plan between formats, losslessly.

Run: python examples/convert_formats.py
"""

import tempfile
from pathlib import Path

import serviceplan

plan = serviceplan.load(serviceplan.example_path("sefton-corporate-services-2010-11"))
with tempfile.TemporaryDirectory() as folder:
    for name in ("plan.json", "plan.yaml"):
        path = serviceplan.dump(plan, Path(folder) / name)  # the format comes from the suffix
        again = serviceplan.load(path)
        print(f"{name}: {path.stat().st_size:,} bytes, identical after the round trip: {again == plan}")
text = serviceplan.dumps(plan, format="json")
print("as text:", str(text)[:72], "…")
print("formats:", ", ".join(serviceplan.io.available_serialisers()))
