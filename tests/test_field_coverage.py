"""Every field of every model class reaches every format, and the Hypothesis strategies.

The model is walked twice: through the one description
(:mod:`serviceplan.io.fields`) and, independently, through ``attrs.fields`` and
the type hints, so the description itself cannot forget a field. For every
(class, field) pair the tests prove that the cattrs converter carries it both
ways, the fast path's msgspec mirror has it with the same required-ness, the
JSON Schema has a property for it with the same required-ness, the normalised
tables have a column or child table for it, and ``tests/strategies.py``
generates a value other than its default at least sometimes.

Each check is a function returning what is missing, so the last tests can
show that it does fail: a class with a field the formats do not know, a
converter that drops one, a strategy that forgets one.
"""

from __future__ import annotations

import json
import types
import typing
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import cattrs
import jsonschema
import msgspec
import pytest
from cattrs.gen import make_dict_unstructure_fn, override
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from serviceplan import model
from serviceplan.io import fast, json_schema
from serviceplan.io.converter import converter, unstructure
from serviceplan.io.fields import TEXT_TYPES, FieldSpec, Kind, Shape, fields_of, model_classes, shape_of
from serviceplan.io.schema import generate_schema
from serviceplan.io.tables import TableSpec, from_frames, table_specs, to_frames
from serviceplan.values.periods import PeriodKind
from tests import strategies as s

CLASSES = model_classes()
DOCUMENT_KEYS = {"format_version", "kind"}


def _ids(cls: type) -> str:
    return cls.__name__


# --- the model, walked without the description ---------------------------------------------------


def _strip_optional(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return next(a for a in typing.get_args(tp) if a is not type(None))
    return tp


def _classes_in_hint(tp: Any) -> Iterator[type]:
    if isinstance(tp, type) and attrs.has(tp) and not tp.__module__.startswith("serviceplan.values"):
        yield tp
    for arg in typing.get_args(tp):
        yield from _classes_in_hint(arg)


def attrs_classes() -> set[type]:
    """The model classes reachable from the document roots, by ``attrs.fields`` and type hints alone."""
    found: set[type] = set()
    todo = [model.ServicePlan, model.PlanSet]
    while todo:
        cls = todo.pop()
        if cls in found:
            continue
        found.add(cls)
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            todo.extend(_classes_in_hint(hints[field.name]))
    return found


def attrs_fields(cls: type) -> dict[str, bool]:
    """Each field's name and whether a document must give it, from ``attrs.fields`` alone."""
    return {f.name: f.default is attrs.NOTHING for f in attrs.fields(cls)}


def expected(cls: type) -> dict[str, bool]:
    """What every format must carry: the fields by attrs, and any the description adds."""
    return {**{f.name: f.required for f in fields_of(cls)}, **attrs_fields(cls)}


def _field_type(cls: type, name: str) -> Any:
    """The class a field holds, through ``| None`` and ``tuple[...]``, by type hints alone."""
    tp = _strip_optional(typing.get_type_hints(cls)[name])
    if typing.get_origin(tp) is tuple:
        tp = _strip_optional(typing.get_args(tp)[0])
    return tp


# --- a full instance of each class: every field set to something other than its default ----------


def sample(shape: Shape) -> Any:
    """A value of ``shape`` that is nobody's default: one-element tuples, optional values present."""
    kind = shape.kind
    if kind is Kind.TEXT_VALUE and shape.text is not None:
        return shape.text.parse(shape.text.examples[0])
    if kind is Kind.ENUM:
        return list(shape.type)[-1]
    if kind is Kind.ENTITY:
        return full(shape.type)
    if shape.item is not None:  # a tuple or an optional
        return (sample(shape.item),) if kind is Kind.TUPLE else sample(shape.item)
    plain: dict[Kind, Any] = {
        Kind.STR: "x",
        Kind.INT: 1,
        Kind.BOOL: True,
        Kind.DECIMAL: Decimal("1.5"),
        Kind.DATE: date(2010, 4, 1),
    }
    return plain[kind]


def _full_profile() -> model.Profile:
    # A profile's fields hang together (a custom profile by month has twelve weights), so one is built by hand.
    return model.Profile(kind=model.ProfileKind.CUSTOM, by=PeriodKind.MONTH, weights=[Decimal(i) for i in range(12)])


def _full_status_rule() -> model.StatusRule:
    # The generic sample of a bool is True, which is tie_is_met's default.
    return model.StatusRule(
        range_amber=full(model.Tolerance),
        tie_is_met=False,
        kind=model.RuleKind.TWO_STEP,
        against=model.Against.LAST_YEAR_OUTTURN,
    )


FULL_BY_HAND: dict[type, Any] = {model.Profile: _full_profile, model.StatusRule: _full_status_rule}


def full(cls: type) -> Any:
    """An instance of ``cls`` with every field (by attrs) set, none to its default."""
    if cls in FULL_BY_HAND:
        return FULL_BY_HAND[cls]()
    hints = typing.get_type_hints(cls)
    return cls(**{f.name: sample(shape_of(hints[f.name])) for f in attrs.fields(cls)})


def _default(field: attrs.Attribute[Any]) -> Any:
    default = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return default.factory()
    return default


# --- the checks: each returns what is missing ------------------------------------------------------


def description_gaps(cls: type, described: Iterable[FieldSpec]) -> list[str]:
    """Fields attrs has that the description lacks (or describes otherwise), and the reverse."""
    described_fields = {f.name: f.required for f in described}
    by_attrs = attrs_fields(cls)
    gaps = [f"{name}: not described" for name in by_attrs if name not in described_fields]
    gaps += [f"{name}: not a field" for name in described_fields if name not in by_attrs]
    gaps += [
        f"{name}: required-ness differs"
        for name, required in by_attrs.items()
        if name in described_fields and described_fields[name] != required
    ]
    if not gaps and list(described_fields) != list(by_attrs):
        gaps.append("fields out of order")
    return gaps


def cattrs_gaps(cls: type, conv: cattrs.Converter) -> list[str]:
    """Fields the converter does not write, or does not read back, for a full instance of ``cls``."""
    obj = full(cls)
    plain = conv.unstructure(obj)
    gaps = [f"{name}: not written" for name in expected(cls) if name not in plain]
    gaps += [f"{name}: not a field" for name in plain if name not in expected(cls)]
    back = conv.structure(plain, cls)
    gaps += [f"{name}: read back differs" for name in expected(cls) if getattr(back, name) != getattr(obj, name)]
    return gaps


def mirror_gaps(cls: type, struct: Any) -> list[str]:
    """Fields the msgspec mirror lacks, requires differently, or has beyond the model."""
    info = {f.name: f.required for f in msgspec.structs.fields(struct)}
    want = expected(cls)
    gaps = [f"{name}: missing" for name in want if name not in info]
    gaps += [f"{name}: required-ness differs" for name, req in want.items() if name in info and info[name] != req]
    gaps += [f"{name}: not a field" for name in info if name not in want and name not in DOCUMENT_KEYS]
    return gaps


def schema_gaps(cls: type, schema: dict[str, Any]) -> list[str]:
    """Fields without a property in the schema's definition of ``cls``, or required differently."""
    definition = schema["$defs"].get(cls.__name__, {})
    properties = definition.get("properties", {})
    required = set(definition.get("required", ()))
    want = expected(cls)
    gaps = [f"{name}: missing" for name in want if name not in properties]
    gaps += [f"{name}: required-ness differs" for name, req in want.items() if (name in required) != req]
    gaps += [f"{name}: not a field" for name in properties if name not in want]
    return gaps


def table_fields(specs: dict[str, TableSpec]) -> dict[type, set[str]]:
    """For each model class, the fields the tables hold: a column (or a presence flag) or a child table."""
    held: defaultdict[type, set[str]] = defaultdict(set)

    def owner(cls: type, path: tuple[str, ...]) -> type:
        for step in path[:-1]:
            cls = _field_type(cls, step)
        return cls

    def hold(cls: type, path: tuple[str, ...]) -> None:
        for depth in range(len(path)):  # a nested object's fields hold the object's own field too
            held[owner(cls, path[: depth + 1])].add(path[depth])

    for spec in specs.values():
        if spec.cls is not None:
            for column in spec.columns:
                hold(spec.cls, column.path)
        if spec.parent is not None:
            parent = specs[spec.parent].cls
            assert parent is not None
            hold(parent, spec.path)
    # A set of plans is the plans table itself, its name a property of that table (``attrs["plan_set"]``);
    # test_a_full_document_travels_every_way proves both come back.
    held[model.PlanSet] |= {"plans", "name"}
    return held


def table_gaps(cls: type, held: set[str]) -> list[str]:
    """Fields of ``cls`` with neither a column nor a child table."""
    return [f"{name}: no column or table" for name in expected(cls) if name not in held]


Pair = tuple[type, str]


def values_seen(objects: Iterable[Any]) -> dict[Pair, set[str]]:
    """For each (class, field), the values other than its default found in the objects (as repr)."""
    seen: defaultdict[Pair, set[str]] = defaultdict(set)
    classes = tuple(attrs_classes())

    def walk(obj: Any) -> None:
        if isinstance(obj, tuple):
            for item in obj:
                walk(item)
            return
        if not isinstance(obj, classes):
            return
        home = _home(type(obj))
        for field in attrs.fields(type(obj)):
            value = getattr(obj, field.name)
            if field.default is attrs.NOTHING or value != _default(field):
                seen[(home, field.name)].add(repr(value))
            walk(value)

    for obj in objects:
        walk(obj)
    return seen


def _home(cls: type) -> type:
    """The model class an object counts for (itself, or the model class it extends)."""
    return next(c for c in cls.__mro__ if c in CLASSES) if cls not in CLASSES else cls


def strategy_gaps(pairs: Iterable[tuple[type, str, bool]], seen: dict[Pair, set[str]]) -> list[str]:
    """Pairs never given a value other than the default (a required field: never two different values)."""
    gaps = []
    for cls, name, required in pairs:
        values = seen.get((cls, name), set())
        if len(values) < (2 if required else 1):
            gaps.append(f"{cls.__name__}.{name}: {'one value only' if required and values else 'never set'}")
    return gaps


def draw(strategy: st.SearchStrategy[Any], n: int) -> list[Any]:
    """``n`` examples of a strategy, the same ones every run."""
    found: list[Any] = []

    @given(strategy)
    @settings(
        max_examples=n,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def collect(value: Any) -> None:
        found.append(value)

    collect()
    return found


def all_pairs() -> list[tuple[type, str, bool]]:
    return [(cls, name, required) for cls in CLASSES for name, required in expected(cls).items()]


# --- the description itself --------------------------------------------------------------------


def test_model_classes_are_every_class_a_document_can_hold() -> None:
    assert set(CLASSES) == attrs_classes()
    exported = {getattr(model, n) for n in model.__all__ if attrs.has(getattr(model, n))}
    assert exported <= set(CLASSES), "a model class no document can hold"
    assert len({cls.__name__ for cls in CLASSES}) == len(CLASSES), "the schema names its definitions by class name"


@pytest.mark.parametrize("cls", CLASSES, ids=_ids)
def test_the_description_has_every_field(cls: type) -> None:
    assert description_gaps(cls, fields_of(cls)) == []
    hints = typing.get_type_hints(cls)
    for field in fields_of(cls):
        assert field.hint == hints[field.name]
        assert field.default_value() == (_default(field.attribute) if not field.required else attrs.NOTHING)


def test_every_text_type_example_reads_and_the_model_uses_every_text_type() -> None:
    for text_type in TEXT_TYPES:
        for example in text_type.examples:
            assert isinstance(text_type.parse(example), text_type.cls), example
    used = {
        sh.text.cls
        for cls in CLASSES
        for f in fields_of(cls)
        for sh in (f.shape, f.shape.item, f.shape.item and f.shape.item.item)
        if sh is not None and sh.text is not None
    }
    assert used <= {t.cls for t in TEXT_TYPES}  # Quarter is read too, though only inside a Period in the model
    assert all(shape_of(t.cls).text is t for t in TEXT_TYPES)


@pytest.mark.parametrize("cls", CLASSES, ids=_ids)
def test_full_samples_set_every_field(cls: type) -> None:
    obj = full(cls)
    assert [f.name for f in attrs.fields(cls) if getattr(obj, f.name) == _default(f)] == []


# --- every format, field by field ---------------------------------------------------------------


@pytest.mark.parametrize("cls", CLASSES, ids=_ids)
def test_the_converter_carries_every_field(cls: type) -> None:
    assert cattrs_gaps(cls, converter) == []


@pytest.mark.parametrize("cls", CLASSES, ids=_ids)
def test_the_fast_mirror_has_every_field(cls: type) -> None:
    assert mirror_gaps(cls, fast.mirrors()[cls]) == []


@pytest.mark.parametrize("cls", CLASSES, ids=_ids)
def test_the_schema_has_every_field(cls: type) -> None:
    assert schema_gaps(cls, json_schema()) == []
    assert schema_gaps(cls, generate_schema()) == []
    # and its rules take the converter's plain data of a full instance
    document = {"$ref": f"#/$defs/{cls.__name__}", "$defs": json_schema()["$defs"]}
    jsonschema.validate(converter.unstructure(full(cls)), document)


@pytest.mark.parametrize("cls", CLASSES, ids=_ids)
def test_the_tables_have_every_field(cls: type) -> None:
    assert table_gaps(cls, table_fields(table_specs())[cls]) == []


@pytest.mark.parametrize("root", [model.ServicePlan, model.PlanSet], ids=_ids)
def test_a_full_document_travels_every_way(root: type) -> None:
    plan = full(root)
    plain = unstructure(plan)
    assert json.loads(fast.fast_json_dumps(plan)) == plain  # the fast writer writes every field
    assert fast.fast_json_loads(fast.fast_json_dumps(plan)) == plan  # and the fast reader reads it
    assert fast.fast_structure(plain) == plan
    jsonschema.validate(plain, json_schema())
    frames = to_frames(plan)
    assert from_frames(frames) == plan
    empty = [f"{name}.{c}" for name, frame in frames.items() for c in frame.columns if frame[c].isna().all()]
    assert empty == []  # every column holds the value it was given


# --- the strategies -----------------------------------------------------------------------------


def test_the_strategies_give_every_field_a_value_other_than_its_default() -> None:
    # Whole plan sets, and each entity strategy on its own: a field deep down (a cover report's financial
    # table's lines' amounts) turns up in few plans, and what Hypothesis draws is not the same in every run.
    classes = tuple(attrs_classes())
    objects = draw(s.plan_sets, 50)
    for name, strategy in vars(s).items():
        if isinstance(strategy, st.SearchStrategy) and name not in ("plan_sets", "service_plans"):
            drawn = draw(strategy, 30)
            if any(isinstance(x, classes) for x in drawn):
                objects += drawn
    assert strategy_gaps(all_pairs(), values_seen(objects)) == []


# --- the checks can fail ------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Action(model.Action):
    """The model's Action with one field more, as if it had just been added to the model."""

    colour: str | None = None


def test_the_description_cannot_forget_a_field() -> None:
    assert [f.name for f in fields_of(Action)][-1] == "colour"  # derived from attrs, so it is there
    assert description_gaps(Action, fields_of(model.Action)) == ["colour: not described"]
    assert description_gaps(model.Action, fields_of(Action)) == ["colour: not a field"]


def test_each_check_finds_a_field_a_format_lacks() -> None:
    assert mirror_gaps(Action, fast.mirrors()[model.Action]) == ["colour: missing"]
    assert schema_gaps(Action, json_schema()) == ["colour: missing"]
    assert table_gaps(Action, table_fields(table_specs())[model.Action]) == ["colour: no column or table"]
    assert cattrs_gaps(Action, converter) == []  # cattrs reads the attrs fields, so it carries it at once
    dropping = converter.copy()
    dropping.register_unstructure_hook(
        Action, make_dict_unstructure_fn(Action, dropping, _cattrs_omit_if_default=True, colour=override(omit=True))
    )
    assert cattrs_gaps(Action, dropping) == ["colour: not written", "colour: read back differs"]


def test_the_checks_find_required_ness_that_differs() -> None:
    schema = json_schema()
    schema["$defs"]["Risk"]["required"] = ["id"]
    assert schema_gaps(model.Risk, schema) == ["title: required-ness differs"]
    loose = msgspec.defstruct("Loose", [("id", str, ""), ("title", str)], kw_only=True)
    assert "id: required-ness differs" in mirror_gaps(model.Risk, loose)


def test_the_strategy_check_finds_a_field_never_set() -> None:
    forgetful = s.actions.map(lambda a: attrs.evolve(a, notes=None, title=""))
    seen = values_seen(draw(forgetful, 40))
    pairs = [(model.Action, name, expected(model.Action)[name]) for name in ("id", "title", "status", "notes")]
    assert strategy_gaps(pairs, seen) == ["Action.title: one value only", "Action.notes: never set"]
    widened = values_seen(Action(**attrs.asdict(a, recurse=False)) for a in draw(s.actions, 40))
    assert strategy_gaps([(model.Action, "colour", False)], widened) == ["Action.colour: never set"]


def test_the_description_refuses_what_no_format_can_carry() -> None:
    @attrs.frozen
    class Listed:
        items: list[str]

    @attrs.frozen
    class Either:
        value: int | str

    @attrs.frozen
    class Derived:
        value: int
        double: int = attrs.field(init=False, default=0)

    for cls, words in ((Listed, "list"), (Either, "only X | None"), (Derived, "not an __init__ argument")):
        with pytest.raises(TypeError, match=words):
            fields_of(cls)
