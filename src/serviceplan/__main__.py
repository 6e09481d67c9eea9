"""``python -m serviceplan``: the command line (see :mod:`serviceplan.cli`)."""

from __future__ import annotations

from serviceplan.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
