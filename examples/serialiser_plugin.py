"""How-to: write a serialiser plugin (here: gzip-compressed JSON, ".jsonz").

A package makes it available to everyone with an entry point in its pyproject.toml:

    [project.entry-points."serviceplan.serialisers"]
    jsonz = "my_package.jsonz:JSONZ"

Run: python examples/serialiser_plugin.py   (registers it by hand instead)
"""

import gzip
import tempfile
from pathlib import Path

import serviceplan


class JsonzSerialiser:
    name = "jsonz"
    suffixes = (".jsonz",)
    binary = True

    def loads(self, data, *, source=None):
        try:
            text = gzip.decompress(data)
        except (OSError, EOFError) as err:
            raise serviceplan.LoadError([serviceplan.errors.Problem("", f"not gzip data: {err}")], source) from None
        return serviceplan.loads(text, format="json")

    def dumps(self, plan):
        return gzip.compress(str(serviceplan.dumps(plan, format="json")).encode("utf-8"))


serviceplan.register_serialiser("jsonz", JsonzSerialiser())
plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
with tempfile.TemporaryDirectory() as folder:
    path = serviceplan.dump(plan, Path(folder) / "salford.jsonz")
    print(f"{path.name}: {path.stat().st_size:,} bytes; round trip identical: {serviceplan.load(path) == plan}")
try:
    serviceplan.register_serialiser("json", JsonzSerialiser())
except serviceplan.errors.SerialiserExistsError as err:
    print("A built-in cannot be replaced by accident:", err)
