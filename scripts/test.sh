#!/bin/sh
# The whole test suite: set up .venv (if needed), install serviceplan with its
# test extra, then lint (ruff), check the layers (import-linter), type-check
# (mypy --strict, and mypy and pyright on the typed example app), build the docs
# with warnings as errors and run their doctests, and run pytest (with doctests) on
# every core (pytest-xdist).
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
echo "== ruff"
.venv/bin/python -m ruff check src tests benchmarks docs examples
echo "== import-linter"
.venv/bin/lint-imports --no-cache
echo "== mypy"
.venv/bin/python -m mypy
echo "== typed embedding (mypy --strict and pyright on examples/typed_app.py)"
.venv/bin/python -m mypy --strict examples/typed_app.py
.venv/bin/basedpyright --pythonpath .venv/bin/python examples/typed_app.py
echo "== sphinx"
.venv/bin/python -m sphinx -q -n -W --keep-going -b html docs docs/_build/html
.venv/bin/python -m sphinx -q -n -W --keep-going -b doctest docs docs/_build/doctest
echo "== pytest"
.venv/bin/python -m pytest -q -p no:cacheprovider -n auto "$@"
