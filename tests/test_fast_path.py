"""The msgspec fast path agrees with the careful cattrs path, or steps aside.

``serialisers._fast`` is a shortcut: for every document it either builds the
same plan the converter builds, or refuses and lets the converter decide.
These tests hold it to that on the examples, on generated plans, on edited
plain data and on the hostile corpus.
"""

from __future__ import annotations

import gc
import json
import pickle
from pathlib import Path
from typing import Any

import attrs
import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import serviceplan
from serviceplan import LoadError, PlanSet, ServicePlan
from serviceplan.io import fast as _fast
from serviceplan.io.converter import careful_structure, unstructure
from serviceplan.io.fast import REFUSED, fast_json_dumps, fast_json_loads, fast_structure
from serviceplan.io.formats.json_ import JSON
from tests import strategies as s
from tests.conftest import EXAMPLES
from tests.data.make_hostile import CASES as HOSTILE
from tests.test_fuzz import SOURCES, mutations


def _careful(data: bytes) -> ServicePlan | PlanSet | LoadError:
    """The reference reading: json with duplicate checks, then cattrs alone."""
    try:
        plain = json.loads(data, object_pairs_hook=_no_duplicates)
        return careful_structure(plain)
    except LoadError as err:
        return err
    except ValueError as err:  # not JSON, or duplicate keys
        return LoadError([serviceplan.errors.Problem("", str(err))])


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate key")
    return dict(pairs)


def _agrees(data: bytes) -> None:
    fast = fast_json_loads(data)
    if fast is not REFUSED:
        careful = _careful(data)
        assert not isinstance(careful, LoadError), careful
        assert fast == careful


def test_examples_take_the_fast_path_and_agree(examples: dict[str, ServicePlan]) -> None:
    for name, plan in examples.items():
        data = fast_json_dumps(plan)
        assert json.loads(data) == unstructure(plan), name
        loaded = fast_json_loads(data)
        assert loaded is not REFUSED, name
        assert loaded == plan == _careful(data), name
        # built slot by slot, the objects behave like any others
        assert hash(loaded) == hash(plan), name
        assert pickle.loads(pickle.dumps(loaded)) == loaded, name
        assert attrs.evolve(loaded, title="Another").title == "Another", name
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            loaded.title = "changed"  # type: ignore[misc]
        assert fast_structure(unstructure(plan)) == plan, name


@given(plan=s.service_plans)
@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
def test_generated_plans_agree(plan: ServicePlan) -> None:
    data = fast_json_dumps(plan)
    assert json.loads(data) == unstructure(plan)
    assert fast_json_loads(data) == plan
    assert fast_structure(unstructure(plan)) == plan


@given(plans=s.plan_sets)
@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
def test_generated_plan_sets_agree(plans: PlanSet) -> None:
    data = fast_json_dumps(plans)
    assert json.loads(data) == unstructure(plans)
    assert fast_json_loads(data) == plans


# Values an edit may put anywhere in a document: each is wrong somewhere and right somewhere else.
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 1, 6, 7, 2**63 - 1, 2**63, -(2**63), -(2**63) - 1]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", " ", "x", "March 2011", "2010-03-31", "20100331", "£100K", "NaN", "1.5", "red", "2009/10"]),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_paths(item, (*path, index)))
    return found


@st.composite
def edited_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A real plan's plain data with a few values replaced, keys dropped or keys added."""
    source = draw(st.one_of(st.sampled_from(_SOURCES), s.service_plans))
    data = json.loads(json.dumps(unstructure(source)))
    for _ in range(draw(st.integers(1, 3))):
        # Every kind of field equally likely, however many of it the plan has.
        by_shape: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
        for found in _paths(data)[1:]:
            by_shape.setdefault(tuple("#" if isinstance(p, int) else p for p in found), []).append(found)
        path = draw(st.sampled_from(by_shape[draw(st.sampled_from(sorted(by_shape, key=repr)))]))
        *parent_path, last = path
        parent: Any = data
        for step in parent_path:
            parent = parent[step]
        edit = draw(st.sampled_from(["replace", "drop", "add"]))
        if edit == "replace":
            parent[last] = draw(ODD_VALUES)
        elif edit == "drop":
            del parent[last]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "id", "title", "kind", "score", "text"]))] = draw(ODD_VALUES)
    return data  # type: ignore[no-any-return]


_SOURCES = [
    serviceplan.load(EXAMPLES / "sefton-corporate-services-2010-11.yaml"),
    serviceplan.load(EXAMPLES / "salford-2009-12.yaml"),
]


@given(data=edited_documents())
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_edited_documents_agree_or_step_aside(data: dict[str, Any]) -> None:
    fast = fast_structure(data)
    try:
        careful: Any = careful_structure(data)
    except LoadError:
        assert fast is REFUSED
    else:
        assert fast is REFUSED or fast == careful
    _agrees(json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode())


@pytest.mark.parametrize("name", sorted(n for n in HOSTILE if n.endswith(".json")))
def test_hostile_json_agrees_or_steps_aside(name: str, hostile_corpus: Path) -> None:
    _agrees((hostile_corpus / name).read_bytes())


def test_a_duplicate_key_is_refused_even_in_canonical_json(examples: dict[str, ServicePlan]) -> None:
    data = fast_json_dumps(examples["sefton-corporate-services-2010-11"])
    head = b'{"format_version":1,"kind":"service_plan",'
    assert data.startswith(head)
    doubled = head + b'"title":"Another title",' + data[len(head) :]
    assert fast_json_loads(doubled) is REFUSED
    with pytest.raises(LoadError, match="appears twice"):
        serviceplan.loads(doubled, format="json")


def test_indented_and_bom_json_load_the_careful_way(examples: dict[str, ServicePlan]) -> None:
    plan = examples["sefton-integration-2010"]
    pretty = fast_json_dumps(plan, indent=2)
    assert b'\n  "kind": "service_plan"' in pretty
    assert fast_json_loads(pretty) is REFUSED
    assert serviceplan.loads(pretty, format="json") == plan
    assert serviceplan.loads(b"\xef\xbb\xbf" + fast_json_dumps(plan), format="json") == plan


def test_a_document_without_kind_loads_the_careful_way(examples: dict[str, ServicePlan]) -> None:
    plan = examples["sefton-integration-2010"]
    data = unstructure(plan)
    del data["kind"]
    assert fast_structure(data) is REFUSED
    assert serviceplan.io.structure(data) == plan


@pytest.mark.parametrize("document", [b'{"format_version":2,"kind":"service_plan","id":"x","title":"y"}'])
def test_a_future_version_is_refused_with_the_careful_message(document: bytes) -> None:
    assert fast_json_loads(document) is REFUSED
    with pytest.raises(LoadError, match="reads version 1, not 2"):
        JSON.loads(document)


def test_the_collector_is_left_running(examples: dict[str, ServicePlan]) -> None:
    plan = examples["salford-2009-12"]
    assert gc.isenabled()
    fast_json_loads(fast_json_dumps(plan))
    fast_json_loads(b'{"format_version":1,"kind":"service_plan","id":1}')
    assert gc.isenabled()
    gc.disable()
    try:
        fast_json_loads(fast_json_dumps(plan))
        assert not gc.isenabled()  # a caller who paused it keeps it paused
    finally:
        gc.enable()


def _pruned(value: Any) -> Any:
    """Plain data with every list cut to its first item: small, but with every kind of field."""
    if isinstance(value, dict):
        return {key: _pruned(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_pruned(value[0])] if value else []
    return value


def _shapes() -> list[tuple[dict[str, Any], tuple[Any, ...]]]:
    """One (document, path) for each field shape found in the pruned examples."""
    found: dict[tuple[Any, ...], tuple[dict[str, Any], tuple[Any, ...]]] = {}
    for name in serviceplan.available_examples():
        document = _pruned(unstructure(serviceplan.load(serviceplan.example_path(name))))
        for path in _paths(document)[1:]:
            found.setdefault(tuple("#" if isinstance(p, int) else p for p in path), (document, path))
    return list(found.values())


SHAPES = _shapes()
PROBES = [None, True, 0, -1, 7, 2**63 - 1, 2**63, -(2**63) - 1, 1.5, "", " ", "x", "2010-03-31"]
PROBES += ["20100331", "£100K", "NaN", "1e3", "March 2011", [], ["x"], {}, {"x": 1}]


@pytest.mark.parametrize("probe", PROBES, ids=repr)
def test_every_field_refuses_what_the_converter_refuses(probe: Any) -> None:
    """Each kind of field in the examples, given each probe value: the fast path never accepts more."""
    assert len(SHAPES) > 150
    for document, path in SHAPES:
        edited = json.loads(json.dumps(document))
        parent: Any = edited
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = probe
        fast = fast_structure(edited)
        try:
            careful = careful_structure(edited)
        except LoadError:
            assert fast is REFUSED, path
        else:
            assert fast is REFUSED or fast == careful, path


@given(st.data())
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
def test_mutated_json_bytes_agree_or_step_aside(data: st.DataObject) -> None:
    """Byte-level damage to canonical JSON (flips, cuts, copies): same plan, or the careful way."""
    _agrees(data.draw(mutations(SOURCES["json"])))


def test_a_class_that_cannot_be_built_slot_by_slot_goes_through_init(
    examples: dict[str, ServicePlan], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The builder keeps a keyword ``__init__`` route for a model class with, say, a converter."""
    monkeypatch.setattr(_fast, "_slot_by_slot", lambda cls: False)
    compiler = _fast._Compiler()
    struct = compiler.root("service_plan", ServicePlan)
    build = compiler.namespace[compiler.builder(ServicePlan)]
    for name, plan in examples.items():
        assert build(msgspec.convert(unstructure(plan), struct, strict=True)) == plan, name
