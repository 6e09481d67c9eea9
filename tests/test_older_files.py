"""Files written before a field existed still load: a missing optional column, table or key is empty.

The cases are derived from the model, not listed by hand: for every table of
:func:`~serviceplan.io.tables.table_specs` and every column in it, a column of
an optional field (one with a default) is dropped from the tables of a real
example, and the plan must load with that field at its default. The same for an
optional nested object (its marker and columns), and for a whole table of a
list field (with the tables under it). A missing key column or column of a
required field stays an error naming the table and column.

The file formats are checked with an *older writer*: today's CSV, Parquet and
Excel writers, fed the tables of a model that lacked those fields, write the
file an earlier serviceplan would have written; today's reader must load it.
JSON and YAML: every optional key may be left out, in every class.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pandas as pd
import pytest
import yaml

import serviceplan
from serviceplan import LoadError, ServicePlan
from serviceplan.errors import ModelError
from serviceplan.io.converter import unstructure
from serviceplan.io.tables import ROOT, TableSpec, from_frames, table_specs, to_frames

SPECS = table_specs()
Frames = dict[str, pd.DataFrame]
Change = Callable[[ServicePlan], ServicePlan]


# The model, walked independently of the implementation -------------------------------------------------------


def _field(cls: type, name: str) -> attrs.Attribute[Any]:
    attrs.resolve_types(cls)
    return attrs.fields_dict(cls)[name]


def _has_default(cls: type, name: str) -> bool:
    return _field(cls, name).default is not attrs.NOTHING


def _default(owner: Any, name: str) -> Any:
    default = _field(type(owner), name).default
    return default.factory() if isinstance(default, attrs.Factory) else default  # type: ignore[arg-type]


def _owner_classes(spec: TableSpec, path: tuple[str, ...]) -> list[type]:
    """The class holding each field on ``path`` from a row of ``spec``."""
    owners, cls = [], spec.cls
    for part in path:
        assert cls is not None
        owners.append(cls)
        tp = _field(cls, part).type
        inner = [a for a in getattr(tp, "__args__", (tp,)) if a is not type(None)]
        cls = inner[0] if inner and attrs.has(inner[0]) else None
    return owners


def _parent_class(spec: TableSpec) -> type:
    assert spec.parent is not None
    parent = SPECS[spec.parent].cls
    assert parent is not None
    return parent


def _chain(name: str) -> list[TableSpec]:
    """The tables from just below ``plans`` down to ``name``."""
    chain = []
    spec = SPECS[name]
    while spec.parent is not None:
        chain.append(spec)
        spec = SPECS[spec.parent]
    return chain[::-1]


def _subtree(name: str) -> set[str]:
    found = {name}
    for other in SPECS.values():
        if other.parent in found:
            found.add(other.name)
    for other in SPECS.values():  # parents come before children, but be thorough
        if other.parent in found:
            found.add(other.name)
    return found


def _evolve_at(obj: Any, path: tuple[str, ...], change: Callable[[Any, str], Any]) -> Any:
    """``obj`` with the field at ``path`` replaced by ``change(owner, name)``; absent objects on the way stay absent."""
    head, rest = path[0], path[1:]
    if not rest:
        return attrs.evolve(obj, **{head: change(obj, head)})
    inner = getattr(obj, head)
    if inner is None:
        return obj
    return attrs.evolve(obj, **{head: _evolve_at(inner, rest, change)})


def _on_rows(plan: Any, chain: list[TableSpec], change: Callable[[Any], Any]) -> Any:
    """``change`` applied to every row object of the last table in ``chain``."""
    if not chain:
        return change(plan)
    return _evolve_at(
        plan, chain[0].path, lambda owner, name: tuple(_on_rows(i, chain[1:], change) for i in getattr(owner, name))
    )


def _reset(path: tuple[str, ...]) -> Callable[[Any], Any]:
    return lambda row: _evolve_at(row, path, _default)


# The cases -----------------------------------------------------------------------------------------------------


@attrs.frozen
class Case:
    """What an older file lacked (columns by table, whole tables), and what the plan gets instead."""

    id: str
    table: str  #: the table whose rows pick the example
    columns: dict[str, tuple[str, ...]]
    tables: frozenset[str]
    expect: Change

    def frames(self, frames: Frames) -> Frames:
        older = {name: frame for name, frame in frames.items() if name not in self.tables}
        for name, columns in self.columns.items():
            older[name] = older[name].drop(columns=list(columns))
        return older


def _column_cases() -> Iterator[Case]:
    """Each column whose own field has a default, alone."""
    for name, spec in SPECS.items():
        chain = _chain(name)
        for column in spec.columns:
            if column.marker or spec.cls is None:
                continue
            owner = _owner_classes(spec, column.path)[-1]
            if _has_default(owner, column.path[-1]):
                yield Case(
                    f"{name}.{column.name}",
                    name,
                    {name: (column.name,)},
                    frozenset(),
                    lambda plan, c=chain, p=column.path: _on_rows(plan, c, _reset(p)),
                )


def _object_cases() -> Iterator[Case]:
    """Each optional nested object: its marker column, its columns and the tables under it."""
    for name, spec in SPECS.items():
        chain = _chain(name)
        for column in spec.columns:
            if not column.marker:
                continue
            prefix = column.path
            columns = tuple(c.name for c in spec.columns if c.path[: len(prefix)] == prefix)
            under = {
                t
                for child in SPECS.values()
                if child.parent == name and child.path[: len(prefix)] == prefix
                for t in _subtree(child.name)
            }
            yield Case(
                f"{name}.{column.name}",
                name,
                {name: columns},
                frozenset(under),
                lambda plan, c=chain, p=prefix: _on_rows(plan, c, _reset(p)),
            )


def _droppable(spec: TableSpec) -> bool:
    return spec.parent is not None and _has_default(_parent_class(spec), spec.path[0])


def _table_cases() -> Iterator[Case]:
    """Each table of a list field with a default, with the tables under it."""
    for name, spec in SPECS.items():
        chain = _chain(name)
        if _droppable(spec):
            yield Case(
                name,
                name,
                {},
                frozenset(_subtree(name)),
                lambda plan, c=chain[:-1], p=spec.path: _on_rows(plan, c, _reset(p)),
            )


COLUMN_CASES = list(_column_cases())
OBJECT_CASES = list(_object_cases())
TABLE_CASES = list(_table_cases())


def _required_columns() -> Iterator[tuple[str, str]]:
    """Key columns, and columns of a field with no default anywhere on its path."""
    from serviceplan.io.tables import _key_columns

    for name, spec in SPECS.items():
        for key in _key_columns(spec):
            yield name, key
        for column in spec.columns:
            if spec.cls is None or not any(
                _has_default(owner, part)
                for owner, part in zip(_owner_classes(spec, column.path), column.path, strict=True)
            ):
                yield name, column.name


REQUIRED = list(_required_columns())


def test_the_cases_cover_the_model() -> None:
    # Every column of every table is in exactly one kind of case, or is required.
    covered = {(c.table, col) for c in [*COLUMN_CASES, *OBJECT_CASES] for col in c.columns[c.table]}
    every = {(name, c.name) for name, spec in SPECS.items() for c in spec.columns}
    required = set(REQUIRED)
    assert every <= covered | required
    assert {n for n, c in required if c == "id"} >= {"units", "priorities", "actions", "risks", "savings"}
    assert ("actions", "title") in required
    assert ("actions", "notes") not in required
    assert len(COLUMN_CASES) > 100
    assert len(OBJECT_CASES) >= 6
    assert {c.table for c in TABLE_CASES} == set(SPECS) - {ROOT}  # every list field has a default today


@pytest.fixture(scope="session")
def example_frames(examples: dict[str, ServicePlan]) -> dict[str, tuple[ServicePlan, Frames]]:
    return {name: (plan, to_frames(plan)) for name, plan in examples.items()}


def _richest(example_frames: dict[str, tuple[ServicePlan, Frames]], case: Case) -> tuple[ServicePlan, Frames]:
    """The example with the most to lose: the most cells in the dropped columns, then the most rows."""

    def weight(item: tuple[ServicePlan, Frames]) -> tuple[int, int]:
        _, frames = item
        cells = sum(int(frames[t][list(cols)].notna().to_numpy().sum()) for t, cols in case.columns.items())
        return cells, sum(len(frames[t]) for t in {case.table, *case.tables})

    return max(example_frames.values(), key=weight)


def _loads_as_the_model_says(load: Callable[[], Any], case: Case, plan: ServicePlan) -> None:
    """``load()`` gives the plan with the field at its default; or, when the model refuses that plan, a LoadError."""
    try:
        expected = case.expect(plan)
    except ModelError as err:  # a rule across fields: a score, or a likelihood and an impact
        with pytest.raises(LoadError, match=re.escape(str(err).split(": ")[-1])):
            load()
    else:
        assert load() == expected


@pytest.mark.parametrize("case", COLUMN_CASES, ids=[c.id for c in COLUMN_CASES])
def test_an_optional_column_may_be_missing(case: Case, example_frames: dict[str, tuple[ServicePlan, Frames]]) -> None:
    plan, frames = _richest(example_frames, case)
    _loads_as_the_model_says(lambda: from_frames(case.frames(frames)), case, plan)


@pytest.mark.parametrize("case", OBJECT_CASES, ids=[c.id for c in OBJECT_CASES])
def test_an_optional_object_may_be_missing(case: Case, example_frames: dict[str, tuple[ServicePlan, Frames]]) -> None:
    plan, frames = _richest(example_frames, case)
    assert from_frames(case.frames(frames)) == case.expect(plan)


@pytest.mark.parametrize("case", TABLE_CASES, ids=[c.id for c in TABLE_CASES])
def test_an_optional_table_may_be_missing(case: Case, example_frames: dict[str, tuple[ServicePlan, Frames]]) -> None:
    plan, frames = _richest(example_frames, case)
    expected = case.expect(plan)
    assert from_frames(case.frames(frames)) == expected
    if len(frames[case.table]):
        assert expected != plan  # the case lost something real


def test_most_cases_lose_something_real(example_frames: dict[str, tuple[ServicePlan, Frames]]) -> None:
    changed, refused = [], []
    for case in COLUMN_CASES:
        plan = _richest(example_frames, case)[0]
        try:
            if case.expect(plan) != plan:
                changed.append(case.id)
        except ModelError:
            refused.append(case.id)
    assert len(changed) > 60, changed
    assert refused == ["risks_assessments.score"]  # the model's own rule: a score, or a likelihood and an impact


@pytest.mark.parametrize(("table", "column"), REQUIRED, ids=[f"{t}.{c}" for t, c in REQUIRED])
def test_a_required_column_missing_is_an_error(
    table: str, column: str, example_frames: dict[str, tuple[ServicePlan, Frames]]
) -> None:
    _, frames = example_frames["salford-2009-12"]
    older = dict(frames)
    older[table] = frames[table].drop(columns=[column])
    with pytest.raises(LoadError) as info:
        from_frames(older)
    assert [(p.path, p.message) for p in info.value.problems] == [(f"{table}.{column}", "column missing")]


def test_a_required_field_inside_an_optional_object_is_named_where_the_object_is(
    examples: dict[str, ServicePlan],
) -> None:
    plan = examples["sefton-corporate-services-2010-11"]
    assert plan.actions[0].resourcing is not None
    frames = to_frames(plan)
    frames["actions"] = frames["actions"].drop(columns=["resourcing.status"])
    with pytest.raises(LoadError, match=r"actions\[0\]\.resourcing\.status: required but missing"):
        from_frames(frames)


def test_the_plans_table_and_unknown_names_stay_errors(example_frames: dict[str, tuple[ServicePlan, Frames]]) -> None:
    _, frames = example_frames["salford-2009-12"]
    broken = {name: frame for name, frame in frames.items() if name != ROOT}
    broken["people"] = pd.DataFrame()
    broken["risks"] = frames["risks"].assign(colour="red")
    with pytest.raises(LoadError) as info:
        from_frames(broken, strict=True)  # files are read strictly; from_frames alone ignores the column
    assert {(p.path, p.message) for p in info.value.problems} == {
        ("plans", "table missing"),
        ("people", "unknown table"),
        ("risks.colour", "unknown column"),
    }


def test_rows_under_a_missing_table_are_an_error(example_frames: dict[str, tuple[ServicePlan, Frames]]) -> None:
    _, frames = example_frames["salford-2009-12"]
    broken = {name: frame for name, frame in frames.items() if name != "risks"}
    with pytest.raises(LoadError) as info:
        from_frames(broken)
    assert ("risks_assessments", "has rows, but the table risks is missing") in {
        (p.path, p.message) for p in info.value.problems
    }


def test_the_frames_given_are_not_changed(example_frames: dict[str, tuple[ServicePlan, Frames]]) -> None:
    _plan, frames = example_frames["salford-2009-12"]
    older = COLUMN_CASES[0].frames(frames)
    before = {name: list(frame.columns) for name, frame in older.items()}
    from_frames(older)
    assert {name: list(frame.columns) for name, frame in older.items()} == before


# Files written by an older writer ---------------------------------------------------------------------------


def _compose(cases: list[Case], name: str) -> Case:
    columns: dict[str, tuple[str, ...]] = {}
    for case in cases:
        for table, names in case.columns.items():
            columns[table] = tuple(dict.fromkeys((*columns.get(table, ()), *names)))
    tables = frozenset(t for c in cases for t in c.tables)
    columns = {t: names for t, names in columns.items() if t not in tables}

    def expect(plan: ServicePlan) -> ServicePlan:
        for case in cases:
            plan = case.expect(plan)
        return plan

    return Case(name, ROOT, columns, tables, expect)


# The model's own rule refuses an assessment with neither a score nor a likelihood and an impact.
_ALONE = [c for c in [*COLUMN_CASES, *OBJECT_CASES] if c.id != "risks_assessments.score"]
OLDER_WRITERS = {
    # Every optional column and object left out, and every table below the top level.
    "inner": _compose([*_ALONE, *(c for c in TABLE_CASES if SPECS[c.table].parent != ROOT)], "inner"),
    # The oldest file there could be: the plans table with its required columns, and nothing else.
    "oldest": _compose([*(c for c in _ALONE if c.table == ROOT), *TABLE_CASES], "oldest"),
}


@pytest.mark.parametrize("fmt", ["csv", "parquet", "excel"])
@pytest.mark.parametrize("writer", OLDER_WRITERS)
def test_a_file_of_an_older_writer_loads(
    fmt: str,
    writer: str,
    example_frames: dict[str, tuple[ServicePlan, Frames]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = OLDER_WRITERS[writer]
    for plan, frames in example_frames.values() if writer == "inner" else [example_frames["salford-2009-12"]]:
        older = case.frames(frames)
        # Today's writer, fed the tables of a model without those fields, writes what an older serviceplan wrote.
        with monkeypatch.context() as patch:
            patch.setattr("serviceplan.io.tables.to_frames", lambda _plan, older=older: older)
            data = serviceplan.dumps(plan, format=fmt)
        expected = case.expect(plan)
        assert expected != plan
        assert serviceplan.loads(data, format=fmt) == expected
    if writer == "oldest":
        assert expected == ServicePlan(id=plan.id, title=plan.title)


# JSON and YAML --------------------------------------------------------------------------------------------------


def _classes() -> list[type]:
    found: dict[type, None] = {}

    def walk(cls: type) -> None:
        if cls in found:
            return
        found[cls] = None
        attrs.resolve_types(cls)
        for field in attrs.fields(cls):
            for tp in _types_in(field.type):
                if attrs.has(tp) and tp.__module__.startswith("serviceplan.model"):
                    walk(tp)

    walk(ServicePlan)
    return list(found)


def _types_in(tp: Any) -> Iterator[Any]:
    yield tp
    for arg in getattr(tp, "__args__", ()):
        yield from _types_in(arg)


OPTIONAL_KEYS = [(cls, f.name) for cls in _classes() for f in attrs.fields(cls) if f.init and _has_default(cls, f.name)]


def _strip(data: Any, cls: type, target: type, key: str) -> Any:
    """The plain data of a ``cls`` with ``key`` removed from every mapping of a ``target``."""
    if not isinstance(data, dict):
        return data
    out = {}
    for name, value in data.items():
        if cls is target and name == key:
            continue
        fields = attrs.fields_dict(cls)
        if name not in fields:
            out[name] = value
            continue
        inner = [t for t in _types_in(fields[name].type) if attrs.has(t)]
        if inner and isinstance(value, list):
            out[name] = [_strip(v, inner[0], target, key) for v in value]
        elif inner:
            out[name] = _strip(value, inner[0], target, key)
        else:
            out[name] = value
    return out


def _reset_everywhere(obj: Any, target: type, key: str) -> Any:
    if isinstance(obj, tuple):
        return tuple(_reset_everywhere(o, target, key) for o in obj)
    if not attrs.has(type(obj)) or not type(obj).__module__.startswith("serviceplan.model"):
        return obj
    changes = {
        f.name: _reset_everywhere(getattr(obj, f.name), target, key)
        for f in attrs.fields(type(obj))
        if f.init and not (type(obj) is target and f.name == key)
    }
    if type(obj) is target:
        changes[key] = _default(obj, key)
    return attrs.evolve(obj, **changes)


@pytest.mark.parametrize(("cls", "key"), OPTIONAL_KEYS, ids=[f"{c.__name__}.{k}" for c, k in OPTIONAL_KEYS])
def test_an_optional_key_may_be_missing(cls: type, key: str, examples: dict[str, ServicePlan]) -> None:
    plans = list(examples.values())
    # The examples that have the key somewhere (or just one, to show leaving out what is not there is harmless).
    stripped = [(plan, data, _strip(data, ServicePlan, cls, key)) for plan in plans if (data := unstructure(plan))]
    cases = [(plan, gone) for plan, data, gone in stripped if gone != data] or [(plans[0], stripped[0][2])]
    for plan, data in cases:
        try:
            expected = _reset_everywhere(plan, cls, key)
        except ModelError as err:  # a rule across fields: a score, or a likelihood and an impact
            with pytest.raises(LoadError, match=re.escape(str(err))):
                serviceplan.io.structure(data)
            continue
        assert serviceplan.loads(json.dumps(data, separators=(",", ":")), format="json") == expected  # fast path
        assert serviceplan.loads(json.dumps(data, indent=1), format="json") == expected  # careful path


def test_the_key_cases_cover_the_model() -> None:
    assert len(OPTIONAL_KEYS) > 100
    assert (ServicePlan, "actions") in OPTIONAL_KEYS
    assert (ServicePlan, "title") not in OPTIONAL_KEYS


def test_an_older_yaml_file_loads(examples: dict[str, ServicePlan]) -> None:
    plan = examples["salford-2009-12"]
    data = unstructure(plan)
    for action in data["actions"]:
        action.pop("notes", None)
        action.pop("equality", None)
    data.pop("risks")
    expected = attrs.evolve(
        plan, risks=(), actions=tuple(attrs.evolve(a, notes=None, equality=None) for a in plan.actions)
    )
    assert any(a.equality is not None for a in plan.actions)
    assert plan.risks
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    assert serviceplan.loads(text, format="yaml") == expected
