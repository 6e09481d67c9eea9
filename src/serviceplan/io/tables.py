"""Plans as normalised tables: one pandas DataFrame per entity.

:func:`to_frames` turns a plan (or a set of plans) into tables derived from the
model's one description (``serviceplan.io.fields``): ``plans``, ``units``, ``priorities``, ``actions``,
``actions_updates``, ``risks``, ``risks_assessments`` and so on: one table per
list in the model, named by its path. Each row carries its keys:

* ``plan_index`` (and ``plan_id``) on every table;
* ``<parent table>_index`` for each enclosing list (``actions_index`` on an
  action's updates);
* ``position``, the row's place in its list.

Fields of nested single objects become dotted columns (``resourcing.status``,
``report.subject``), with a boolean column named after the object
(``report``) saying whether it is there at all. Lists of text (an action's
priority ids) get tables of their own with a ``value`` column.

Dtypes: text is pandas ``string``; whole numbers ``Int64``; flags
``boolean``; closed vocabularies ordered ``category`` with every allowed word;
money, decimals, deadlines, years and periods stay text exactly as written
(exact, and they read back through their own ``parse``); dates are text
``YYYY-MM-DD``. :func:`from_frames` rebuilds the plan through the same strict
converter as every other format, so a bad cell is reported with its path.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

import attrs

from serviceplan._gc import collector_paused
from serviceplan._optional import require
from serviceplan._strict import decimal_text
from serviceplan.errors import LoadError, Problem
from serviceplan.io.converter import FORMAT_VERSION, structure
from serviceplan.io.fields import Kind, Shape, fields_of, shape_of
from serviceplan.io.findings import ReadFinding, ReadResult
from serviceplan.model import PlanSet, ServicePlan

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TableSpec", "from_frames", "read_frames", "table_specs", "to_frame", "to_frames"]

ROOT = "plans"
DATE_DTYPE = "datetime64[s]"
"""The dtype of date columns with ``dates="datetime"``: seconds, so any date from year 1 to 9999 fits."""
NUMBER_SUFFIX = "_value"
"""The suffix of the number column ``to_frames(..., numbers=True)`` puts beside a money or decimal column."""
DATE_DTYPE = "datetime64[s]"
"""The dtype of date columns: seconds, so that any date from year 1 to 9999 fits (``[ns]`` stops at 2262)."""


@attrs.frozen
class Column:
    """A column of a table: its dotted name, the path of fields to it, and its type.

    ``type`` is the field's type without ``| None``; ``shape`` its
    :class:`~serviceplan.io.fields.Shape`, optional or not (for a marker, a flag).
    """

    name: str
    path: tuple[str, ...]
    type: Any
    marker: bool = False  #: True: says whether an optional nested object is present
    shape: Shape = attrs.field(default=attrs.Factory(lambda self: shape_of(self.type), takes_self=True))


@attrs.frozen
class TableSpec:
    """A table: its name, the model class of its rows (``None`` for lists of values), its place and columns."""

    name: str
    cls: type | None
    parent: str | None
    path: tuple[str, ...]  #: field path from the parent row to the list
    ancestors: tuple[str, ...]  #: enclosing tables, outermost first (``plans`` first)
    columns: tuple[Column, ...]
    value_type: Any = None  #: for lists of values


@cache
def table_specs() -> dict[str, TableSpec]:
    """Every table of the normalised form, by name, parents before children."""
    specs: dict[str, TableSpec] = {}

    def walk(cls: type, name: str, parent: str | None, path: tuple[str, ...], ancestors: tuple[str, ...]) -> None:
        columns: list[Column] = []
        children: list[tuple[Shape, tuple[str, ...]]] = []

        def fields(of: type, prefix: tuple[str, ...]) -> None:
            for field in fields_of(of):
                shape = field.shape.inner
                here = (*prefix, field.name)
                if shape.kind is Kind.TUPLE and shape.item is not None:
                    children.append((shape.item, here))
                elif shape.kind is Kind.ENTITY:
                    if field.shape.kind is Kind.OPTIONAL:
                        columns.append(Column(".".join(here), here, bool, marker=True))
                    fields(shape.type, here)
                else:
                    columns.append(Column(".".join(here), here, shape.type, shape=field.shape))

        fields(cls, ())
        specs[name] = TableSpec(name, cls, parent, path, ancestors, tuple(columns))
        for item, here in children:
            child = f"{name}_{'_'.join(here)}" if name != ROOT else "_".join(here)
            if item.inner.kind is Kind.ENTITY:
                walk(item.inner.type, child, name, here, (*ancestors, name))
            else:
                value = Column("value", ("value",), item.inner.type, shape=item)
                specs[child] = TableSpec(child, None, name, here, (*ancestors, name), (value,), value_type=item.type)

    walk(ServicePlan, ROOT, None, (), ())
    return specs


def _key_columns(spec: TableSpec) -> list[str]:
    if spec.name == ROOT:
        return ["plan_index", "plan_id"]
    return ["plan_index", "plan_id", *(f"{a}_index" for a in spec.ancestors if a != ROOT), "position"]


def _get(data: Mapping[str, Any] | None, path: tuple[str, ...]) -> Any:
    for part in path:
        if data is None:
            return None
        data = data.get(part)
    return data


def _dtype(shape: Shape) -> Any:
    pd = require("pandas")

    inner = shape.inner
    if inner.kind is Kind.BOOL:
        return "boolean"
    if inner.kind is Kind.INT:
        return "Int64"
    if inner.kind is Kind.ENUM:
        words = [m.value for m in inner.type]
        _VOCABULARIES.setdefault(tuple(words), inner.type)
        return pd.CategoricalDtype(words, ordered=True)
    return "string"


def _cell_expr(shape: Shape, var: str) -> str:
    """Python text for the cell of a model value ``var`` of ``shape``: text values as written, dates ISO."""
    kind = shape.inner.kind
    if kind is Kind.DATE:
        return f"(None if {var} is None else {var}.isoformat())"
    if kind is Kind.TEXT_VALUE:
        return f"(None if {var} is None else _text({var}))"
    if kind is Kind.DECIMAL:
        return f"(None if {var} is None else _decimal_text({var}))"
    return var


def _path_expr(path: tuple[str, ...], names: Iterator[str], *, missing: str = "None") -> str:
    """Python text reading ``o.a.b.c``, giving ``missing`` when an object on the way is absent."""
    head, parts = "o", []
    for step in path[:-1]:
        var = next(names)
        parts.append(f"({missing} if ({var} := {head}.{step}) is None else ")
        head = var
    return "".join(parts) + f"{head}.{path[-1]}" + ")" * (len(path) - 1)


@cache
def _extractors() -> dict[str, Any]:
    """For each table, a generated function from its parent's rows to (its rows, its value columns).

    Rows are ``(keys, object)`` pairs; a child's keys are its parent's plus its
    position, which is exactly the ``plan_index, plan_id, <ancestor>_index...,
    position`` key columns. Each value column is one list comprehension over
    the rows, so a table of 100,000 actions costs a few passes in C-speed loops
    rather than a Python call per cell.
    """
    from serviceplan.io.fields import as_text

    namespace: dict[str, Any] = {"_text": as_text, "_decimal_text": decimal_text}
    counter = iter(f"x{n}" for n in range(10**9))
    found: dict[str, Any] = {}
    for name, spec in table_specs().items():
        lines = ["def extract(parent_rows):"]
        if spec.parent is None:
            lines.append("    rows = parent_rows")
        elif len(spec.path) == 1:  # one comprehension over every parent
            lines.append(
                f"    rows = [((*k, n), item) for k, o in parent_rows for n, item in enumerate(o.{spec.path[0]})]"
            )
        else:  # through optional objects: a walrus, which a comprehension's iterable cannot hold
            items = _path_expr(spec.path, counter, missing="()")
            lines += [
                "    rows = []",
                "    for k, o in parent_rows:",
                f"        items = {items}",
                "        if items:",
                "            rows.extend([((*k, n), item) for n, item in enumerate(items)])",
            ]
        columns = []
        if spec.cls is None:
            columns.append(f"[{_cell_expr(spec.columns[0].shape, 'o')} for _, o in rows]")
        else:
            for column in spec.columns:
                value = _path_expr(column.path, counter)
                if column.marker:
                    columns.append(f"[{value} is not None for _, o in rows]")
                else:
                    var = next(counter)
                    cell = _cell_expr(column.shape, var)
                    if cell == var:
                        columns.append(f"[{value} for _, o in rows]")
                    else:
                        columns.append(f"[{cell.replace(var, f'({var} := {value})', 1)} for _, o in rows]")
        lines.append(f"    return rows, [{', '.join(columns)}]")
        exec("\n".join(lines), namespace)  # noqa: S102 - generated from the model's own fields
        found[name] = namespace.pop("extract")
    return found


def _column(values: list[Any], dtype: Any) -> Any:
    """A typed pandas array from a list of cells (categories by their codes: exact and fast)."""
    pd = require("pandas")

    if isinstance(dtype, pd.CategoricalDtype):
        vocabulary = _VOCABULARIES[tuple(dtype.categories)]
        codes: dict[Any, int] = {member: code for code, member in enumerate(vocabulary)}
        codes[None] = -1
        try:
            return pd.Categorical.from_codes([codes[v] for v in values], dtype=dtype)
        except KeyError:  # text rather than the enum's member, in a model built by hand
            return pd.Categorical([getattr(v, "value", v) for v in values], dtype=dtype)
    return pd.array(values, dtype=dtype)


_VOCABULARIES: dict[tuple[str, ...], type[enum.Enum]] = {}


def to_frames(
    plans: ServicePlan | PlanSet, *, dates: Literal["text", "datetime"] = "text", numbers: bool = False
) -> dict[str, pd.DataFrame]:
    """Every table of a plan or a set of plans, by name (``plans`` first).

    Args:
        plans: a plan or a set of plans.
        dates: ``"datetime"`` gives date columns as ``datetime64[s]`` (any date from
            year 1 fits; a missing date is ``NaT``) rather than ``YYYY-MM-DD`` text.
        numbers: beside each column of money, decimals or indicator values (text as
            written, exact), a ``<column>_value`` column of ``Float64`` with its number
            (missing where the text has none: "to be set", a relative target).

    Both options only add or retype columns :func:`from_frames` reads back (it drops
    the ``_value`` columns), so the tables stay lossless either way.

    >>> import serviceplan
    >>> frames = serviceplan.to_frames(serviceplan.load(serviceplan.example_path("salford-2009-12")))
    >>> len(frames["actions"]), len(frames["risks_assessments"]), frames["risks"]["id"].tolist()[:4]
    (57, 20, ['A', 'B', 'C', 'D'])
    """

    with collector_paused():
        frames = _to_frames(plans)
    if dates == "datetime" or numbers:
        specs = table_specs()
        for name, frame in frames.items():
            frames[name] = _for_analysis(frame, specs[name], dates=dates == "datetime", numbers=numbers)
    return frames


def _to_frames(plans: ServicePlan | PlanSet) -> dict[str, pd.DataFrame]:
    pd = require("pandas")

    members = plans.plans if isinstance(plans, PlanSet) else (plans,)
    extractors = _extractors()
    rows_of: dict[str, list[tuple[tuple[Any, ...], Any]]] = {}
    frames: dict[str, Any] = {}
    for name, spec in table_specs().items():
        parent_rows = [((i, p.id), p) for i, p in enumerate(members)] if spec.parent is None else rows_of[spec.parent]
        rows, values = extractors[name](parent_rows)
        if spec.cls is not None:
            rows_of[name] = rows
        keys = _key_columns(spec)
        data: dict[str, Any] = {}
        key_columns = list(zip(*(k for k, _ in rows), strict=True)) if rows else [() for _ in keys]
        for key, cells in zip(keys, key_columns, strict=True):
            data[key] = _column(list(cells), "string" if key == "plan_id" else "Int64")
        for column_spec, column in zip(spec.columns, values, strict=True):
            data[column_spec.name] = _column(column, "boolean" if column_spec.marker else _dtype(column_spec.shape))
        frames[name] = pd.DataFrame(data, copy=False)
    frames[ROOT].attrs["plan_set"] = plans.name if isinstance(plans, PlanSet) else None
    return frames


def _number_of(type_: Any) -> Any:
    """A function from a column's text to its number (or ``None``); ``None`` for a column of no number."""
    from serviceplan.values.indicator_values import IndicatorValue
    from serviceplan.values.money import Money

    if type_ is Decimal:
        return Decimal
    if type_ is Money:
        return lambda text: Money.parse(text).amount
    if type_ is IndicatorValue:
        return lambda text: IndicatorValue.parse(text).value
    return None


def _for_analysis(frame: pd.DataFrame, spec: TableSpec, *, dates: bool, numbers: bool) -> pd.DataFrame:
    pd = require("pandas")

    if not dates and not numbers:
        return frame
    data: dict[str, Any] = {}
    for column in frame.columns:
        data[column] = frame[column]
    for column_spec in spec.columns:
        if column_spec.marker:
            continue
        name = column_spec.name
        cells = frame[name].to_numpy(dtype=object, na_value=None).tolist()
        if dates and column_spec.shape.inner.kind is Kind.DATE:
            data[name] = pd.array([None if v is None else date.fromisoformat(v) for v in cells], dtype=DATE_DTYPE)
        number = _number_of(column_spec.shape.inner.type) if numbers else None
        if number is not None:
            values = [None if v is None else number(v) for v in cells]
            data[f"{name}{NUMBER_SUFFIX}"] = pd.array(
                [None if v is None else float(v) for v in values], dtype="Float64"
            )
    out = pd.DataFrame(data, copy=False)
    out.attrs.update(frame.attrs)
    if numbers:  # each number straight after its text
        order = []
        for column in frame.columns:
            order.append(column)
            if f"{column}{NUMBER_SUFFIX}" in data and f"{column}{NUMBER_SUFFIX}" not in frame.columns:
                order.append(f"{column}{NUMBER_SUFFIX}")
        out = out[order]
        out.attrs.update(frame.attrs)
    return out


def to_frame(
    plans: ServicePlan | PlanSet, table: str, *, dates: Literal["text", "datetime"] = "text", numbers: bool = False
) -> pd.DataFrame:
    """One table: ``to_frame(plan, "risks")``; ``dates`` and ``numbers`` as for :func:`to_frames`.

    Raises:
        NotFoundError: an unknown table (the message lists the tables).
    """
    from serviceplan.errors import NotFoundError

    if table not in table_specs():
        raise NotFoundError(f"no table {table!r}; tables: {', '.join(table_specs())}")
    return to_frames(plans, dates=dates, numbers=numbers)[table]


def _plain_cell(value: Any) -> Any:
    pd = require("pandas")

    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    if isinstance(value, (date, Decimal)):
        return str(value)
    return value


def _set(target: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        nxt = target.get(part)
        if nxt is None:
            nxt = target[part] = {}
        target = nxt
    target[path[-1]] = value


_CLEAN_DTYPES = ("string", "str", "Int64", "boolean", "category")


def _cells(series: pd.Series) -> list[Any]:
    """A column's cells as plain Python values, ``None`` for missing (one vectorised pass).

    Dates (``datetime64`` of any unit) come back as ``YYYY-MM-DD`` text; a time
    of day other than midnight stays in the text, so the converter refuses it.
    """
    if series.dtype.kind == "M":
        return [
            None if stamp is None else stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat()
            for stamp in series.astype(object).where(series.notna(), None).tolist()
        ]
    values: list[Any] = series.to_numpy(dtype=object, na_value=None).tolist()
    if str(series.dtype) in _CLEAN_DTYPES:
        return values
    return [v if v is None or type(v) is str else _plain_cell(v) for v in values]


_KEY_LIMIT = 2**63  # keys are Int64 in every table


def _key_cell(value: Any) -> int:
    """A key cell as a whole number from 0, or ValueError (never a silent rounding or overflow)."""
    if type(value) is int:
        number = value
    elif (type(value) is float and value.is_integer()) or (type(value) is str and value.strip().isdigit()):
        number = int(value)
    else:
        raise ValueError
    if not 0 <= number < _KEY_LIMIT:
        raise ValueError
    return number


def _keys(frame: pd.DataFrame, name: str, columns: list[str], source: str | None) -> list[tuple[int, ...]]:
    """The key columns of a table as tuples of whole numbers, each row's key once, or a LoadError naming the row."""
    cells = [_cells(frame[column]) for column in columns]
    keys: list[tuple[int, ...]]
    if all(str(frame[c].dtype) == "Int64" and not frame[c].hasnans for c in columns) and all(
        not len(frame) or int(frame[c].min()) >= 0 for c in columns
    ):
        keys = list(zip(*cells, strict=True))
    else:
        keys = []
        for row_number, row in enumerate(zip(*cells, strict=True)):
            try:
                keys.append(tuple(_key_cell(v) for v in row))
            except ValueError:
                column, value = next((c, v) for c, v in zip(columns, row, strict=True) if not _is_key(v))
                shown = "an empty cell" if value is None else repr(value)[:40]
                raise LoadError(
                    [Problem(f"{name}[{row_number}].{column}", f"expected a whole number from 0, not {shown}")], source
                ) from None
    if len(set(keys)) != len(keys):
        seen: dict[tuple[int, ...], int] = {}
        for row_number, key in enumerate(keys):
            if key in seen:
                where = ", ".join(f"{c}={k}" for c, k in zip(columns, key, strict=True))
                twice = f"the key {where} is given twice (rows {seen[key]} and {row_number})"
                raise LoadError([Problem(f"{name}[{row_number}]", twice)], source)
            seen[key] = row_number
    return keys


def _is_key(value: Any) -> bool:
    try:
        _key_cell(value)
    except ValueError:
        return False
    return True


def _under(path: tuple[str, ...], absent: list[tuple[str, ...]]) -> bool:
    return any(path[: len(a)] == a for a in absent)


def _plain_plans(frames: Mapping[str, pd.DataFrame], source: str | None) -> list[dict[str, Any]]:
    """The plain data of each plan in the tables, children before parents, column by column."""
    specs = table_specs()
    children_of: defaultdict[str, list[TableSpec]] = defaultdict(list)
    for spec in specs.values():
        if spec.parent is not None:
            children_of[spec.parent].append(spec)
    groups: dict[str, defaultdict[tuple[int, ...], list[tuple[int, Any]]]] = {}
    first_row: dict[str, dict[tuple[int, ...], int]] = {}  # each group's first row, to name an orphan
    for name, spec in reversed(specs.items()):
        frame = frames[name]
        key_names = [k for k in _key_columns(spec) if k != "plan_id"]
        keys = _keys(frame, name, key_names, source)
        items: list[Any]
        if spec.cls is None:
            items = _cells(frame["value"])
        else:
            flat = [(c.name, _cells(frame[c.name])) for c in spec.columns if len(c.path) == 1 and not c.marker]
            nested = [(c.path, _cells(frame[c.name])) for c in spec.columns if len(c.path) > 1 and not c.marker]
            markers = [(c.path, _cells(frame[c.name])) for c in spec.columns if c.marker]
            names = [n for n, _ in flat]
            items = [
                {k: v for k, v in zip(names, row, strict=True) if v is not None}
                for row in zip(*(cells for _, cells in flat), strict=True)
            ] or [{} for _ in keys]
            for i, item in enumerate(items):
                absent = [path for path, cells in markers if cells[i] is False]
                for path, cells in nested:
                    value = cells[i]
                    if value is not None and not (absent and _under(path, absent)):
                        _set(item, path, value)
                for path, cells in markers:
                    if cells[i] and _get(item, path) is None:
                        _set(item, path, {})
                for child in children_of[name]:
                    found = groups[child.name].get(keys[i])
                    if found and absent and _under(child.path, absent):
                        raise LoadError(
                            [
                                Problem(
                                    f"{child.name}[{first_row[child.name][keys[i]]}]",
                                    f"belongs to {name}[{i}], which says it has no {'.'.join(child.path[:-1])}",
                                )
                            ],
                            source,
                        )
                    if found:
                        found.sort(key=lambda pair: pair[0])
                        _set(item, child.path, [element for _, element in found])
        present = set(keys)
        for child in children_of[name]:
            orphans = [k for k in groups[child.name] if k not in present]
            if orphans:
                key = min(orphans, key=first_row[child.name].__getitem__)
                row = first_row[child.name][key]
                where = ", ".join(f"{c}={k}" for c, k in zip(key_names, key, strict=True))
                raise LoadError(
                    [Problem(f"{child.name}[{row}]", f"belongs to no row of {name}: there is none with {where}")],
                    source,
                )
        if spec.parent is None:
            return [item for _, item in sorted(zip((k[0] for k in keys), items, strict=True), key=lambda p: p[0])]
        grouped: defaultdict[tuple[int, ...], list[tuple[int, Any]]] = defaultdict(list)
        firsts: dict[tuple[int, ...], int] = {}
        for row_number, (key, item) in enumerate(zip(keys, items, strict=True)):
            grouped[key[:-1]].append((key[-1], item))
            firsts.setdefault(key[:-1], row_number)
        groups[name] = grouped
        first_row[name] = firsts
    raise AssertionError("the plans table comes first")  # pragma: no cover


@cache
def _may_be_left_out(cls: type | None, path: tuple[str, ...]) -> bool:
    """Whether a field path may be absent from a file: some field on the way has a default."""
    for part in path:
        if cls is None:
            return False
        field = {f.name: f for f in fields_of(cls)}[part]
        if not field.required:
            return True
        inner = field.shape.inner
        cls = inner.type if inner.kind is Kind.ENTITY else None
    return False


def _empty_column(length: int, index: Any) -> Any:
    pd = require("pandas")

    return pd.Series([None] * length, index=index, dtype=object)


def from_frames(
    frames: Mapping[str, pd.DataFrame],
    *,
    source: str | None = None,
    plan_set: str | None = None,
    kind: str | None = None,
    strict: bool = False,
) -> ServicePlan | PlanSet:
    """Rebuild a plan (or a set of plans) from :func:`to_frames` tables.

    Tables as an analyst leaves them load: a column the model does not know
    (a helper column added in a notebook) is ignored, a table left out loads
    as no rows (as an empty one would), and an index set with ``set_index``
    (on key columns, or a ``MultiIndex``) is read back as its columns; any
    other index is ignored. :func:`serviceplan.io.tables.read_frames` does the same and says what
    it ignored, as :class:`~serviceplan.io.findings.ReadFinding` objects.

    A missing column of an optional field loads as empty cells, as in a file
    written before that field existed. A missing key column, a column of a
    required field (an id, a title), the ``plans`` table and an unknown table
    (a misspelt name would otherwise read as a table left out) are errors.
    With ``strict=True``, as for files, an unknown column is an error too.
    ``kind`` ("service_plan" or "plan_set") and ``plan_set`` (the set's name)
    say what the tables hold; by default a single plan unless there are
    several (or ``to_frames`` marked the tables as a set). The data then goes
    through the canonical converter, so every problem is reported with its path.

    Raises:
        LoadError: naming the table and column, or the path in the plan.
    """
    return read_frames(frames, source=source, plan_set=plan_set, kind=kind, strict=strict).plan


def read_frames(
    frames: Mapping[str, pd.DataFrame],
    *,
    source: str | None = None,
    plan_set: str | None = None,
    kind: str | None = None,
    strict: bool = False,
) -> ReadResult:
    """:func:`serviceplan.from_frames`, with what it ignored on the way.

    Findings (:class:`~serviceplan.io.findings.ReadFinding`), in table order:

    * ``ignored-column``: a column the model does not know, named ``table.column``;
    * ``ignored-index``: a named index level that is not a column of the table
      (unnamed labels, of filtered or renumbered rows, carry nothing and go unsaid).

    A table left out reads as no rows, as an empty one does, without a finding.

    >>> import serviceplan
    >>> frames = serviceplan.to_frames(serviceplan.load(serviceplan.example_path("salford-2009-12")))
    >>> frames["risks"] = frames["risks"].assign(mine=1).set_index("id")
    >>> result = read_frames(frames)
    >>> [str(f) for f in result.findings]
    ['risks.mine: ignored-column: not a column of the table risks; ignored']
    >>> result.plan.risk("D").title
    'Pay Review'
    """
    pandas = require("pandas")

    specs = table_specs()
    problems = [Problem(name, "unknown table") for name in frames if name not in specs]
    findings: list[ReadFinding] = []
    complete: dict[str, pd.DataFrame] = {}
    left_out: set[str] = set()
    for name, spec in specs.items():
        columns = [*_key_columns(spec), *(c.name for c in spec.columns)]
        if name not in frames:
            if spec.parent is None:
                problems.append(Problem(name, "table missing"))
                continue
            left_out.add(name)  # no rows, as an empty table; a required list is then named by the converter
            complete[name] = pandas.DataFrame({c: pandas.Series([], dtype=object) for c in columns})
            continue
        frame, dropped = _plain_index(frames[name], columns)
        if dropped:
            findings.append(
                ReadFinding(code="ignored-index", message="the index is not a column of the table; ignored", where=name)
            )
        if spec.parent in left_out and len(frame):
            problems.append(Problem(name, f"has rows, but the table {spec.parent} is missing"))
        present = set(map(str, frame.columns))
        optional = {c.name for c in spec.columns if _may_be_left_out(spec.cls, c.path)}
        absent = [c for c in columns if c not in present]
        problems += [Problem(f"{name}.{c}", "column missing") for c in sorted(absent) if c not in optional]
        derived = {f"{c.name}{NUMBER_SUFFIX}" for c in spec.columns if not c.marker and _number_of(c.shape.inner.type)}
        unknown = [c for c in map(str, frame.columns) if c not in set(columns) and (strict or c not in derived)]
        if strict:
            problems += [Problem(f"{name}.{c}", "unknown column") for c in sorted(unknown)]
        elif unknown:
            findings += [
                ReadFinding(
                    code="ignored-column", message=f"not a column of the table {name}; ignored", where=f"{name}.{c}"
                )
                for c in unknown
            ]
        if unknown or derived & present:
            frame = frame[[c for c in frame.columns if str(c) in set(columns)]]
        if absent:
            frame = frame.assign(**{c: _empty_column(len(frame), frame.index) for c in absent})
        complete[name] = frame
    if problems:
        raise LoadError(problems, source)

    with collector_paused():
        plans = _plain_plans(complete, source)
    if plan_set is None:
        plan_set = frames[ROOT].attrs.get("plan_set")
    return ReadResult(plan=_structured(plans, plan_set, kind, source), findings=tuple(findings))


def _structured(
    plans: list[dict[str, Any]], plan_set: str | None, kind: str | None, source: str | None
) -> ServicePlan | PlanSet:
    if kind == "service_plan" and len(plans) != 1:
        raise LoadError(
            [Problem(ROOT, f"holds {len(plans)} rows, but the file is one service plan (kind service_plan)")], source
        )
    if kind == "plan_set" or (kind is None and (plan_set is not None or len(plans) != 1)):
        return structure(
            {"format_version": FORMAT_VERSION, "kind": "plan_set", "name": plan_set or "", "plans": plans},
            source=source,
        )
    return structure({"format_version": FORMAT_VERSION, "kind": "service_plan", **plans[0]}, source=source)


def _plain_index(frame: pd.DataFrame, columns: list[str]) -> tuple[pd.DataFrame, bool]:
    """The frame numbered 0..n-1, with index levels named after its missing columns back as columns.

    Returns the frame and whether a named index level that is neither one of
    the table's columns nor a copy of a column present was dropped. Unnamed
    labels (rows filtered or shifted) carry nothing and go without a word.
    """
    pandas = require("pandas")

    index = frame.index
    if isinstance(index, pandas.RangeIndex) and index.start == 0 and index.step == 1 and index.name is None:
        return frame, False
    present = set(map(str, frame.columns))
    wanted = [n for n in index.names if n is not None and str(n) in columns and str(n) not in present]
    if wanted:
        frame = frame.reset_index(level=wanted)
        present |= set(map(str, wanted))
    dropped = len(frame.columns) > 0 and any(n is not None and str(n) not in present for n in frame.index.names)
    return frame.reset_index(drop=True), dropped
