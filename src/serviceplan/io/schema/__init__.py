"""The JSON Schema of the canonical format, generated from the model.

The schema ships in the package (``serviceplan/schema/serviceplan.schema.json``)
so applications in other languages can validate plan files; a test proves the
shipped file is what the model generates today. Regenerate it with
``python -m serviceplan schema --write``.
"""

from __future__ import annotations

import enum
import json
import types
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any, Union, get_args, get_origin

import attrs

__all__ = ["generate_schema", "json_schema"]

SCHEMA_FILE = "serviceplan.schema.json"

_TEXT_TYPES: dict[str, tuple[dict[str, Any], str]] = {
    # class name: (JSON type, description)
    "Money": ({"type": ["string", "integer"]}, "Pounds as written: '£100K', '£250,000', '-340000', '7,969 (£000)'."),
    "FinancialYear": ({"type": "string"}, "A financial year: '2010/11', '2010-11', '2009/ 20010'."),
    "Quarter": ({"type": "string"}, "A quarter: '2010/11 Q1', 'Quarter 1 (June 2010)'."),
    "Period": ({"type": "string"}, "A financial year, quarter or month: '2008/09', '2010/11 Q1', 'June 2010'."),
    "Deadline": ({"type": "string"}, "A deadline as written: 'March 2011', 'Ph 1 – March 2009 Ph 2 – March 2010'."),
    "IndicatorValue": (
        {"type": ["string", "integer"]},
        "A target or actual as printed: '21 days', '98.70%', '5% reduction from 31/03/08'.",
    ),
}


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        inner = (
            _type_schema(options[0], defs) if len(options) == 1 else {"anyOf": [_type_schema(a, defs) for a in options]}
        )
        return {"anyOf": [inner, {"type": "null"}]}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(get_args(tp)[0], defs)}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is Decimal:
        return {"type": ["string", "integer"], "pattern": r"^-?\d+(\.\d+)?$"}
    if tp is date:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [m.value for m in tp]}
    if isinstance(tp, type) and tp.__name__ in _TEXT_TYPES:
        base, description = _TEXT_TYPES[tp.__name__]
        return {**base, "description": description}
    if isinstance(tp, type) and attrs.has(tp):
        _define(tp, defs)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    raise TypeError(f"no JSON Schema for {tp!r}")  # pragma: no cover - a new field type needs a rule here


def _define(cls: type, defs: dict[str, Any]) -> None:
    if cls.__name__ in defs:
        return
    defs[cls.__name__] = {}  # placeholder against recursion
    attrs.resolve_types(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        properties[field.name] = _type_schema(field.type, defs)
        if field.default is attrs.NOTHING:
            required.append(field.name)
    definition: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    if doc:
        definition["description"] = " ".join(doc.split())
    if required:
        definition["required"] = required
    defs[cls.__name__] = definition


def generate_schema() -> dict[str, Any]:
    """Build the JSON Schema of the canonical format from the model classes."""
    from serviceplan.io.converter import FORMAT_VERSION
    from serviceplan.model import PlanSet, ServicePlan

    defs: dict[str, Any] = {}
    _define(ServicePlan, defs)
    _define(PlanSet, defs)
    header = {"format_version": {"const": FORMAT_VERSION}}

    def document(name: str, kind: str, kind_required: bool) -> dict[str, Any]:
        body = defs[name]
        return {
            "type": "object",
            "properties": {**header, "kind": {"const": kind}, **body["properties"]},
            "required": ["format_version", *(["kind"] if kind_required else []), *body.get("required", [])],
            "additionalProperties": False,
        }

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://serviceplan.readthedocs.io/schema/serviceplan.schema.json",
        "title": f"serviceplan canonical format, version {FORMAT_VERSION}",
        "description": "A UK council service plan (or a set of plans) in serviceplan's canonical plain-data form.",
        "oneOf": [document("ServicePlan", "service_plan", False), document("PlanSet", "plan_set", True)],
        "$defs": dict(sorted(defs.items())),
    }


@cache
def _shipped() -> str:
    return (resources.files("serviceplan.io.schema") / SCHEMA_FILE).read_text(encoding="utf-8")


def json_schema() -> dict[str, Any]:
    """The shipped JSON Schema of the canonical format, as a fresh dict.

    >>> schema = json_schema()
    >>> schema["$defs"]["Risk"]["required"]
    ['id', 'title']
    """
    result: dict[str, Any] = json.loads(_shipped())
    return result


def schema_text() -> str:
    """The schema as it is written to the shipped file."""
    return json.dumps(generate_schema(), indent=2, ensure_ascii=False) + "\n"
