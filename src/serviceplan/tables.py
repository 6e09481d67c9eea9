"""Plans as normalised tables: one pandas DataFrame per entity.

:func:`to_frames` turns a plan (or a set of plans) into tables derived from the
model itself: ``plans``, ``units``, ``priorities``, ``actions``,
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
import types
from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin

import attrs

from serviceplan.errors import LoadError, Problem
from serviceplan.model import PlanSet, ServicePlan
from serviceplan.serialisers.converter import FORMAT_VERSION, converter, structure

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TableSpec", "from_frames", "table_specs", "to_frame", "to_frames"]

ROOT = "plans"


@attrs.frozen
class Column:
    """A column of a table: its dotted name, the path of fields to it, and its type."""

    name: str
    path: tuple[str, ...]
    type: Any
    marker: bool = False  #: True: says whether an optional nested object is present


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


def _text_value(tp: Any) -> bool:
    """Value types that travel as their text (money, years, periods, deadlines, indicator values)."""
    from serviceplan.deadlines import Deadline
    from serviceplan.model import IndicatorValue
    from serviceplan.money import Money
    from serviceplan.periods import FinancialYear, Period, Quarter

    return tp in (Money, FinancialYear, Quarter, Period, Deadline, IndicatorValue)


def _is_entity(tp: Any) -> bool:
    return isinstance(tp, type) and attrs.has(tp) and not _text_value(tp)


def _unwrap(tp: Any) -> tuple[Any, bool]:
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return (args[0] if len(args) == 1 else tp), True
    return tp, False


@cache
def table_specs() -> dict[str, TableSpec]:
    """Every table of the normalised form, by name, parents before children."""
    specs: dict[str, TableSpec] = {}

    def walk(cls: type, name: str, parent: str | None, path: tuple[str, ...], ancestors: tuple[str, ...]) -> None:
        columns: list[Column] = []
        children: list[tuple[str, Any, tuple[str, ...]]] = []

        def fields(of: type, prefix: tuple[str, ...]) -> None:
            attrs.resolve_types(of)
            for field in attrs.fields(of):
                if not field.init:
                    continue
                tp, optional = _unwrap(field.type)
                here = (*prefix, field.name)
                if get_origin(tp) is tuple:
                    children.append((field.name, get_args(tp)[0], here))
                elif _is_entity(tp):
                    if optional:
                        columns.append(Column(".".join(here), here, bool, marker=True))
                    fields(tp, here)
                else:
                    columns.append(Column(".".join(here), here, tp))

        fields(cls, ())
        specs[name] = TableSpec(name, cls, parent, path, ancestors, tuple(columns))
        for _, item, here in children:
            child = f"{name}_{'_'.join(here)}" if name != ROOT else "_".join(here)
            inner, _ = _unwrap(item)
            if _is_entity(inner):
                walk(inner, child, name, here, (*ancestors, name))
            else:
                specs[child] = TableSpec(
                    child, None, name, here, (*ancestors, name), (Column("value", ("value",), item),), value_type=item
                )

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


def _rows(plain_plans: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    specs = table_specs()
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in specs}
    children_of: defaultdict[str, list[TableSpec]] = defaultdict(list)
    for spec in specs.values():
        if spec.parent is not None:
            children_of[spec.parent].append(spec)

    def emit(spec: TableSpec, item: Any, keys: dict[str, Any]) -> None:
        row = dict(keys)
        if spec.cls is None:
            row["value"] = item
        else:
            for column in spec.columns:
                value = _get(item, column.path)
                row[column.name] = (value is not None) if column.marker else value
        out[spec.name].append(row)
        if spec.cls is None:
            return
        own = dict(keys)
        if spec.name != ROOT:
            own[f"{spec.name}_index"] = keys["position"]
        own.pop("position", None)
        for child in children_of[spec.name]:
            for n, element in enumerate(_get(item, child.path) or ()):
                emit(child, element, {**own, "position": n})

    for index, plan in enumerate(plain_plans):
        emit(specs[ROOT], plan, {"plan_index": index, "plan_id": plan.get("id")})
    return out


def _dtype(tp: Any) -> Any:
    import pandas as pd

    inner, _ = _unwrap(tp)
    if inner is bool:
        return "boolean"
    if inner is int:
        return "Int64"
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        return pd.CategoricalDtype([m.value for m in inner], ordered=True)
    return "string"


def to_frames(plans: ServicePlan | PlanSet) -> dict[str, pd.DataFrame]:
    """Every table of a plan or a set of plans, by name (``plans`` first).

    >>> import serviceplan
    >>> frames = serviceplan.to_frames(serviceplan.load(serviceplan.example_path("salford-2009-12")))
    >>> len(frames["actions"]), len(frames["risks_assessments"]), frames["risks"]["id"].tolist()[:4]
    (57, 20, ['A', 'B', 'C', 'D'])
    """
    import pandas as pd

    members = plans.plans if isinstance(plans, PlanSet) else (plans,)
    plain = [converter.unstructure(p) for p in members]
    rows = _rows(plain)
    frames: dict[str, pd.DataFrame] = {}
    for name, spec in table_specs().items():
        keys = _key_columns(spec)
        columns = [c.name for c in spec.columns]
        frame = pd.DataFrame(rows[name], columns=[*keys, *columns])
        dtypes: dict[str, Any] = {"plan_index": "Int64", "plan_id": "string"}
        dtypes |= {k: "Int64" for k in keys if k.endswith("_index") or k == "position"}
        dtypes |= {c.name: ("boolean" if c.marker else _dtype(c.type)) for c in spec.columns}
        frames[name] = frame.astype(dtypes)
    frames[ROOT].attrs["plan_set"] = plans.name if isinstance(plans, PlanSet) else None
    return frames


def to_frame(plans: ServicePlan | PlanSet, table: str) -> pd.DataFrame:
    """One table: ``to_frame(plan, "risks")``.

    Raises:
        NotFoundError: an unknown table (the message lists the tables).
    """
    from serviceplan.errors import NotFoundError

    if table not in table_specs():
        raise NotFoundError(f"no table {table!r}; tables: {', '.join(table_specs())}")
    return to_frames(plans)[table]


def _plain_cell(value: Any) -> Any:
    import pandas as pd

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


def from_frames(
    frames: Mapping[str, pd.DataFrame],
    *,
    source: str | None = None,
    plan_set: str | None = None,
    kind: str | None = None,
) -> ServicePlan | PlanSet:
    """Rebuild a plan (or a set of plans) from :func:`to_frames` tables.

    Every table must be present with its key columns; unknown tables or
    columns are errors. ``kind`` ("service_plan" or "plan_set") and ``plan_set``
    (the set's name) say what the tables hold; by default a single plan unless
    there are several (or ``to_frames`` marked the tables as a set). The data
    then goes through the canonical converter, so every problem is reported
    with its path.

    Raises:
        LoadError: naming the table and column, or the path in the plan.
    """
    specs = table_specs()
    problems = [Problem(name, "unknown table") for name in frames if name not in specs]
    for name, spec in specs.items():
        if name not in frames:
            problems.append(Problem(name, "table missing"))
            continue
        expected = {*_key_columns(spec), *(c.name for c in spec.columns)}
        present = set(map(str, frames[name].columns))
        problems += [Problem(f"{name}.{c}", "column missing") for c in sorted(expected - present)]
        problems += [Problem(f"{name}.{c}", "unknown column") for c in sorted(present - expected)]
    if problems:
        raise LoadError(problems, source)

    grouped: dict[str, defaultdict[tuple[Any, ...], list[dict[str, Any]]]] = {}
    for name, spec in specs.items():
        keys = [k for k in _key_columns(spec) if k not in ("plan_id", "position")]
        bucket: defaultdict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
        records = frames[name].to_dict("records")
        for row_number, record in enumerate(records):
            try:
                key = tuple(int(record[k]) for k in keys)
                order = int(record["position"]) if name != ROOT else int(record["plan_index"])
            except (TypeError, ValueError):
                raise LoadError(
                    [Problem(f"{name}[{row_number}]", "a key column is empty or not a whole number")], source
                ) from None
            bucket[key[:-1] if name == ROOT else key].append({"_order": order, **record})
        grouped[name] = bucket

    children_of: defaultdict[str, list[TableSpec]] = defaultdict(list)
    for spec in specs.values():
        if spec.parent is not None:
            children_of[spec.parent].append(spec)

    def build(spec: TableSpec, record: dict[str, Any], key: tuple[Any, ...]) -> Any:
        if spec.cls is None:
            return _plain_cell(record["value"])
        item: dict[str, Any] = {}
        absent = [c.path for c in spec.columns if c.marker and _plain_cell(record[c.name]) is False]
        for column in spec.columns:
            if column.marker or any(column.path[: len(a)] == a for a in absent):
                continue
            value = _plain_cell(record[column.name])
            if value is not None:
                _set(item, column.path, value)
        for column in spec.columns:
            if column.marker and _plain_cell(record[column.name]) and _get(item, column.path) is None:
                _set(item, column.path, {})
        for child in children_of[spec.name]:
            if any(child.path[: len(a)] == a for a in absent):
                continue
            rows = sorted(grouped[child.name].get(key, []), key=lambda r: r["_order"])
            elements = []
            for row in rows:
                child_key = (*key, int(row["position"])) if child.cls is not None else key
                elements.append(build(child, row, child_key))
            if elements:
                _set(item, child.path, elements)
        return item

    roots = sorted(grouped[ROOT].get((), []), key=lambda r: r["_order"])
    plans = [build(specs[ROOT], row, (int(row["plan_index"]),)) for row in roots]
    if plan_set is None:
        plan_set = frames[ROOT].attrs.get("plan_set")
    if kind == "plan_set" or (kind is None and (plan_set is not None or len(plans) != 1)):
        return structure(
            {"format_version": FORMAT_VERSION, "kind": "plan_set", "name": plan_set or "", "plans": plans},
            source=source,
        )
    return structure({"format_version": FORMAT_VERSION, **plans[0]}, source=source)
