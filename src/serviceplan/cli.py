"""Command line: ``python -m serviceplan report [FILE] [--as-of DATE]``.

A thin layer over the public API for scripts:

* ``report`` — the plain-text report of a plan (default: the bundled Salford
  2009/12 business plan);
* ``progress`` — the quarterly progress report in Markdown (``--quarter "2010/11 Q1"``);
* ``check`` — the findings of ``serviceplan.check``; exits 1 when there are errors;
* ``convert`` — read a plan in one format and write it in another;
* ``score`` — add ``score`` and ``band`` columns to a CSV or Excel register (bad rows to stderr, exit 1);
* ``import`` — read a Word document or its text export into a draft plan (``-o plan.yaml``), print the findings;
* ``schema`` — print the JSON Schema of the canonical format (``--write`` updates the shipped file).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from serviceplan._optional import require
from serviceplan.checks import Severity, check
from serviceplan.errors import LevelError, ServicePlanError
from serviceplan.io import dump, load
from serviceplan.io.examples import DEFAULT_EXAMPLE, example_path
from serviceplan.model import PlanSet, ServicePlan
from serviceplan.render.progress import quarterly_report
from serviceplan.render.text import text_report
from serviceplan.risk.matrix import RiskMatrix, risk_matrix
from serviceplan.risk.register import bad_rows, score_frame

__all__ = ["main"]


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, not {text!r}") from None


def _plans(path: str | None) -> list[ServicePlan]:
    loaded = load(path if path else example_path(DEFAULT_EXAMPLE))
    return list(loaded.plans) if isinstance(loaded, PlanSet) else [loaded]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m serviceplan", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    report = sub.add_parser("report", help="print a plain-text report of a plan")
    report.add_argument("file", nargs="?", help=f"plan file (default: the bundled {DEFAULT_EXAMPLE} example)")
    report.add_argument("--as-of", type=_date, default=None, help="date for overdue actions (default: today)")
    report.add_argument("--matrix", default="5x5", help="risk matrix preset or file for bands (default: 5x5)")
    progress = sub.add_parser("progress", help="the quarterly progress report of a plan, in Markdown")
    progress.add_argument("file", nargs="?", help="plan file (default: the bundled example)")
    progress.add_argument("--quarter", required=True, help='the quarter: "2010/11 Q1" or "Quarter 1 (June 2010)"')
    progress.add_argument("--previous", default=None, help="the previous version of the plan, for risk movement")
    checker = sub.add_parser("check", help="list what is wrong with a plan")
    checker.add_argument("file", nargs="?", help="plan file (default: the bundled example)")
    convert = sub.add_parser("convert", help="convert a plan between formats")
    convert.add_argument("source")
    convert.add_argument("target")
    convert.add_argument("--to", dest="format", default=None, help="target format name (default: from suffix)")
    score = sub.add_parser("score", help="score a CSV or Excel risk register on a matrix")
    score.add_argument("file", help="CSV (.csv) or Excel (.xlsx) file with likelihood and impact columns")
    score.add_argument("--matrix", default="5x5", help="preset name or a YAML/JSON matrix file (default: 5x5)")
    score.add_argument("--likelihood", default="likelihood", help="likelihood column (default: likelihood)")
    score.add_argument("--impact", default="impact", help="impact column (default: impact)")
    score.add_argument("--sheet", default=None, help="Excel sheet name (default: the first)")
    score.add_argument("-o", "--output", default=None, help="output .csv or .xlsx (default: CSV on stdout)")
    importer = sub.add_parser("import", help="read a .docx or text export into a draft plan, print the findings")
    importer.add_argument("document", help="a Word document (.docx) or its text export (.txt)")
    importer.add_argument("-o", "--output", default=None, help="write the draft here (default: YAML on stdout)")
    schema = sub.add_parser("schema", help="print the JSON Schema of the canonical format")
    schema.add_argument("--write", action="store_true", help="regenerate the schema file shipped in the package")
    return parser


def _matrix(name: str) -> RiskMatrix:
    path = Path(name)
    if path.suffix.lower() in (".yaml", ".yml", ".json") and path.is_file():
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() == ".json":
            import json

            return RiskMatrix.from_dict(json.loads(text))
        from serviceplan.io.formats.yaml_ import _loader, _yaml

        return RiskMatrix.from_dict(_yaml().load(text, Loader=_loader()))
    return risk_matrix(name)


def _score(args: argparse.Namespace) -> int:
    matrix = _matrix(args.matrix)
    pd = require("pandas", purpose="scoring a file")
    source = Path(args.file)
    if source.suffix.lower() in (".xlsx", ".xlsm"):
        frame = pd.read_excel(source, sheet_name=args.sheet or 0, engine="openpyxl")
    else:
        frame = pd.read_csv(source)
    missing = [c for c in (args.likelihood, args.impact) if c not in frame.columns]
    if missing:
        raise LevelError(
            f"{source} has no column {', '.join(map(repr, missing))} (columns: {', '.join(frame.columns)})"
        )
    problems = bad_rows(frame, matrix, likelihood=args.likelihood, impact=args.impact)
    scored = score_frame(frame, matrix, likelihood=args.likelihood, impact=args.impact, errors="coerce")
    if args.output is None:
        scored.to_csv(sys.stdout, index=False)
    elif Path(args.output).suffix.lower() == ".xlsx":
        scored.to_excel(args.output, index=False, engine="openpyxl")
    else:
        scored.to_csv(args.output, index=False)
    for row, reason in problems:
        sys.stderr.write(f"row {row + 1}: {reason}\n")
    if problems:
        sys.stderr.write(f"{len(problems)} bad value(s): those rows have no score or band\n")
    return 1 if problems else 0


def _import(args: argparse.Namespace) -> int:
    from serviceplan.io import dumps
    from serviceplan.io.documents import read_document

    imported = read_document(args.document)
    if args.output:
        dump(imported.plan, args.output)
    else:
        sys.stdout.write(str(dumps(imported.plan, format="yaml")))
    out = sys.stderr if args.output is None else sys.stdout
    for finding in imported.findings:
        out.write(f"{finding}\n")
    checked = check(imported.plan)
    for problem in checked:
        out.write(f"check: {problem}\n")
    out.write(f"{len(imported.findings)} finding(s) from reading, {len(checked)} from check()\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "report":
            as_of = args.as_of or date.today()
            matrix = _matrix(args.matrix)
            sys.stdout.write("\n\n".join(text_report(p, as_of, matrix) for p in _plans(args.file)))
            return 0
        if args.command == "progress":
            previous = _plans(args.previous)[0] if args.previous else None
            for plan in _plans(args.file):
                sys.stdout.write(quarterly_report(plan, args.quarter, previous=previous).to_markdown())
            return 0
        if args.command == "check":
            findings = [f for p in _plans(args.file) for f in check(p)]
            for finding in findings:
                sys.stdout.write(f"{finding}\n")
            return 1 if any(f.severity is Severity.ERROR for f in findings) else 0
        if args.command == "convert":
            dump(load(args.source), args.target, format=args.format)
            return 0
        if args.command == "score":
            return _score(args)
        if args.command == "import":
            return _import(args)
        from serviceplan.io import schema

        if args.write:
            target = Path(schema.__file__).with_name(schema.SCHEMA_FILE)
            target.write_text(schema.schema_text(), encoding="utf-8")
            sys.stdout.write(f"wrote {target}\n")
        else:
            sys.stdout.write(schema.schema_text())
        return 0
    except ServicePlanError as err:
        sys.stderr.write(f"serviceplan: {err}\n")
        return 2
