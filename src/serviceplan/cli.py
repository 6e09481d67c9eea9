"""Command line: ``python -m serviceplan report [FILE] [--as-of DATE]``.

A thin layer over the public API for scripts:

* ``report`` — the plain-text report of a plan (default: the bundled Salford
  2009/12 business plan);
* ``progress`` — the quarterly progress report in Markdown (``--quarter "2010/11 Q1"``);
* ``pack`` — the quarterly pack for Cabinet or scrutiny: one self-contained HTML file
  (``--quarter 2010/11-Q1 -o pack.html``);
* ``check`` — the findings of ``serviceplan.check``; exits 1 when there are errors;
* ``convert`` — read a plan in one format and write it in another;
* ``score`` — add ``score`` and ``band`` columns to a CSV or Excel register (a printed ``score`` column is
  kept for rows without levels, and as ``printed_score``; bad rows to stderr, exit 1);
* ``import`` — read a Word document or its text export into a draft plan (``-o plan.yaml``), print the findings;
  with ``--kind risks|indicators|actions|savings``, a council's own sheet (.xlsx or .csv) through a column
  mapping (``--mapping M.yaml``, or guessed from the headers: ``--guess`` prints the guess as YAML);
* ``schema`` — print the JSON Schema of the canonical format (``--write`` updates the shipped file).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import signal
import sys
import threading
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from serviceplan._optional import require
from serviceplan._strict import read_iso_date
from serviceplan.checks import Severity, check
from serviceplan.errors import DumpError, LevelError, LimitError, LoadError, MatrixError, Problem, ServicePlanError
from serviceplan.io import dump, load
from serviceplan.io._files import write_atomic
from serviceplan.io._progress import Progress
from serviceplan.io.examples import DEFAULT_EXAMPLE, example_path
from serviceplan.io.limits import current_limits, decode_text
from serviceplan.model import PlanSet, ServicePlan
from serviceplan.render.progress import quarterly_report
from serviceplan.render.text import text_report
from serviceplan.risk.matrix import RiskMatrix, risk_matrix
from serviceplan.risk.register import bad_rows, printed_mismatches, score_frame

__all__ = ["main"]


def _date(text: str) -> date:
    try:
        return read_iso_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, not {text!r}") from None


def _plans(path: str | None) -> list[ServicePlan]:
    loaded = load(path if path else example_path(DEFAULT_EXAMPLE))
    return list(loaded.plans) if isinstance(loaded, PlanSet) else [loaded]


def _parser() -> argparse.ArgumentParser:
    from serviceplan import __version__

    parser = argparse.ArgumentParser(prog="python -m serviceplan", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"serviceplan {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    report = sub.add_parser("report", help="print a plain-text report of a plan")
    report.add_argument("file", nargs="?", help=f"plan file (default: the bundled {DEFAULT_EXAMPLE} example)")
    report.add_argument(
        "--as-of",
        type=_date,
        default=None,
        help="date for overdue actions (default: the plan's own date: its latest update, report or first year)",
    )
    report.add_argument("--matrix", default="5x5", help="risk matrix preset or file for bands (default: 5x5)")
    progress = sub.add_parser("progress", help="the quarterly progress report of a plan, in Markdown")
    progress.add_argument("file", nargs="?", help="plan file (default: the bundled example)")
    progress.add_argument("--quarter", required=True, help='the quarter: "2010/11 Q1" or "Quarter 1 (June 2010)"')
    progress.add_argument("--previous", default=None, help="the previous version of the plan, for risk movement")
    pack = sub.add_parser("pack", help="write the quarterly pack: one self-contained HTML document to read and print")
    pack.add_argument("file", nargs="?", help="plan file (default: the bundled example)")
    pack.add_argument(
        "--quarter", required=True, help='the quarter: "2010/11-Q1", "2010/11 Q1" or "Quarter 1 (June 2010)"'
    )
    pack.add_argument("-o", "--output", default=None, help="the HTML file to write (default: HTML on stdout)")
    pack.add_argument("--previous", default=None, help="last quarter's version of the plan, for risk movement")
    pack.add_argument("--matrix", default="5x5", help="risk matrix preset or file for bands (default: 5x5)")
    pack.add_argument("--plan", default=None, help="the id of the plan to report, in a file holding several")
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
    score.add_argument(
        "--score",
        default="score",
        help="printed score column, kept for rows without levels and checked against the levels (default: score)",
    )
    score.add_argument("--sheet", default=None, help="Excel sheet name (default: the first)")
    score.add_argument("-o", "--output", default=None, help="output .csv, .xlsx or .json (default: CSV on stdout)")
    importer = sub.add_parser(
        "import", help="read a .docx, a text export or (with --kind) a council's own sheet into a draft plan"
    )
    importer.add_argument(
        "document", help="a Word document (.docx) or its text export (.txt); with --kind, a sheet (.xlsx, .csv)"
    )
    importer.add_argument("-o", "--output", default=None, help="write the draft here (default: YAML on stdout)")
    importer.add_argument(
        "--kind", choices=("risks", "indicators", "actions", "savings"), default=None, help="what the sheet lists"
    )
    importer.add_argument("--mapping", default=None, help="a YAML column mapping (default: guessed from the headers)")
    importer.add_argument(
        "--guess",
        action="store_true",
        help="print the guessed column mapping as YAML, to confirm and save; read nothing",
    )
    importer.add_argument("--sheet", default=None, help="the workbook's sheet (default: the first that fits --kind)")
    schema = sub.add_parser("schema", help="print the JSON Schema of the canonical format")
    schema.add_argument("--write", action="store_true", help="regenerate the schema file shipped in the package")
    return parser


def _read_bytes(path: Path, what: str) -> bytes:
    """The bytes of an input file, or a LoadError naming it (missing, a folder, unreadable, too large)."""
    limit = current_limits().max_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            raise LimitError(
                [Problem("", f"file is {size:,} bytes; the limit is {limit:,} (Limits.max_bytes)")], str(path)
            )
        return path.read_bytes()
    except OSError as err:
        raise LoadError([Problem("", f"cannot read {what}: {err.strerror or err}")], str(path)) from None


def _matrix(name: str) -> RiskMatrix:
    path = Path(name)
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".json"):
        return risk_matrix(name)  # a preset name
    data = _read_bytes(path, "the matrix file")
    if suffix == ".json":
        text = decode_text(data, str(path))
        try:
            plain = json.loads(text)
        except json.JSONDecodeError as err:
            raise LoadError(
                [Problem("", f"not valid JSON: {err.msg} at line {err.lineno} column {err.colno}")], str(path)
            ) from None
        except (ValueError, RecursionError) as err:
            raise LoadError([Problem("", f"not valid JSON: {err}")], str(path)) from None
    else:
        from serviceplan.io.formats.yaml_ import read_plain

        plain = read_plain(data, source=str(path))
    if not isinstance(plain, dict):
        raise LoadError([Problem("", "a risk matrix file holds a mapping (likelihood, impact, bands)")], str(path))
    try:
        return RiskMatrix.from_dict(plain)
    except MatrixError as err:
        raise MatrixError(f"{path}: {err}") from None


_OUTPUTS = {".csv": "csv", ".xlsx": "excel", ".json": "json"}
_WHOLE = re.compile(r"[-+]?[0-9]+")


def _output_format(output: str | None) -> str:
    if output is None:
        return "csv"
    suffix = Path(output).suffix.lower()
    if suffix not in _OUTPUTS:
        raise DumpError(
            f"cannot tell the output format of {output!r} from its suffix {suffix or '(none)'!r}: "
            f"use a name ending {', '.join(_OUTPUTS)}"
        )
    return _OUTPUTS[suffix]


def _read_register(source: Path, sheet: str | None) -> Any:
    """The register with every cell as its text ("007" stays "007", an empty cell is "")."""
    pd = require("pandas", purpose="scoring a file")
    data = _read_bytes(source, "the register")
    where = str(source)
    if source.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            return pd.read_excel(
                io.BytesIO(data), sheet_name=sheet or 0, engine="openpyxl", dtype=str, keep_default_na=False
            )
        except Exception as err:  # openpyxl and zipfile raise many kinds for a file that is not a workbook
            raise LoadError(
                [Problem(f"sheet {sheet}" if sheet else "", f"not a readable workbook: {err}")], where
            ) from None
    return _csv_frame(decode_text(data, where), where)


def _csv_frame(text: str, where: str) -> Any:
    """A CSV register as text cells: a row longer than the header, a repeated column or a broken quote is refused."""
    pd = require("pandas", purpose="scoring a file")
    try:
        rows = []
        with Progress(text.count("\n"), "reading") as bar:  # drawn on a terminal once reading takes over a second
            for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), strict=True), start=1):
                if row:
                    rows.append(row)
                if not number % 50_000:
                    bar.advance(50_000)
    except csv.Error as err:
        raise LoadError([Problem("", f"not valid CSV: {err}")], where) from None
    if not rows:
        raise LoadError([Problem("", "the file is empty: a register needs a header row")], where)
    header, body = rows[0], rows[1:]
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise LoadError([Problem("header", f"the column {', '.join(map(repr, repeated))} appears twice")], where)
    width = len(header)
    for number, row in enumerate(body, start=2):
        if len(row) > width:
            extra = ", ".join(map(repr, row[width:]))
            raise LoadError(
                [Problem(f"line {number}", f"has {len(row)} cells but the header has {width} (extra: {extra})")],
                where,
            )
    padded = [row + [""] * (width - len(row)) for row in body]
    return pd.DataFrame(padded, columns=header, dtype=object) if padded else pd.DataFrame(columns=header, dtype=object)


def _excel_bytes(frame: Any) -> bytes:
    """The scored register as a workbook: text stays text (a cell starting "=" is not a formula)."""
    openpyxl = require("openpyxl", purpose="writing Excel")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([str(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        cells = []
        for value in row:
            cell = openpyxl.cell.WriteOnlyCell(sheet, value=None if _missing(value) else value)
            if isinstance(value, str):
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _missing(value: Any) -> bool:
    pd = require("pandas")
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _levels_column(cells: Any) -> list[Any]:
    """A likelihood, impact or score column as the scoring reads it: blank is missing, and whole
    numbers are numbers when every filled cell is one (as a spreadsheet would type the column)."""
    values = [None if not c.strip() else c for c in cells]
    filled = [v for v in values if v is not None]
    if filled and all(_WHOLE.fullmatch(v.strip()) and len(v.strip()) < 20 for v in filled):
        return [None if v is None else int(v) for v in values]
    return values


_CHUNK = 200_000  # rows scored at a time: the progress bar moves between chunks


def _score_in_chunks(
    levels: Any,
    *,
    matrix: RiskMatrix,
    columns: dict[str, str],
    printed: str,
    problems: list[tuple[int, str]],
    disagreements: list[tuple[int, str]],
) -> Any:
    """Score the register a chunk at a time, with a progress bar on a terminal when it takes over a second."""
    pd = require("pandas", purpose="scoring a file")
    parts = []
    with Progress(len(levels), "scoring") as bar:
        for start in range(0, max(len(levels), 1), _CHUNK):
            part = levels.iloc[start : start + _CHUNK]
            problems.extend((start + r, why) for r, why in bad_rows(part, matrix, **columns, printed=printed))
            disagreements.extend(
                (start + r, why) for r, why in printed_mismatches(part, matrix, **columns, printed=printed)
            )
            parts.append(score_frame(part, matrix, **columns, printed=printed, errors="coerce"))
            bar.advance(len(part))
    return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)


def _score(args: argparse.Namespace) -> int:
    fmt = _output_format(args.output)  # refuse an output we cannot write before any work
    matrix = _matrix(args.matrix)
    pd = require("pandas", purpose="scoring a file")
    source = Path(args.file)
    frame = _read_register(source, args.sheet)
    missing = [c for c in (args.likelihood, args.impact) if c not in frame.columns]
    if missing:
        raise LevelError(
            f"{source} has no column {', '.join(map(repr, missing))} (columns: {', '.join(map(str, frame.columns))})"
        )
    # Only the columns the scoring reads are read as levels; every other column passes through as text.
    used = [c for c in dict.fromkeys((args.likelihood, args.impact, args.score)) if c in frame.columns]
    levels = pd.DataFrame({c: pd.array(_levels_column(frame[c]), dtype=object) for c in used})
    columns = {"likelihood": args.likelihood, "impact": args.impact}
    problems: list[tuple[int, str]] = []
    disagreements: list[tuple[int, str]] = []
    scored = _score_in_chunks(
        levels, matrix=matrix, columns=columns, printed=args.score, problems=problems, disagreements=disagreements
    )
    added: dict[str, Any] = {}
    if args.score == "score" and "score" in frame.columns:
        added["printed_score"] = frame["score"]  # the printed score, as written, beside the computed one
    added["score"] = pd.Series(scored["score"].array, index=frame.index)
    added["band"] = pd.Series(scored["band"].array, index=frame.index)
    result = frame.assign(**added)
    if fmt == "csv":
        text = result.to_csv(index=False)
        if args.output is None:
            sys.stdout.write(text)
        else:
            write_atomic(Path(args.output), text.encode("utf-8"))
    elif fmt == "excel":
        write_atomic(Path(args.output), _excel_bytes(result))
    else:
        text = result.to_json(orient="records", force_ascii=False, indent=2)
        write_atomic(Path(args.output), (text + "\n").encode("utf-8"))
    for row, reason in disagreements:
        sys.stderr.write(f"row {row + 1}: {reason}; scored from the levels\n")
    for row, reason in problems:
        sys.stderr.write(f"row {row + 1}: {reason}\n")
    if problems:
        sys.stderr.write(f"{len(problems)} bad value(s): those rows have no score or band\n")
    return 1 if problems else 0


def _import(args: argparse.Namespace) -> int:
    from serviceplan.io import dumps
    from serviceplan.io.documents import read_document

    if args.kind is None:
        if args.mapping or args.guess or args.sheet:
            raise LoadError([Problem("", "--mapping, --guess and --sheet read a sheet: say its --kind")], args.document)
        imported: Any = read_document(args.document)
    else:
        from serviceplan.io.sheets import guess_sheet_mapping, load_mapping, read_sheet

        if args.guess:
            sys.stdout.write(guess_sheet_mapping(args.document, args.kind, sheet=args.sheet).to_yaml())
            return 0
        mapping = load_mapping(args.mapping) if args.mapping else None
        imported = read_sheet(args.document, args.kind, mapping, sheet=args.sheet, progress=True)
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


def _pack(args: argparse.Namespace) -> int:
    from serviceplan.render.pack import parse_quarter, quarterly_pack

    quarter = parse_quarter(args.quarter)  # a bad quarter is refused before any file is read
    matrix = _matrix(args.matrix)
    previous = _plans(args.previous)[0] if args.previous else None
    plans = _plans(args.file)
    ids = ", ".join(repr(p.id) for p in plans)
    if args.plan is not None:
        plans = [p for p in plans if p.id == args.plan]
        if not plans:
            raise LoadError([Problem("", f"no plan has the id {args.plan!r} (plans: {ids})")], str(args.file))
    if len(plans) > 1:
        raise LoadError([Problem("", f"a pack reports one plan: choose one with --plan (plans: {ids})")], args.file)
    page = quarterly_pack(plans[0], quarter, previous=previous, matrix=matrix)
    if args.output is None:
        sys.stdout.write(page)
    else:
        write_atomic(Path(args.output), page.encode("utf-8"))
    return 0


def _terminate(signum: int, _frame: Any) -> None:
    """SIGTERM as an exit Python can clean up after (temporary files are removed on the way out)."""
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return _run(args)
    except ServicePlanError as err:
        sys.stderr.write(f"serviceplan: {err}\n")
        return 2
    except BrokenPipeError:  # the reader of stdout went away (| head): nothing more to say
        sys.stderr.close()
        return 1
    except (OSError, UnicodeError, ValueError, LookupError) as err:  # bad input the library did not name
        sys.stderr.write(f"serviceplan: {_describe(err)}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("serviceplan: interrupted\n")
        return 130
    finally:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, previous)


def _describe(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return f"{err.filename}: {err.strerror}" if err.filename else err.strerror
    return str(err) or type(err).__name__


def _run(args: argparse.Namespace) -> int:
    """One subcommand; errors are the caller's to report."""
    if args.command == "report":
        as_of = args.as_of  # None: each plan as at its own date, which the report names
        matrix = _matrix(args.matrix)
        sys.stdout.write("\n\n".join(text_report(p, as_of, matrix) for p in _plans(args.file)))
        return 0
    if args.command == "progress":
        previous = _plans(args.previous)[0] if args.previous else None
        for plan in _plans(args.file):
            sys.stdout.write(quarterly_report(plan, args.quarter, previous=previous).to_markdown())
        return 0
    if args.command == "pack":
        return _pack(args)
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
