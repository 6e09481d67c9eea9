"""Write the compatibility corpus of this ``format_version``: run ONCE per version, never again.

    python tests/data/compat/make_compat.py      # from the repository root

writes ``tests/data/compat/v<FORMAT_VERSION>/``: each bundled example in every
format that reads back what it writes (JSON, YAML, CSV and Parquet bundles,
Excel). The files are checked in, and ``tests/test_compat.py`` loads every one
with every later serviceplan and holds it to the example plan: they are what
councils' files of that version look like, and must keep loading.

Never re-run it for a version whose folder exists: regenerating the files
would hide exactly the change they are there to catch. The script refuses to
overwrite a folder. When ``format_version`` changes, run it once more and a new
folder is added beside the old ones, which stay.
"""

from __future__ import annotations

import sys
from pathlib import Path

import serviceplan
from serviceplan.io.converter import FORMAT_VERSION

HERE = Path(__file__).parent
FORMATS = {"json": ".json", "yaml": ".yaml", "csv": ".csv.zip", "parquet": ".parquet.zip", "excel": ".xlsx"}


def main() -> None:
    folder = HERE / f"v{FORMAT_VERSION}"
    if folder.exists():
        sys.exit(f"{folder} exists: the corpus of a version is written once and never regenerated")
    folder.mkdir()
    for name in serviceplan.io.available_examples():
        plan = serviceplan.load(serviceplan.example_path(name))
        for fmt, suffix in FORMATS.items():
            path = serviceplan.dump(plan, folder / f"{name}{suffix}", format=fmt)
            assert serviceplan.load(path) == plan, path


if __name__ == "__main__":
    main()
