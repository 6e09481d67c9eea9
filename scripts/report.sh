#!/bin/sh
# The main job: set up .venv (if needed), install serviceplan with YAML support,
# and print the report of a plan (default: the bundled Salford 2009/12 plan).
# Usage: sh scripts/report.sh [FILE] [--as-of YYYY-MM-DD]
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[yaml]'
exec .venv/bin/python -m serviceplan report "$@"
